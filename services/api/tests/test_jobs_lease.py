from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from polystage_api.db.store import JobStore

from .support import AS_WORKER, LEASE_TTL_SECONDS, MAX_ATTEMPTS, FakeClock, lease, new_job


def test_lease_with_nothing_pending_is_204(client: TestClient) -> None:
    response = client.post("/internal/jobs/lease", json={"worker_id": "worker-1"}, headers=AS_WORKER)
    assert response.status_code == 204
    assert response.content == b""


def test_lease_takes_the_oldest_pending_job_and_marks_it_leased(client: TestClient, clock: FakeClock) -> None:
    oldest = new_job(client, "oldest")
    clock.advance(1)
    new_job(client, "newer")
    clock.advance(1)

    granted = lease(client, "worker-7")
    job = granted["job"]
    assert job["id"] == oldest["id"]
    assert job["status"] == "leased"
    assert job["attempts"] == 1
    assert job["worker_id"] == "worker-7"
    assert job["started_at"] == job["updated_at"] != job["created_at"]
    assert granted["lease_token"]
    assert granted["lease_expires_at"] == job["lease_expires_at"]
    # The token is a secret of the lease holder: reads never show it.
    assert "lease_token" not in client.get(f"/jobs/{job['id']}").json()


def test_a_live_lease_is_not_handed_out_again(client: TestClient, clock: FakeClock) -> None:
    new_job(client)
    assert lease(client, "worker-1") is not None
    clock.advance(LEASE_TTL_SECONDS - 0.001)
    assert lease(client, "worker-2") is None


def test_an_expired_lease_makes_the_job_leasable_again(client: TestClient, clock: FakeClock) -> None:
    job = new_job(client)
    first = lease(client, "worker-dies")
    clock.advance(LEASE_TTL_SECONDS)

    second = lease(client, "worker-2")
    assert second["job"]["id"] == job["id"]
    assert second["job"]["attempts"] == 2
    assert second["job"]["worker_id"] == "worker-2"
    assert second["lease_token"] != first["lease_token"]


def test_a_job_whose_lease_keeps_expiring_fails_after_max_attempts(client: TestClient, clock: FakeClock) -> None:
    job = new_job(client)
    for _ in range(MAX_ATTEMPTS):
        assert lease(client)["job"]["id"] == job["id"]
        clock.advance(LEASE_TTL_SECONDS)

    assert lease(client) is None
    failed = client.get(f"/jobs/{job['id']}").json()
    assert failed["status"] == "failed"
    assert failed["attempts"] == MAX_ATTEMPTS
    assert "lease expired" in failed["error"]
    assert failed["finished_at"] is not None


def test_concurrent_workers_never_lease_the_same_job(store: JobStore) -> None:
    for n in range(40):
        store.create("text-stats", {"text": f"job {n}"})

    def drain(worker: int) -> list[str]:
        leased = []
        while (granted := store.lease(f"worker-{worker}")) is not None:
            leased.append(granted.job.id)
        return leased

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(drain, range(8)))
    all_leased = [job_id for worker_jobs in results for job_id in worker_jobs]
    assert len(all_leased) == 40
    assert len(set(all_leased)) == 40


@pytest.mark.parametrize(
    "body",
    [{}, {"worker_id": ""}, {"worker_id": "has space"}, {"worker_id": "w" * 129}, {"worker_id": "w", "extra": 1}],
    ids=["missing", "empty", "space", "too-long", "unknown-field"],
)
def test_lease_rejects_bad_worker_ids(client: TestClient, body: dict) -> None:
    response = client.post("/internal/jobs/lease", json=body, headers=AS_WORKER)
    assert response.status_code == 422
    assert response.json()["message"].startswith("body")
