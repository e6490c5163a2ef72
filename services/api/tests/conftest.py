"""Shared fixtures: a store on a temporary SQLite file, driven by a fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from polystage_api.app import create_app
from polystage_api.config import Settings
from polystage_api.db.store import JobStore

from .support import LEASE_TTL_SECONDS, MAX_ATTEMPTS, MAX_QUEUED_JOBS, RETENTION_SECONDS, WORKER_TOKEN, FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> JobStore:
    job_store = JobStore(
        str(tmp_path / "data" / "api.db"),
        clock=clock,
        lease_ttl_seconds=LEASE_TTL_SECONDS,
        max_attempts=MAX_ATTEMPTS,
        max_queued_jobs=MAX_QUEUED_JOBS,
        retention_seconds=RETENTION_SECONDS,
    )
    job_store.initialize()
    return job_store


@pytest.fixture
def settings() -> Settings:
    return Settings(worker_tokens=(WORKER_TOKEN,))


@pytest.fixture
def client(store: JobStore, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(store, settings)) as test_client:
        yield test_client
