"""The worker routes refuse anyone without the worker credential."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from polystage_api.app import create_app
from polystage_api.config import load_settings
from polystage_api.db.store import JobStore

from .support import AS_WORKER, WORKER_TOKEN, new_job

WORKER_ROUTES = [
    ("/internal/jobs/lease", {"worker_id": "w-1"}),
    ("/internal/jobs/some-job/result", {"status": "failed", "lease_token": "t", "error": "x"}),
]


@pytest.mark.parametrize(("path", "body"), WORKER_ROUTES, ids=["lease", "result"])
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": f"Bearer {WORKER_TOKEN}x"},
        {"Authorization": f"Bearer {WORKER_TOKEN[:-1]}"},
        {"Authorization": f"Basic {WORKER_TOKEN}"},
        {"Authorization": "Bearer"},
    ],
    ids=["missing", "wrong", "prefix-of-the-token", "not-bearer", "empty-bearer"],
)
def test_worker_routes_refuse_without_the_token(client: TestClient, path: str, body: dict, headers: dict) -> None:
    job = new_job(client)
    response = client.post(path, json=body, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "worker" in response.json()["detail"]
    # The offered token is never echoed back.
    assert WORKER_TOKEN not in response.text
    # And the refused call changed nothing.
    assert client.get(f"/jobs/{job['id']}").json()["status"] == "pending"


def test_the_token_lets_a_worker_lease(client: TestClient) -> None:
    new_job(client)
    assert client.post("/internal/jobs/lease", json={"worker_id": "w-1"}, headers=AS_WORKER).status_code == 200


def test_stats_need_no_token(client: TestClient) -> None:
    assert client.get("/internal/jobs/stats").status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/jobs/lease"), ("POST", "/jobs/some-job/result"), ("GET", "/jobs/stats")],
)
def test_the_old_worker_paths_are_gone(client: TestClient, method: str, path: str) -> None:
    # /jobs/stats is now just a job id that does not exist; the POSTs match no route.
    assert client.request(method, path, json={"worker_id": "w-1"}, headers=AS_WORKER).status_code in (404, 405)


@pytest.fixture
def rotating_client(tmp_path: Path, store: JobStore) -> Iterator[TestClient]:
    """An api whose token file lists the old token and, on its second line, the new one."""
    token_file = tmp_path / "worker-tokens"
    token_file.write_text(f"# old, remove once every worker has the new one\n{'o' * 40}\n{'n' * 40}\n")
    settings = load_settings({"API_WORKER_TOKEN_FILE": str(token_file)})
    with TestClient(create_app(store, settings)) as client:
        yield client


@pytest.mark.parametrize("token", ["o" * 40, "n" * 40], ids=["first-line", "second-line"])
def test_every_token_in_the_file_is_accepted_during_a_rotation(rotating_client: TestClient, token: str) -> None:
    response = rotating_client.post(
        "/internal/jobs/lease", json={"worker_id": "w-1"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 204


def test_a_token_not_in_the_file_is_refused(rotating_client: TestClient) -> None:
    response = rotating_client.post(
        "/internal/jobs/lease", json={"worker_id": "w-1"}, headers={"Authorization": f"Bearer {'x' * 40}"}
    )
    assert response.status_code == 401
