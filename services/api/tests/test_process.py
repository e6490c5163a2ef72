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

from polystage_api import healthcheck
from polystage_api.main import GRACEFUL_SHUTDOWN_SECONDS

from .support import WORKER_TOKEN

SRC = Path(__file__).resolve().parents[1] / "src"
# Docker's default stop timeout: after it, SIGKILL. The app's own graceful-shutdown bound must be
# below it so the process always exits by itself; checked as configuration, not by the clock.
DOCKER_STOP_TIMEOUT_SECONDS = 10
# Every wait below is on an event (a health answer, an exit). These bounds only turn a hang into a
# failure: a Python process can take many seconds to start and stop when the cores are shared
# with other builds, so they are generous.
HANG_GUARD_SECONDS = 120


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
        "API_WORKER_TOKEN": WORKER_TOKEN,
    }
    proc = subprocess.Popen([sys.executable, "-m", "polystage_api"], env=env, stdout=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while True:
        try:
            # No proxy: a build environment's HTTP proxy must not see localhost.
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            opener.open(f"{base}/healthz", timeout=HANG_GUARD_SECONDS).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"server did not become healthy: {proc.communicate()[0]}")
            time.sleep(0.05)  # a pause between polls of the health endpoint, not a wait for it
    yield proc, base
    if proc.poll() is None:
        proc.kill()
    proc.communicate()  # reap it and close the stdout pipe


def test_graceful_shutdown_budget_is_below_dockers_stop_timeout() -> None:
    assert 0 < GRACEFUL_SHUTDOWN_SECONDS < DOCKER_STOP_TIMEOUT_SECONDS


def test_sigterm_stops_the_server_cleanly_with_exit_0(server) -> None:
    proc, _ = server
    proc.send_signal(signal.SIGTERM)
    # No request is in flight, so nothing holds the stop; the budget itself is checked above.
    output, _ = proc.communicate(timeout=HANG_GUARD_SECONDS)
    assert proc.returncode == 0
    # Every line the process wrote is a JSON object, startup to shutdown.
    entries = [json.loads(line) for line in output.splitlines()]
    assert entries[0]["message"] == "starting"
    assert entries[-1]["message"] == "stopped"
    assert any(e.get("logger") == "polystage_api.access" and e["path"] == "/healthz" for e in entries)


def run_healthcheck(port: str) -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONPATH": str(SRC), "API_PORT": port}
    return subprocess.run(
        [sys.executable, "-m", "polystage_api.healthcheck"],
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
    )


def test_healthcheck_probe_passes_against_a_healthy_server(server, monkeypatch) -> None:
    _, base = server
    # In this process, with a generous timeout: the probe's own 2 s is sized for Docker's
    # HEALTHCHECK and can run out on a machine whose cores other builds are using.
    monkeypatch.setenv("API_PORT", base.rsplit(":", 1)[1])
    monkeypatch.setattr(healthcheck, "TIMEOUT_SECONDS", HANG_GUARD_SECONDS)
    assert healthcheck.main() == 0


def test_healthcheck_probe_fails_when_nothing_listens() -> None:
    probe = run_healthcheck(str(free_port()))
    assert probe.returncode == 1
    assert "healthcheck: http://127.0.0.1:" in probe.stderr
