"""The dev stage's app factory: `uvicorn dev_app:create --factory --reload`.

uvicorn's reloader needs an import string, and polystage_api.main builds the
app around a store it opens itself, so this factory does the same steps
(settings from the environment, JSON logs, the store main's new_store makes)
and returns the app.
It runs in the dev image only (services/api/Dockerfile, stage `dev`); prod
starts `python -m polystage_api`.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI

from polystage_api.app import create_app
from polystage_api.config import load_settings
from polystage_api.logging_json import configure_logging
from polystage_api.main import new_store


def create() -> FastAPI:
    settings = load_settings()  # ConfigError names every bad variable, as in prod
    configure_logging(settings.log_level)
    # The app's AccessLogMiddleware logs every request; configure_logging re-enabled uvicorn's own
    # access logger, which `--no-access-log` had switched off (prod passes access_log=False).
    logging.getLogger("uvicorn.access").disabled = True
    store = new_store(settings)
    store.initialize()
    return create_app(store, settings)
