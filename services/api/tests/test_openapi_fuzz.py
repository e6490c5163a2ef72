"""Property-based fuzzing of the api against its own OpenAPI document (schemathesis).

Every operation of /openapi.json, the internal ones with a valid worker
token, gets generated requests (schema-valid and schema-violating) and every
built-in check: no 5xx, every status and header documented, responses match
their schemas, invalid input rejected, valid input accepted, missing auth
refused, Allow on 405. The run is in-process (ASGI, no server), derandomized
with a fixed seed and bounded in examples, so the test stage gives the same
verdict on every build and stays cacheable.
"""

from __future__ import annotations

import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import schemathesis
from schemathesis.config import SchemathesisConfig

from polystage_api.app import create_app
from polystage_api.config import Settings
from polystage_api.db.store import JobStore

from .support import LEASE_TTL_SECONDS, MAX_ATTEMPTS, WORKER_TOKEN, FakeClock
from .test_limits import OVERFLOW_CURSOR, OVERFLOW_CURSOR_V1

# Per operation and generation phase; enough to have found each 500 the api had (see tests/test_limits.py).
MAX_EXAMPLES = 60
SEED = 16

CONFIG = {
    "seed": SEED,
    "generation": {
        "deterministic": True,
        "max-examples": MAX_EXAMPLES,
        "database": "none",
    },
    # Strings the random generator never makes: the cursor past SQLite's integer range that once gave
    # a 500 (issue 16), in the old and today's format. (Lone surrogates, the other one, schemathesis
    # cannot send; test_limits.py.)
    "dictionaries": {"regressions": {"values": [OVERFLOW_CURSOR, OVERFLOW_CURSOR_V1]}},
    "parameters": {"query.cursor": {"dictionary": "regressions", "probability": 0.2}},
    # The scheme named in auth.py; schemathesis sends it where the document asks for it.
    "auth": {"openapi": {"workerToken": {"bearer": WORKER_TOKEN}}},
    "checks": {
        "enabled": True,
        # A body past API_MAX_BODY_BYTES is refused before it is parsed: 413 rejects it as surely as 422.
        "negative_data_rejection": {
            "expected-statuses": ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]
        },
    },
}


# Loaded at import, as schemathesis' parametrize needs (its from_fixture does not run on pytest 9).
# The database lives as long as the test process; the directory is removed when it exits.
_data = tempfile.TemporaryDirectory(prefix="api-fuzz-")
_store = JobStore(
    str(Path(_data.name) / "api.db"), clock=FakeClock(), lease_ttl_seconds=LEASE_TTL_SECONDS, max_attempts=MAX_ATTEMPTS
)
_store.initialize()
schema = schemathesis.openapi.from_asgi(
    "/openapi.json",
    create_app(_store, Settings(worker_tokens=(WORKER_TOKEN,))),
    config=SchemathesisConfig.from_dict(CONFIG),
)


# Statuses seen per operation, for the check below and for a reader running `pytest -s`.
SEEN: dict[str, Counter[int]] = defaultdict(Counter)


@schema.parametrize()
def test_every_operation_survives_generated_requests(case) -> None:
    response = case.call_and_validate()
    SEEN[case.operation.label][response.status_code] += 1


def test_the_fuzzer_got_past_the_worker_credential() -> None:
    # Runs after the parametrized test (file order). Without the token every worker call would be
    # a 401, which the checks accept, and the fuzzer would never reach the lease and result code.
    print({label: dict(statuses) for label, statuses in sorted(SEEN.items())}, sum(map(Counter.total, SEEN.values())))
    assert SEEN["POST /internal/jobs/lease"].keys() & {200, 204}
    assert SEEN["POST /internal/jobs/{job_id}/result"].keys() & {404, 409}
