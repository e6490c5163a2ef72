from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from .support import lease, new_job


def test_list_is_newest_first_with_an_empty_store_giving_an_empty_page(client: TestClient) -> None:
    assert client.get("/jobs").json() == {"items": [], "next_cursor": None}
    first, second = new_job(client, "first"), new_job(client, "second")
    ids = [job["id"] for job in client.get("/jobs").json()["items"]]
    assert ids == [second["id"], first["id"]]


def test_cursor_paging_visits_every_job_once_even_while_jobs_are_added(client: TestClient) -> None:
    created = [new_job(client, f"job {n}")["id"] for n in range(7)]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = client.get("/jobs", params=params).json()
        seen += [job["id"] for job in page["items"]]
        # New work arriving mid-walk must not shift or repeat older pages.
        new_job(client, "arrived during paging")
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(created))


def test_last_full_page_has_no_next_cursor(client: TestClient) -> None:
    for n in range(4):
        new_job(client, f"job {n}")
    first = client.get("/jobs", params={"limit": 2}).json()
    second = client.get("/jobs", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert len(second["items"]) == 2
    assert second["next_cursor"] is None


def test_list_filters_by_status(client: TestClient) -> None:
    new_job(client, "stays pending")
    leased_job = new_job(client, "gets leased")
    # Leasing takes the oldest, so lease twice after creating in order.
    lease(client)
    lease(client)
    statuses = {job["status"] for job in client.get("/jobs", params={"status": "leased"}).json()["items"]}
    assert statuses == {"leased"}
    assert client.get(f"/jobs/{leased_job['id']}").json()["status"] == "leased"
    assert client.get("/jobs", params={"status": "pending"}).json()["items"] == []


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"limit": 0}, "query.limit"),
        ({"limit": 101}, "query.limit"),
        ({"limit": "ten"}, "query.limit"),
        ({"cursor": "not-a-cursor"}, "query.cursor"),
        ({"cursor": "v1.x"}, "query.cursor"),
        ({"cursor": "v2.5"}, "query.cursor"),
        ({"status": "done"}, "query.status"),
    ],
    ids=[
        "limit-zero",
        "limit-too-big",
        "limit-not-int",
        "cursor-garbage",
        "cursor-not-a-seq",
        "cursor-other-version",
        "unknown-status",
    ],
)
def test_list_rejects_bad_query_parameters(client: TestClient, params: dict, where: str) -> None:
    response = client.get("/jobs", params=params)
    assert response.status_code == 422
    assert response.json()["message"].startswith(f"{where}: ")


@pytest.mark.parametrize(("cursor", "listed"), [("v1.0", 0), ("v1.2", 1), ("v1.999999999999999999", 3)])
def test_every_cursor_the_schema_allows_is_a_page(client: TestClient, cursor: str, listed: int) -> None:
    # The OpenAPI pattern is exact: whatever matches it pages from there, so a generated cursor is never refused.
    for n in range(3):
        client.post("/jobs", json={"kind": "text-stats", "input": {"text": f"job {n}"}})
    response = client.get("/jobs", params={"cursor": cursor})
    assert response.status_code == 200
    assert len(response.json()["items"]) == listed
