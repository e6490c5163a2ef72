"""Settings from environment variables, validated once at startup.

Every problem is collected before failing so an operator fixes the whole
environment in one go instead of one variable per restart.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

LOG_LEVELS = ("debug", "info", "warning", "error", "critical")

# A worker token shorter than this is guessable; `openssl rand -hex 32` gives 64.
MIN_TOKEN_CHARS = 32
TOKEN_HINT = "generate one with `openssl rand -hex 32`"


class ConfigError(ValueError):
    """The environment does not describe a runnable service."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid configuration: " + "; ".join(problems))


@dataclass(frozen=True)
class Settings:
    host: str = "0.0.0.0"
    port: int = 8000
    db_path: str = "/data/api.db"
    lease_ttl_seconds: float = 30.0
    max_attempts: int = 3
    log_level: str = "info"
    # Any of these may call the worker routes; several during a rotation.
    worker_tokens: tuple[str, ...] = field(default=(), repr=False)
    max_body_bytes: int = 1024 * 1024
    max_queued_jobs: int = 10_000
    retention_seconds: float = 7 * 24 * 3600.0


def _number_in_range[N: (int, float)](
    env: Mapping[str, str], name: str, default: N, lo: N, hi: N, problems: list[str]
) -> N:
    """Parse env[name] as the type of `default` (int, or float seconds) within [lo, hi]."""
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    parse = type(default)
    what, unit = ("an integer", "") if parse is int else ("a number of seconds", " seconds")
    try:
        value = parse(raw.strip())
    except ValueError:
        problems.append(f"{name} must be {what} between {lo:g} and {hi:g}, got {raw!r}")
        return default
    if not lo <= value <= hi:
        problems.append(f"{name} must be between {lo:g} and {hi:g}{unit}, got {value:g}")
    return value


def _worker_tokens(env: Mapping[str, str], problems: list[str]) -> tuple[str, ...]:
    """API_WORKER_TOKEN (one token) or API_WORKER_TOKEN_FILE (one per line), exactly one of them."""
    token = env.get("API_WORKER_TOKEN", "").strip()
    path = env.get("API_WORKER_TOKEN_FILE", "").strip()
    if bool(token) == bool(path):
        which = "both are set" if token else "neither is set"
        problems.append(f"set exactly one of API_WORKER_TOKEN or API_WORKER_TOKEN_FILE ({which}); {TOKEN_HINT}")
        return ()
    if token:
        tokens, source = [token], "API_WORKER_TOKEN"
    else:
        try:
            with open(path, encoding="utf-8") as file:
                lines = [line.strip() for line in file]
        except (OSError, UnicodeDecodeError) as err:
            problems.append(f"API_WORKER_TOKEN_FILE {path!r} cannot be read: {err}")
            return ()
        # Blank lines and comments are allowed so a rotation can be annotated.
        tokens = [line for line in lines if line and not line.startswith("#")]
        source = f"API_WORKER_TOKEN_FILE {path!r}"
        if not tokens:
            problems.append(f"{source} holds no token; {TOKEN_HINT}")
    for n, value in enumerate(tokens, start=1):
        if len(value) < MIN_TOKEN_CHARS:
            problems.append(
                f"{source}: token {n} has {len(value)} characters, at least {MIN_TOKEN_CHARS} are required;"
                f" {TOKEN_HINT}"
            )
    return tuple(tokens)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read API_* variables (defaults suit the container) or raise ConfigError."""
    env = os.environ if env is None else env
    problems: list[str] = []
    defaults = Settings()

    host = env.get("API_HOST", defaults.host).strip() or defaults.host
    port = _number_in_range(env, "API_PORT", defaults.port, 1, 65535, problems)
    lease_ttl = _number_in_range(env, "API_LEASE_TTL_SECONDS", defaults.lease_ttl_seconds, 1.0, 86400.0, problems)
    max_attempts = _number_in_range(env, "API_MAX_ATTEMPTS", defaults.max_attempts, 1, 100, problems)

    db_path = env.get("API_DB_PATH", defaults.db_path).strip()
    if not db_path:
        problems.append("API_DB_PATH must not be empty")
    elif not os.path.isabs(db_path):
        # A relative path would land wherever the process happens to start,
        # which on a read-only root filesystem is not writable.
        problems.append(f"API_DB_PATH must be an absolute path, got {db_path!r}")

    worker_tokens = _worker_tokens(env, problems)
    max_body_bytes = _number_in_range(
        env, "API_MAX_BODY_BYTES", defaults.max_body_bytes, 1024, 64 * 1024 * 1024, problems
    )
    max_queued_jobs = _number_in_range(env, "API_MAX_QUEUED_JOBS", defaults.max_queued_jobs, 1, 10_000_000, problems)
    retention = _number_in_range(
        env, "API_RETENTION_SECONDS", defaults.retention_seconds, 60.0, 10 * 365 * 86400.0, problems
    )

    log_level = env.get("API_LOG_LEVEL", defaults.log_level).strip().lower()
    if log_level not in LOG_LEVELS:
        problems.append(f"API_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {log_level!r}")

    if problems:
        raise ConfigError(problems)
    return Settings(
        host=host,
        port=port,
        db_path=db_path,
        lease_ttl_seconds=lease_ttl,
        max_attempts=max_attempts,
        log_level=log_level,
        worker_tokens=worker_tokens,
        max_body_bytes=max_body_bytes,
        max_queued_jobs=max_queued_jobs,
        retention_seconds=retention,
    )
