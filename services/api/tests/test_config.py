from __future__ import annotations

import json

import pytest

from polystage_api import main as main_module
from polystage_api.config import ConfigError, Settings, load_settings

TOKEN = "t" * 32
OTHER_TOKEN = "o" * 40
# The one variable without a default: the worker credential.
REQUIRED = {"API_WORKER_TOKEN": TOKEN}


def test_defaults_suit_the_container() -> None:
    assert load_settings(REQUIRED) == Settings(
        host="0.0.0.0",
        port=8000,
        db_path="/data/api.db",
        lease_ttl_seconds=30.0,
        max_attempts=3,
        log_level="info",
        worker_tokens=(TOKEN,),
        max_body_bytes=1048576,
        max_queued_jobs=10000,
        retention_seconds=604800.0,
    )


def test_every_setting_can_be_overridden() -> None:
    settings = load_settings(
        REQUIRED
        | {
            "API_HOST": "127.0.0.1",
            "API_PORT": "9000",
            "API_DB_PATH": "/tmp/x/api.db",
            "API_LEASE_TTL_SECONDS": "2.5",
            "API_MAX_ATTEMPTS": "5",
            "API_LOG_LEVEL": "DEBUG",
            "API_MAX_BODY_BYTES": "2048",
            "API_MAX_QUEUED_JOBS": "7",
            "API_RETENTION_SECONDS": "86400",
        }
    )
    assert settings == Settings("127.0.0.1", 9000, "/tmp/x/api.db", 2.5, 5, "debug", (TOKEN,), 2048, 7, 86400.0)


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
        ({"API_MAX_BODY_BYTES": "10"}, "API_MAX_BODY_BYTES must be between 1024 and 6.71089e+07, got 10"),
        ({"API_MAX_QUEUED_JOBS": "0"}, "API_MAX_QUEUED_JOBS must be between 1 and 1e+07, got 0"),
        ({"API_RETENTION_SECONDS": "1"}, "API_RETENTION_SECONDS must be between 60 and 3.1536e+08 seconds, got 1"),
    ],
)
def test_invalid_values_are_rejected_with_a_clear_message(env: dict, says: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(REQUIRED | env)
    assert raised.value.problems == [says]


def test_all_problems_are_reported_at_once() -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(REQUIRED | {"API_PORT": "x", "API_LOG_LEVEL": "loud", "API_DB_PATH": "rel"})
    assert len(raised.value.problems) == 3


# -- the worker credential -----------------------------------------------------

HINT = "generate one with `openssl rand -hex 32`"
NEITHER = f"set exactly one of API_WORKER_TOKEN or API_WORKER_TOKEN_FILE (neither is set); {HINT}"


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({}, f"set exactly one of API_WORKER_TOKEN or API_WORKER_TOKEN_FILE (neither is set); {HINT}"),
        (
            {"API_WORKER_TOKEN": "  "},
            f"set exactly one of API_WORKER_TOKEN or API_WORKER_TOKEN_FILE (neither is set); {HINT}",
        ),
        (
            {"API_WORKER_TOKEN": TOKEN, "API_WORKER_TOKEN_FILE": "/run/secrets/worker-token"},
            f"set exactly one of API_WORKER_TOKEN or API_WORKER_TOKEN_FILE (both are set); {HINT}",
        ),
        (
            {"API_WORKER_TOKEN": "short"},
            f"API_WORKER_TOKEN: token 1 has 5 characters, at least 32 are required; {HINT}",
        ),
        (
            {"API_WORKER_TOKEN_FILE": "/nonexistent/worker-token"},
            "API_WORKER_TOKEN_FILE '/nonexistent/worker-token' cannot be read: [Errno 2] No such file or directory:"
            " '/nonexistent/worker-token'",
        ),
    ],
    ids=["none-set", "blank", "both-set", "too-short", "file-missing"],
)
def test_worker_token_configuration_errors(env: dict, says: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(env)
    assert raised.value.problems == [says]


def test_token_file_accepts_every_listed_token_skipping_comments_and_blank_lines(tmp_path) -> None:
    path = tmp_path / "worker-tokens"
    path.write_text(f"# current\n{TOKEN}\n\n# rolling out\n  {OTHER_TOKEN}  \n")
    assert load_settings({"API_WORKER_TOKEN_FILE": str(path)}).worker_tokens == (TOKEN, OTHER_TOKEN)


def test_token_file_names_the_short_token_by_position(tmp_path) -> None:
    path = tmp_path / "worker-tokens"
    path.write_text(f"{TOKEN}\nshort\n")
    with pytest.raises(ConfigError) as raised:
        load_settings({"API_WORKER_TOKEN_FILE": str(path)})
    assert raised.value.problems == [
        f"API_WORKER_TOKEN_FILE {str(path)!r}: token 2 has 5 characters, at least 32 are required; {HINT}"
    ]


def test_token_file_with_only_comments_is_refused(tmp_path) -> None:
    path = tmp_path / "worker-tokens"
    path.write_text("# nothing yet\n\n")
    with pytest.raises(ConfigError) as raised:
        load_settings({"API_WORKER_TOKEN_FILE": str(path)})
    assert raised.value.problems == [f"API_WORKER_TOKEN_FILE {str(path)!r} holds no token; {HINT}"]


def test_settings_never_show_the_tokens() -> None:
    assert TOKEN not in repr(load_settings(REQUIRED))


def test_main_exits_2_naming_the_token_variables_when_none_is_set(monkeypatch, capsys) -> None:
    monkeypatch.delenv("API_WORKER_TOKEN", raising=False)
    monkeypatch.delenv("API_WORKER_TOKEN_FILE", raising=False)
    assert main_module.main() == 2
    output = capsys.readouterr().out.strip().splitlines()
    assert len(output) == 1
    message = json.loads(output[0])["message"]
    assert "API_WORKER_TOKEN or API_WORKER_TOKEN_FILE" in message
    assert "openssl rand -hex 32" in message


def test_main_refuses_to_start_on_bad_config_with_a_json_error(monkeypatch, capsys) -> None:
    monkeypatch.setenv("API_WORKER_TOKEN", TOKEN)
    monkeypatch.setenv("API_PORT", "not-a-port")
    assert main_module.main() == 2
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["level"] == "error"
    assert "API_PORT must be an integer" in line["message"]
    assert line["problems"] == ["API_PORT must be an integer between 1 and 65535, got 'not-a-port'"]


def test_main_exits_1_when_the_database_cannot_be_opened(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setenv("API_WORKER_TOKEN", TOKEN)
    blocker = tmp_path / "file"
    blocker.write_text("")
    # The database directory would have to be created inside a regular file.
    monkeypatch.setenv("API_DB_PATH", str(blocker / "api.db"))
    assert main_module.main() == 1
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["message"].startswith(f"cannot open database {blocker / 'api.db'}")
