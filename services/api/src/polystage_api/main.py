"""Process entrypoint: validate config, open the database, serve until told to stop.

Exit codes: 0 after a requested stop (SIGTERM/SIGINT), 2 for invalid
configuration, 1 when the database cannot be opened.
"""

from __future__ import annotations

import logging
import os
import signal
import sqlite3

import uvicorn

from polystage_api.app import create_app
from polystage_api.clock import SystemClock
from polystage_api.config import ConfigError, Settings, load_settings
from polystage_api.db.store import JobStore
from polystage_api.logging_json import configure_logging

log = logging.getLogger("polystage_api")

# Longest wait for in-flight requests after SIGTERM; below Docker's 10 s
# default stop timeout so the process always exits on its own.
GRACEFUL_SHUTDOWN_SECONDS = 5


def _ignore_signal(signum: int, frame: object) -> None:
    """Handler uvicorn restores after its graceful shutdown.

    uvicorn re-raises the stop signal once it has shut down, which would end
    the process with 128+signum (143) whenever it is not PID 1. A stop we
    asked for and completed is a success, so the re-raised signal is dropped
    and the process exits 0 either way.
    """


def new_store(settings: Settings) -> JobStore:
    """The job store the settings describe, not opened yet (prod's main and the dev factory)."""
    # Whatever this process creates (the data directory) is group-writable, so
    # the next process, under another uid in the same group (OpenShift runs
    # images as an arbitrary uid in group 0), can write it too.
    os.umask(0o002)
    return JobStore(
        settings.db_path,
        clock=SystemClock(),
        lease_ttl_seconds=settings.lease_ttl_seconds,
        max_attempts=settings.max_attempts,
        max_queued_jobs=settings.max_queued_jobs,
        retention_seconds=settings.retention_seconds,
    )


def main() -> int:
    configure_logging("info")  # until the configured level is known
    try:
        settings = load_settings()
    except ConfigError as err:
        log.error("invalid configuration, not starting: %s", "; ".join(err.problems), extra={"problems": err.problems})
        return 2
    configure_logging(settings.log_level)
    store = new_store(settings)
    try:
        store.initialize()
    except (sqlite3.Error, OSError) as err:
        log.error(
            "cannot open database %s: %s (its directory must be writable by uid %d or group %d;"
            " in a container, mount a volume or tmpfs there)",
            settings.db_path,
            err,
            os.getuid(),
            os.getgid(),
            extra={"db_path": settings.db_path},
        )
        return 1
    log.info(
        "starting",
        extra={
            "port": settings.port,
            "db_path": settings.db_path,
            "lease_ttl_seconds": settings.lease_ttl_seconds,
            "max_attempts": settings.max_attempts,
            "worker_tokens": len(settings.worker_tokens),
            "max_body_bytes": settings.max_body_bytes,
            "max_queued_jobs": settings.max_queued_jobs,
            "retention_seconds": settings.retention_seconds,
        },
    )

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _ignore_signal)
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(store, settings),
            host=settings.host,
            port=settings.port,
            log_config=None,  # keep the JSON handlers configured above
            log_level=settings.log_level,
            access_log=False,  # AccessLogMiddleware writes richer lines
            server_header=False,
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        )
    )
    server.run()
    log.info("stopped")
    return 0 if server.started else 1
