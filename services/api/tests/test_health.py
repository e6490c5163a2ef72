from __future__ import annotations

from fastapi.testclient import TestClient

from polystage_api.db.store import JobStore


def test_healthz_reports_ok_with_a_working_database(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unusable(client: TestClient, store: JobStore, tmp_path) -> None:
    # A directory where the database file should be cannot be opened.
    store.db_path = str(tmp_path)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
