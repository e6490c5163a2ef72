from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from polystage_api.models import MAX_TEXT_CHARS

from .support import new_job


def test_create_returns_the_pending_job_and_its_location(client: TestClient) -> None:
    response = client.post("/jobs", json={"kind": "text-stats", "input": {"text": "one two"}})
    assert response.status_code == 201
    job = response.json()
    assert response.headers["location"] == f"/jobs/{job['id']}"
    assert job["kind"] == "text-stats"
    assert job["input"] == {"text": "one two"}
    assert job["status"] == "pending"
    assert job["attempts"] == 0
    assert job["created_at"] == job["updated_at"]
    assert job["created_at"].endswith("Z")  # ISO 8601, UTC: what reports parse
    assert job["started_at"] is None and job["finished_at"] is None
    assert job["result"] is None and job["error"] is None


def test_get_returns_the_created_job(client: TestClient) -> None:
    job = new_job(client)
    response = client.get(f"/jobs/{job['id']}")
    assert response.status_code == 200
    assert response.json() == job


def test_get_unknown_job_is_404_naming_the_id(client: TestClient) -> None:
    response = client.get("/jobs/no-such-job")
    assert response.status_code == 404
    assert response.json() == {"detail": "job 'no-such-job' does not exist"}


@pytest.mark.parametrize(
    ("body", "where", "says"),
    [
        ({"kind": "resize-image", "input": {"text": "x"}}, "body.kind", "'text-stats'"),
        ({"kind": "text-stats", "input": {"text": ""}}, "body.input.text", "at least 1 character"),
        (
            {"kind": "text-stats", "input": {"text": "x" * (MAX_TEXT_CHARS + 1)}},
            "body.input.text",
            f"at most {MAX_TEXT_CHARS}",
        ),
        ({"kind": "text-stats", "input": {"text": 42}}, "body.input.text", "valid string"),
        ({"kind": "text-stats"}, "body.input", "Field required"),
        ({"kind": "text-stats", "input": {"text": "x", "lang": "en"}}, "body.input.lang", "Extra inputs"),
    ],
    ids=["unknown-kind", "empty-text", "text-too-long", "text-not-string", "missing-input", "unknown-field"],
)
def test_create_rejects_bad_input_with_a_message_naming_the_field(
    client: TestClient, body: dict, where: str, says: str
) -> None:
    response = client.post("/jobs", json=body)
    assert response.status_code == 422
    error = response.json()
    assert f"{where}: " in error["message"]
    assert says in error["message"]
    # The offending input is not echoed back (it may be 100k characters).
    assert all("input" not in problem for problem in error["detail"])


def test_create_accepts_text_at_the_size_limit(client: TestClient) -> None:
    job = new_job(client, text="x" * MAX_TEXT_CHARS)
    assert len(job["input"]["text"]) == MAX_TEXT_CHARS


def test_create_rejects_an_oversized_body_with_413(client: TestClient) -> None:
    huge = "x" * (2 * 1024 * 1024)
    response = client.post(
        "/jobs",
        content=f'{{"kind":"text-stats","input":{{"text":"{huge}"}}}}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413


def test_create_rejects_malformed_json(client: TestClient) -> None:
    response = client.post("/jobs", content="{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "JSON" in response.json()["message"]
