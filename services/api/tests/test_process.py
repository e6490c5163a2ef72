"""The real process: starts, answers, and exits 0 on SIGTERM within the budget."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
STOP_BUDGET_SECONDS = 5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = os.environ | {
        "PYTHONPATH": str(SRC),
        "API_HOST": "127.0.0.1",
        "API_PORT": str(port),
        "API_DB_PATH": str(tmp_path / "api.db"),
    }
    proc = subprocess.Popen([sys.executable, "-m", "polystage_api"], env=env, stdout=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while True:
        try:
            # No proxy: a build environment's HTTP proxy must not see localhost.
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            opener.open(f"{base}/healthz", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"server did not become healthy: {proc.communicate()[0]}")
            time.sleep(0.05)
    yield proc, base
    if proc.poll() is None:
        proc.kill()
    proc.communicate()  # reap it and close the stdout pipe


def test_sigterm_stops_the_server_cleanly_with_exit_0(server) -> None:
    proc, _ = server
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    output, _ = proc.communicate(timeout=STOP_BUDGET_SECONDS)
    assert proc.returncode == 0
    assert time.monotonic() - started < STOP_BUDGET_SECONDS
    # Every line the process wrote is a JSON object, startup to shutdown.
    entries = [json.loads(line) for line in output.splitlines()]
    assert entries[0]["message"] == "starting"
    assert entries[-1]["message"] == "stopped"
    assert any(e.get("logger") == "polystage_api.access" and e["path"] == "/healthz" for e in entries)


def run_healthcheck(port: str) -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONPATH": str(SRC), "API_PORT": port}
    return subprocess.run(
        [sys.executable, "-m", "polystage_api.healthcheck"], env=env, capture_output=True, text=True, timeout=10
    )


def test_healthcheck_probe_passes_against_a_healthy_server(server) -> None:
    _, base = server
    assert run_healthcheck(base.rsplit(":", 1)[1]).returncode == 0


def test_healthcheck_probe_fails_when_nothing_listens() -> None:
    probe = run_healthcheck(str(free_port()))
    assert probe.returncode == 1
    assert "healthcheck: http://127.0.0.1:" in probe.stderr
