from __future__ import annotations

import json
import logging

from fastapi.testclient import TestClient

from polystage_api.logging_json import JsonFormatter


def test_formatter_writes_one_json_object_with_extra_fields() -> None:
    record = logging.makeLogRecord(
        {"name": "polystage_api", "levelname": "WARNING", "msg": "lease %s expired", "args": ("abc",), "worker": "w1"}
    )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "warning"
    assert entry["logger"] == "polystage_api"
    assert entry["message"] == "lease abc expired"
    assert entry["worker"] == "w1"
    assert entry["ts"].endswith("+00:00")


def test_formatter_includes_tracebacks_on_the_same_line() -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.getLogger("t").makeRecord("t", logging.ERROR, __file__, 1, "failed", (), exc_info=True)
        import sys

        record.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(record))
    assert "RuntimeError: boom" in entry["exc"]


def test_every_request_gets_an_access_log_line(client: TestClient, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="polystage_api.access"):
        client.get("/jobs/missing")
    [record] = [r for r in caplog.records if r.name == "polystage_api.access"]
    assert (record.method, record.path, record.status) == ("GET", "/jobs/missing", 404)
    assert record.duration_ms >= 0
    assert json.loads(JsonFormatter().format(record))["status"] == 404
