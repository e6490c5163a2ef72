from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from polystage_api.models import MAX_RESULT_BYTES

from .support import AS_WORKER, LEASE_TTL_SECONDS, FakeClock, lease, new_job, post_result


def test_lease_holder_records_success(client: TestClient, clock: FakeClock) -> None:
    new_job(client)
    granted = lease(client)
    clock.advance(2.5)
    response = post_result(
        client, granted["job"]["id"], status="succeeded", lease_token=granted["lease_token"], result={"words": 2}
    )
    assert response.status_code == 200
    job = response.json()
    assert job["status"] == "succeeded"
    assert job["result"] == {"words": 2}
    assert job["error"] is None
    assert job["lease_expires_at"] is None
    assert job["finished_at"] == job["updated_at"]
    assert client.get(f"/jobs/{job['id']}").json() == job


def test_lease_holder_records_failure(client: TestClient) -> None:
    new_job(client)
    granted = lease(client)
    response = post_result(
        client, granted["job"]["id"], status="failed", lease_token=granted["lease_token"], error="input was binary"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "failed"
    assert response.json()["error"] == "input was binary"
    assert response.json()["result"] is None


def test_wrong_token_is_409_and_changes_nothing(client: TestClient) -> None:
    new_job(client)
    granted = lease(client)
    job_id = granted["job"]["id"]
    response = post_result(client, job_id, status="succeeded", lease_token="not-the-token", result={})
    assert response.status_code == 409
    assert "does not match" in response.json()["detail"]
    assert client.get(f"/jobs/{job_id}").json()["status"] == "leased"


def test_result_for_a_pending_job_is_409(client: TestClient) -> None:
    job = new_job(client)
    response = post_result(client, job["id"], status="succeeded", lease_token="anything", result={})
    assert response.status_code == 409
    assert "is pending, not leased" in response.json()["detail"]


def test_second_result_for_a_finished_job_is_409(client: TestClient) -> None:
    new_job(client)
    granted = lease(client)
    job_id, token = granted["job"]["id"], granted["lease_token"]
    assert post_result(client, job_id, status="succeeded", lease_token=token, result={"n": 1}).status_code == 200
    again = post_result(client, job_id, status="failed", lease_token=token, error="late")
    assert again.status_code == 409
    assert client.get(f"/jobs/{job_id}").json()["result"] == {"n": 1}


def test_result_after_the_lease_expired_is_409(client: TestClient, clock: FakeClock) -> None:
    new_job(client)
    granted = lease(client)
    clock.advance(LEASE_TTL_SECONDS)
    response = post_result(
        client, granted["job"]["id"], status="succeeded", lease_token=granted["lease_token"], result={}
    )
    assert response.status_code == 409
    assert "expired" in response.json()["detail"]


def test_previous_holder_cannot_post_after_the_job_was_leased_again(client: TestClient, clock: FakeClock) -> None:
    new_job(client)
    stale = lease(client, "worker-slow")
    clock.advance(LEASE_TTL_SECONDS)
    current = lease(client, "worker-2")
    job_id = current["job"]["id"]

    from_stale = post_result(client, job_id, status="succeeded", lease_token=stale["lease_token"], result={})
    from_current = post_result(client, job_id, status="succeeded", lease_token=current["lease_token"], result={})
    assert (from_stale.status_code, from_current.status_code) == (409, 200)


def test_result_for_an_unknown_job_is_404(client: TestClient) -> None:
    response = post_result(client, "missing", status="succeeded", lease_token="t", result={})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"status": "succeeded", "lease_token": "t"}, "body.succeeded.result: Field required"),
        ({"status": "failed", "lease_token": "t"}, "body.failed.error: Field required"),
        ({"status": "succeeded", "lease_token": "t", "result": {}, "error": "x"}, "body.succeeded.error: Extra inputs"),
        ({"status": "done", "lease_token": "t"}, "body: Input tag 'done'"),
        ({"status": "succeeded", "result": {}}, "body.succeeded.lease_token: Field required"),
        ({"status": "failed", "lease_token": "t", "error": ""}, "body.failed.error: String should have at least 1"),
        (
            {"status": "succeeded", "lease_token": "t", "result": {"blob": "x" * MAX_RESULT_BYTES}},
            f"at most {MAX_RESULT_BYTES} are stored",
        ),
    ],
    ids=["no-result", "no-error", "both", "unknown-status", "no-token", "empty-error", "result-too-big"],
)
def test_bad_result_bodies_are_422(client: TestClient, body: dict, says: str) -> None:
    new_job(client)
    granted = lease(client)
    response = client.post(f"/internal/jobs/{granted['job']['id']}/result", json=body, headers=AS_WORKER)
    assert response.status_code == 422
    assert says in response.json()["message"]
