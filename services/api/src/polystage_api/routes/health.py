"""Health endpoint for container healthchecks, smoke tests and orchestrators."""

from __future__ import annotations

import logging
import sqlite3
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from polystage_api.db.store import JobStore
from polystage_api.routes.deps import get_store

router = APIRouter(tags=["health"])
log = logging.getLogger(__name__)

_HEALTH = {
    "type": "object",
    "properties": {"status": {"enum": ["ok", "unavailable"]}, "database": {"enum": ["ok", "error"]}},
    "required": ["status", "database"],
}


@router.get(
    "/healthz",
    summary="Liveness and database reachability",
    responses={
        200: {"description": "The database answers.", "content": {"application/json": {"schema": _HEALTH}}},
        503: {"description": "The database does not answer.", "content": {"application/json": {"schema": _HEALTH}}},
    },
)
def healthz(store: Annotated[JobStore, Depends(get_store)]) -> JSONResponse:
    # Answering without the database would report a service that cannot do
    # its one job as healthy.
    try:
        store.ping()
    except sqlite3.Error as err:
        log.error("health check failed: database unavailable", extra={"error": str(err)})
        return JSONResponse({"status": "unavailable", "database": "error"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})
