from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from polystage_api.db.store import JobStore

from .support import FakeClock, lease, new_job, post_result

EMPTY_DURATION = {"count": 0, "avg": None, "min": None, "max": None}


def test_stats_of_an_empty_store_are_zero(client: TestClient) -> None:
    stats = client.get("/internal/jobs/stats").json()
    assert stats["overall"] == {
        "total": 0,
        "by_status": {"pending": 0, "leased": 0, "succeeded": 0, "failed": 0},
        "wait_seconds": EMPTY_DURATION,
        "run_seconds": EMPTY_DURATION,
    }
    assert stats["by_kind"] == {}


def test_stats_count_statuses_and_measure_wait_and_run_times(client: TestClient, clock: FakeClock) -> None:
    for n in range(4):
        new_job(client, f"job {n}")
    clock.advance(2)
    ok = lease(client)  # waited 2 s
    clock.advance(3)
    post_result(client, ok["job"]["id"], status="succeeded", lease_token=ok["lease_token"], result={})
    bad = lease(client)  # waited 5 s
    clock.advance(1)
    post_result(client, bad["job"]["id"], status="failed", lease_token=bad["lease_token"], error="x")
    lease(client)  # waited 6 s, still running

    stats = client.get("/internal/jobs/stats").json()
    overall = stats["overall"]
    assert overall["total"] == 4
    assert overall["by_status"] == {"pending": 1, "leased": 1, "succeeded": 1, "failed": 1}
    assert overall["wait_seconds"] == {"count": 3, "avg": pytest.approx(13 / 3), "min": 2, "max": 6}
    assert overall["run_seconds"] == {"count": 2, "avg": 2, "min": 1, "max": 3}
    assert stats["by_kind"] == {"text-stats": overall}


def test_stats_are_split_by_kind(store: JobStore, client: TestClient) -> None:
    # Only text-stats can be created over HTTP today; the store already
    # aggregates any kind, which is what reports rely on.
    store.create("text-stats", {"text": "a"})
    store.create("future-kind", {})
    by_kind = client.get("/internal/jobs/stats").json()["by_kind"]
    assert sorted(by_kind) == ["future-kind", "text-stats"]
    assert by_kind["future-kind"]["total"] == 1
    assert by_kind["text-stats"]["by_status"]["pending"] == 1
