"""Builds the FastAPI application around an already-opened job store."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI

from polystage_api import __version__
from polystage_api.access_log import AccessLogMiddleware
from polystage_api.body_limit import BodyLimitMiddleware
from polystage_api.config import Settings
from polystage_api.db.store import JobStore
from polystage_api.errors import install_error_handlers
from polystage_api.retention import RetentionSweeper, sweep_interval
from polystage_api.routes import health, internal, jobs


def create_app(store: JobStore, settings: Settings) -> FastAPI:
    sweeper = RetentionSweeper(store, sweep_interval(store.retention_seconds))

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(sweeper.run(), name="retention-sweep")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    app = FastAPI(
        title="polystage api",
        version=__version__,
        description=(
            "Jobs hub: clients create, list and read jobs; workers lease and complete them under /internal"
            " (worker credential); reports read stats."
        ),
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.worker_tokens = settings.worker_tokens
    app.state.sweeper = sweeper
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(jobs.router)
    app.include_router(internal.router)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(AccessLogMiddleware)  # outermost: every answer is logged, a 413 too
    return app
