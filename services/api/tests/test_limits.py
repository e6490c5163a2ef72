"""Limits at the api's edge: summaries in lists, body size, queue length, retention, no 5xx on odd input."""

from __future__ import annotations

import asyncio
import json
import os
import stat
from pathlib import Path

import pytest
from fastapi.exceptions import RequestValidationError
from fastapi.testclient import TestClient
from starlette.exceptions import HTTPException

from polystage_api.app import create_app
from polystage_api.config import Settings
from polystage_api.db.store import JobStore
from polystage_api.errors import http_error_handler, validation_error_handler
from polystage_api.retention import MAX_SWEEP_INTERVAL_SECONDS, RetentionSweeper, sweep_interval

from .support import AS_WORKER, MAX_QUEUED_JOBS, RETENTION_SECONDS, FakeClock, lease, new_job, post_result

# The cursor that once gave a 500 (the old base64 format of "v1:9999999999999999999", past SQLite's
# 64-bit INTEGER range), and the same number in today's format: both must be refused with a 422.
OVERFLOW_CURSOR = "djE6OTk5OTk5OTk5OTk5OTk5OTk5OQ"
OVERFLOW_CURSOR_V1 = "v1.9999999999999999999"

# -- lists carry summaries ------------------------------------------------------


def test_list_items_are_summaries_without_input_result_or_lease(client: TestClient) -> None:
    new_job(client, "short text")
    item = client.get("/jobs").json()["items"][0]
    assert set(item) == {
        "id",
        "kind",
        "status",
        "attempts",
        "created_at",
        "updated_at",
        "started_at",
        "finished_at",
        "input_preview",
    }
    assert item["input_preview"] == "short text"


def test_input_preview_is_cut_at_80_characters_with_an_ellipsis(client: TestClient) -> None:
    new_job(client, "é" * 80)
    new_job(client, "x" * 81)
    longer, exact = client.get("/jobs").json()["items"]
    assert exact["input_preview"] == "é" * 80
    assert longer["input_preview"] == "x" * 79 + "…"
    assert len(longer["input_preview"]) == 80


def test_a_page_of_the_largest_jobs_stays_small(client: TestClient) -> None:
    for _ in range(20):
        new_job(client, "w " * 50_000)
    response = client.get("/jobs", params={"limit": 20})
    assert len(response.json()["items"]) == 20
    # 20 full inputs would be 2 MB; the summaries are a few hundred bytes each.
    assert len(response.content) < 20 * 500


@pytest.mark.parametrize("cursor", [OVERFLOW_CURSOR, OVERFLOW_CURSOR_V1], ids=["old-format", "v1"])
def test_a_cursor_past_sqlites_integer_range_is_422(client: TestClient, cursor: str) -> None:
    response = client.get("/jobs", params={"cursor": cursor})
    assert response.status_code == 422
    assert response.json()["message"].startswith("query.cursor: ")


# -- no 5xx on odd input ----------------------------------------------------------

LONE_SURROGATE = '"\\udad9"'  # JSON text for a string holding only U+DAD9, which UTF-8 cannot encode


def raw_post(client: TestClient, path: str, text: str, **headers: str):
    return client.post(path, content=text.encode(), headers={"content-type": "application/json", **headers})


def test_a_result_holding_a_lone_surrogate_is_422_and_not_stored(client: TestClient) -> None:
    new_job(client)
    granted = lease(client)
    job_id = granted["job"]["id"]
    body = f'{{"status":"succeeded","lease_token":"{granted["lease_token"]}","result":{{"x":{LONE_SURROGATE}}}}}'
    response = raw_post(client, f"/internal/jobs/{job_id}/result", body, **AS_WORKER)
    assert response.status_code == 422
    assert "lone surrogate" in response.json()["message"]
    assert client.get(f"/jobs/{job_id}").json()["status"] == "leased"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/jobs", f'{{"kind":"text-stats","input":{{"text":{LONE_SURROGATE}}}}}'),
        ("/jobs", f'{{"kind":{LONE_SURROGATE},"input":{{"text":"x"}}}}'),
        ("/jobs", f'{{"kind":"text-stats","input":{{"text":"x"}},{LONE_SURROGATE}:1}}'),
        ("/internal/jobs/j/result", f'{{"status":{LONE_SURROGATE},"lease_token":"t"}}'),
        ("/internal/jobs/lease", f'{{"worker_id":{LONE_SURROGATE}}}'),
    ],
    ids=["create-text", "create-kind", "create-extra-key", "result-status-tag", "lease-worker-id"],
)
def test_lone_surrogates_anywhere_in_a_body_are_4xx(client: TestClient, path: str, body: str) -> None:
    response = raw_post(client, path, body, **AS_WORKER)
    assert response.status_code == 422
    # The error body itself is valid UTF-8 JSON even when it quotes the input.
    json.loads(response.content.decode("utf-8"))


def test_a_body_that_is_not_utf8_is_a_documented_400(client: TestClient) -> None:
    response = client.post("/jobs", content=b'{"kind":"\xff"}', headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "400" in client.get("/openapi.json").json()["paths"]["/jobs"]["post"]["responses"]


# -- body size ----------------------------------------------------------------------


@pytest.fixture
def small_body_client(store: JobStore, settings: Settings):
    with TestClient(create_app(store, Settings(worker_tokens=settings.worker_tokens, max_body_bytes=2048))) as client:
        yield client


def test_a_body_over_the_limit_is_413_by_content_length(small_body_client: TestClient) -> None:
    body = json.dumps({"kind": "text-stats", "input": {"text": "x" * 4096}})
    response = raw_post(small_body_client, "/jobs", body)
    assert response.status_code == 413
    assert response.json() == {"detail": "the request body is larger than 2048 bytes (API_MAX_BODY_BYTES)"}


def test_a_streamed_body_over_the_limit_is_413_too(small_body_client: TestClient) -> None:
    def chunks():
        yield b'{"kind":"text-stats","input":{"text":"'
        for _ in range(8):
            yield b"x" * 512
        yield b'"}}'

    # A generator is sent chunked, without Content-Length: only counting the bytes catches it.
    response = small_body_client.post("/jobs", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert "API_MAX_BODY_BYTES" in response.json()["detail"]


def test_a_body_under_the_limit_is_accepted(small_body_client: TestClient) -> None:
    assert new_job(small_body_client, "x" * 1024)["status"] == "pending"


# -- queue length ---------------------------------------------------------------------


def test_create_is_503_with_retry_after_once_the_queue_is_full(client: TestClient) -> None:
    for n in range(MAX_QUEUED_JOBS):
        new_job(client, f"job {n}")
    response = client.post("/jobs", json={"kind": "text-stats", "input": {"text": "one too many"}})
    assert response.status_code == 503
    assert int(response.headers["retry-after"]) > 0
    assert f"{MAX_QUEUED_JOBS} jobs are already pending" in response.json()["detail"]
    # Leasing one frees a slot: only pending jobs count.
    lease(client)
    assert new_job(client, "fits again")["status"] == "pending"


# -- retention ----------------------------------------------------------------------


def finish(client: TestClient, outcome: str = "succeeded") -> str:
    granted = lease(client)
    body = {"result": {}} if outcome == "succeeded" else {"error": "x"}
    post_result(client, granted["job"]["id"], status=outcome, lease_token=granted["lease_token"], **body)
    return granted["job"]["id"]


def test_sweep_deletes_finished_jobs_past_retention_and_nothing_else(
    client: TestClient, store: JobStore, clock: FakeClock
) -> None:
    old_ok, old_failed = new_job(client, "old ok"), new_job(client, "old failed")
    finish(client, "succeeded")
    finish(client, "failed")
    clock.advance(RETENTION_SECONDS - 1)
    young = new_job(client, "finished later")
    finish(client)
    stale_pending, stale_leased = new_job(client, "pending"), new_job(client, "leased")
    lease(client)

    assert store.sweep_finished() == 0  # nothing is past retention yet
    clock.advance(2)
    assert store.sweep_finished() == 2
    for gone in (old_ok, old_failed):
        assert client.get(f"/jobs/{gone['id']}").status_code == 404
    # Pending and leased jobs stay whatever their age; so does a job finished within retention.
    clock.advance(100 * RETENTION_SECONDS)
    store.sweep_finished()
    statuses = {client.get(f"/jobs/{j['id']}").json()["status"] for j in (stale_pending, stale_leased)}
    assert statuses == {"pending", "leased"}
    assert client.get(f"/jobs/{young['id']}").status_code == 404  # now it is old too


def test_sweep_deletes_in_batches_until_done(store: JobStore, clock: FakeClock, monkeypatch) -> None:
    monkeypatch.setattr("polystage_api.db.store.SWEEP_BATCH", 3)
    for n in range(7):
        store.create("text-stats", {"text": f"job {n}"})
    while (granted := store.lease("w")) is not None:
        store.complete(granted.job.id, granted.token, result={})
    clock.advance(RETENTION_SECONDS + 1)
    assert store.sweep_finished() == 7


def test_sweeper_runs_at_start_and_then_every_interval(store: JobStore, clock: FakeClock) -> None:
    for n in range(2):
        store.create("text-stats", {"text": f"job {n}"})
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        # Instead of waiting: finish a job and move the clock past retention, then stop after two rounds.
        waits.append(seconds)
        if len(waits) == 3:
            raise asyncio.CancelledError
        granted = store.lease("w")
        store.complete(granted.job.id, granted.token, result={})
        clock.advance(RETENTION_SECONDS + 1)

    sweeper = RetentionSweeper(store, interval_seconds=42.0, sleep=fake_sleep)
    swept: list[int] = []
    original = sweeper.sweep_once
    sweeper.sweep_once = lambda: swept.append(original()) or swept[-1]
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(sweeper.run())
    assert waits == [42.0, 42.0, 42.0]
    assert swept == [0, 1, 1]


def test_sweep_interval_is_at_most_an_hour() -> None:
    assert sweep_interval(7 * 86400) == MAX_SWEEP_INTERVAL_SECONDS
    assert sweep_interval(120) == 120


# -- arbitrary uids: what the api creates is group-writable -------------------------------


def test_database_files_are_group_writable_for_the_next_uid(tmp_path: Path, clock: FakeClock) -> None:
    old_umask = os.umask(0o022)  # a restrictive umask must not matter
    try:
        store = JobStore(str(tmp_path / "data" / "api.db"), clock=clock, lease_ttl_seconds=30, max_attempts=3)
        store.initialize()
        # The -wal and -shm files exist while a connection is open (the last close removes them).
        with store._connect() as conn:
            conn.execute(
                "INSERT INTO jobs (id, kind, input_preview, input, status, created_at, updated_at)"
                " VALUES ('j', 'k', '{}', '{}', 'pending', 0, 0)"
            )
            modes = {
                name: stat.S_IMODE((tmp_path / "data" / name).stat().st_mode)
                for name in ("api.db", "api.db-wal", "api.db-shm")
            }
    finally:
        os.umask(old_umask)
    assert all(mode & 0o060 == 0o060 for mode in modes.values()), {k: oct(v) for k, v in modes.items()}


def test_an_existing_database_we_own_is_made_group_writable(tmp_path: Path, clock: FakeClock) -> None:
    db = tmp_path / "api.db"
    db.touch(mode=0o600)
    db.chmod(0o600)
    JobStore(str(db), clock=clock, lease_ttl_seconds=30, max_attempts=3).initialize()
    assert stat.S_IMODE(db.stat().st_mode) == 0o660


def test_error_bodies_stay_valid_utf8_whatever_they_quote() -> None:
    # Defence in depth: no route quotes a lone surrogate today (the body check above comes first),
    # but a handler that did would turn a 4xx into a 500 while encoding the answer.
    exc = RequestValidationError([{"type": "extra_forbidden", "loc": ("body", "\udad9"), "msg": "bad \udad9"}])
    validation = asyncio.run(validation_error_handler(None, exc))  # type: ignore[arg-type]
    http = asyncio.run(http_error_handler(None, HTTPException(404, detail="job '\udad9' does not exist")))  # type: ignore[arg-type]
    assert json.loads(validation.body)["message"] == "body.?: bad ?"
    assert json.loads(http.body) == {"detail": "job '?' does not exist"}
