from __future__ import annotations

import json

import pytest

from polystage_api import main as main_module
from polystage_api.config import ConfigError, Settings, load_settings


def test_defaults_suit_the_container() -> None:
    assert load_settings({}) == Settings(
        host="0.0.0.0", port=8000, db_path="/data/api.db", lease_ttl_seconds=30.0, max_attempts=3, log_level="info"
    )


def test_every_setting_can_be_overridden() -> None:
    settings = load_settings(
        {
            "API_HOST": "127.0.0.1",
            "API_PORT": "9000",
            "API_DB_PATH": "/tmp/x/api.db",
            "API_LEASE_TTL_SECONDS": "2.5",
            "API_MAX_ATTEMPTS": "5",
            "API_LOG_LEVEL": "DEBUG",
        }
    )
    assert settings == Settings("127.0.0.1", 9000, "/tmp/x/api.db", 2.5, 5, "debug")


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"API_PORT": "http"}, "API_PORT must be an integer between 1 and 65535, got 'http'"),
        ({"API_PORT": "0"}, "API_PORT must be between 1 and 65535, got 0"),
        ({"API_PORT": "70000"}, "API_PORT must be between 1 and 65535, got 70000"),
        (
            {"API_LEASE_TTL_SECONDS": "soon"},
            "API_LEASE_TTL_SECONDS must be a number of seconds between 1 and 86400, got 'soon'",
        ),
        ({"API_LEASE_TTL_SECONDS": "0.5"}, "API_LEASE_TTL_SECONDS must be between 1 and 86400 seconds, got 0.5"),
        ({"API_MAX_ATTEMPTS": "0"}, "API_MAX_ATTEMPTS must be between 1 and 100, got 0"),
        ({"API_DB_PATH": "data/api.db"}, "API_DB_PATH must be an absolute path, got 'data/api.db'"),
        ({"API_DB_PATH": " "}, "API_DB_PATH must not be empty"),
        ({"API_LOG_LEVEL": "loud"}, "API_LOG_LEVEL must be one of debug, info, warning, error, critical, got 'loud'"),
    ],
)
def test_invalid_values_are_rejected_with_a_clear_message(env: dict, says: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(env)
    assert raised.value.problems == [says]


def test_all_problems_are_reported_at_once() -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({"API_PORT": "x", "API_LOG_LEVEL": "loud", "API_DB_PATH": "rel"})
    assert len(raised.value.problems) == 3


def test_main_refuses_to_start_on_bad_config_with_a_json_error(monkeypatch, capsys) -> None:
    monkeypatch.setenv("API_PORT", "not-a-port")
    assert main_module.main() == 2
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["level"] == "error"
    assert "API_PORT must be an integer" in line["message"]
    assert line["problems"] == ["API_PORT must be an integer between 1 and 65535, got 'not-a-port'"]


def test_main_exits_1_when_the_database_cannot_be_opened(monkeypatch, capsys, tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    # The database directory would have to be created inside a regular file.
    monkeypatch.setenv("API_DB_PATH", str(blocker / "api.db"))
    assert main_module.main() == 1
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["message"].startswith(f"cannot open database {blocker / 'api.db'}")
