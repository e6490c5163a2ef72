"""Dependencies shared by route modules."""

from __future__ import annotations

from fastapi import Request

from polystage_api.db.store import JobStore


def get_store(request: Request) -> JobStore:
    return request.app.state.store
