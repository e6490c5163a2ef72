"""The dev stage's app factory: `uvicorn dev_app:create --factory --reload`.

uvicorn's reloader needs an import string, and polystage_api.main builds the
app around a store it opens itself, so this factory does the same steps
(settings from the environment, JSON logs, the database) and returns the app.
It runs in the dev image only (services/api/Dockerfile, stage `dev`); prod
starts `python -m polystage_api`.
"""

from __future__ import annotations

import logging
import os

from fastapi import FastAPI

from polystage_api.app import create_app
from polystage_api.clock import SystemClock
from polystage_api.config import load_settings
from polystage_api.db.store import JobStore
from polystage_api.logging_json import configure_logging


def create() -> FastAPI:
    settings = load_settings()  # ConfigError names every bad variable, as in prod
    configure_logging(settings.log_level)
    # The app's AccessLogMiddleware logs every request; configure_logging re-enabled uvicorn's own
    # access logger, which `--no-access-log` had switched off (prod passes access_log=False).
    logging.getLogger("uvicorn.access").disabled = True
    os.umask(0o002)
    store = JobStore(
        settings.db_path,
        clock=SystemClock(),
        lease_ttl_seconds=settings.lease_ttl_seconds,
        max_attempts=settings.max_attempts,
        max_queued_jobs=settings.max_queued_jobs,
        retention_seconds=settings.retention_seconds,
    )
    store.initialize()
    return create_app(store, settings)
