"""Builds the FastAPI application around an already-opened job store."""

from __future__ import annotations

from fastapi import FastAPI

from polystage_api import __version__
from polystage_api.access_log import AccessLogMiddleware
from polystage_api.db.store import JobStore
from polystage_api.errors import install_error_handlers
from polystage_api.routes import health, jobs

# Largest request body accepted (413 beyond): a maximal text-stats job is
# 100k characters, at most 400 KB as UTF-8, plus JSON overhead.
MAX_BODY_BYTES = 1024 * 1024


def create_app(store: JobStore) -> FastAPI:
    app = FastAPI(
        title="polystage api",
        version=__version__,
        description="Jobs hub: clients create jobs, workers lease and complete them, reports read stats.",
        max_body_size=MAX_BODY_BYTES,
    )
    app.state.store = store
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(jobs.router)
    app.add_middleware(AccessLogMiddleware)
    return app
