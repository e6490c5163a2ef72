"""Test helpers: a controllable clock and short-hands for common API calls."""

from __future__ import annotations

from fastapi.testclient import TestClient

LEASE_TTL_SECONDS = 30.0
MAX_ATTEMPTS = 3
MAX_QUEUED_JOBS = 50
RETENTION_SECONDS = 3600.0
# The contract's test token (smoke specs and system tests use it too).
WORKER_TOKEN = "smoke-worker-token-0123456789abcdef0123"
AS_WORKER = {"Authorization": f"Bearer {WORKER_TOKEN}"}


class FakeClock:
    """A clock that only moves when a test says so."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.current = start

    def now(self) -> float:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += seconds


def new_job(client: TestClient, text: str = "hello world") -> dict:
    response = client.post("/jobs", json={"kind": "text-stats", "input": {"text": text}})
    assert response.status_code == 201, response.text
    return response.json()


def lease(client: TestClient, worker_id: str = "worker-1") -> dict | None:
    response = client.post("/internal/jobs/lease", json={"worker_id": worker_id}, headers=AS_WORKER)
    if response.status_code == 204:
        return None
    assert response.status_code == 200, response.text
    return response.json()


def post_result(client: TestClient, job_id: str, **body):
    return client.post(f"/internal/jobs/{job_id}/result", json=body, headers=AS_WORKER)
