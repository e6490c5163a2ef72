"""Periodic deletion of finished jobs older than API_RETENTION_SECONDS.

Without it every job ever created stays in the database and the volume fills
up. Pending and leased jobs are never deleted (see JobStore.sweep_finished).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Awaitable, Callable

from polystage_api.db.store import JobStore

log = logging.getLogger(__name__)

# Sweep at least hourly: a job then outlives its retention by an hour at most.
MAX_SWEEP_INTERVAL_SECONDS = 3600.0


def sweep_interval(retention_seconds: float) -> float:
    return min(MAX_SWEEP_INTERVAL_SECONDS, retention_seconds)


class RetentionSweeper:
    def __init__(
        self,
        store: JobStore,
        interval_seconds: float,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.store = store
        self.interval_seconds = interval_seconds
        self._sleep = sleep  # injectable: tests drive the loop without waiting

    def sweep_once(self) -> int:
        try:
            deleted = self.store.sweep_finished()
        except sqlite3.Error as err:
            # A busy or broken database must not end the loop; the next round retries.
            log.error("retention sweep failed: %s", err, extra={"error": str(err)})
            return 0
        if deleted:
            log.info(
                "retention sweep deleted %d finished job(s)",
                deleted,
                extra={"deleted": deleted, "retention_seconds": self.store.retention_seconds},
            )
        return deleted

    async def run(self) -> None:
        """Sweep now, then every interval, until cancelled."""
        while True:
            await asyncio.to_thread(self.sweep_once)
            await self._sleep(self.interval_seconds)
