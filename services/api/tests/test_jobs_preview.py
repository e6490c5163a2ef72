"""input_preview: computed once at creation and stored, so a list never reads a job's input."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from polystage_api.db import store as store_module
from polystage_api.db.store import SCHEMA_VERSION, JobStore, JobSummary, input_preview

from .support import FakeClock

# The jobs table exactly as images before input_preview created it (schema.sql at 5dccbd4).
OLD_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT    NOT NULL UNIQUE,
    kind             TEXT    NOT NULL,
    input            TEXT    NOT NULL,
    status           TEXT    NOT NULL
                     CHECK (status IN ('pending', 'leased', 'succeeded', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    created_at       REAL    NOT NULL,
    updated_at       REAL    NOT NULL,
    started_at       REAL,
    finished_at      REAL,
    worker_id        TEXT,
    lease_token      TEXT,
    lease_expires_at REAL,
    result           TEXT,
    error            TEXT
);
CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs (status, seq);
CREATE INDEX IF NOT EXISTS jobs_finished ON jobs (finished_at) WHERE status IN ('succeeded', 'failed');
"""


def _columns_read(store: JobStore, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record every column the store's statements read, and refuse any read of jobs.input.

    SQLite asks the authorizer once per column a statement reads, while preparing
    it; denying jobs.input makes any statement that would read it fail.
    """
    reads: list[tuple[str, str]] = []
    original = store._connect

    def authorize(action: int, table: str | None, column: str | None, _db: str | None, _source: str | None) -> int:
        if action == sqlite3.SQLITE_READ:
            reads.append((table or "", column or ""))
            if (table, column) == ("jobs", "input"):
                return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    @contextmanager
    def connect() -> Iterator[sqlite3.Connection]:
        with original() as conn:
            conn.set_authorizer(authorize)
            yield conn

    monkeypatch.setattr(store, "_connect", connect)
    return reads


def test_list_page_never_reads_the_input(store: JobStore, monkeypatch: pytest.MonkeyPatch) -> None:
    big = store.create("text-stats", {"text": "w " * 50_000})
    small = store.create("text-stats", {"text": "short"})
    store.lease("worker-1")  # big is now leased, small pending
    reads = _columns_read(store, monkeypatch)

    # Every shape of list query: plain, by status, after a cursor.
    first = store.list_page(1)
    assert [(j.id, j.input_preview) for j in first.jobs] == [(small.id, "short")]
    rest = store.list_page(1, before_seq=first.next_after_seq)
    assert [(j.id, j.input_preview) for j in rest.jobs] == [(big.id, "w " * 39 + "w…")]
    assert [j.id for j in store.list_page(10, status="leased").jobs] == [big.id]

    assert ("jobs", "input_preview") in reads
    assert ("jobs", "input") not in reads
    # The guard is live: reading one full job, which does need the input, is refused.
    with pytest.raises(sqlite3.DatabaseError, match="prohibited"):
        store.get(big.id)


def test_what_a_list_reads_is_stored_before_the_large_columns(store: JobStore) -> None:
    # SQLite reaches a column stored after a large input by walking the input's
    # overflow pages, so "not selected" is only free when the column comes first.
    with closing(sqlite3.connect(store.db_path)) as conn:
        order = [row[1] for row in conn.execute("PRAGMA table_info(jobs)")]
    read_by_lists = [field.name for field in dataclasses.fields(JobSummary)]
    assert max(order.index(name) for name in read_by_lists) < min(order.index("result"), order.index("input")), order


def test_input_preview_is_the_start_of_the_text_cut_with_an_ellipsis() -> None:
    assert input_preview({"text": "é" * 80}) == "é" * 80
    assert input_preview({"text": "x" * 81}) == "x" * 79 + "…"
    # No text (another kind): the start of the input's compact JSON.
    assert input_preview({}) == "{}"
    assert input_preview({"n": 1, "s": "y" * 100}) == '{"n":1,"s":"' + "y" * 67 + "…"


def _old_database(path: Path, texts: list[str]) -> None:
    """A database as an image from before input_preview left it, holding one job per text."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(OLD_SCHEMA)
        for n, text in enumerate(texts):
            conn.execute(
                "INSERT INTO jobs (id, kind, input, status, created_at, updated_at, finished_at, result)"
                " VALUES (?, 'text-stats', json_object('text', ?), ?, ?, ?, ?, ?)",
                (
                    f"old-{n}",
                    text,
                    "succeeded" if n % 2 else "pending",
                    1_800_000_000.0 + n,
                    1_800_000_000.0 + n,
                    1_800_000_000.0 + n if n % 2 else None,
                    '{"words":1}' if n % 2 else None,
                ),
            )
    finally:
        conn.close()


def test_a_database_from_an_older_image_gets_its_previews_in_batches(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "api.db"
    texts = ["x" * 81, "é" * 80, "short", "w " * 50_000, "line one\nline two"]
    _old_database(db, texts)
    monkeypatch.setattr(store_module, "BACKFILL_BATCH", 2)
    store = JobStore(str(db), clock=clock, lease_ttl_seconds=30, max_attempts=3)
    transactions = 0
    original_write = store._write

    @contextmanager
    def counting_write() -> Iterator[sqlite3.Connection]:
        nonlocal transactions
        transactions += 1
        with original_write() as conn:
            yield conn

    monkeypatch.setattr(store, "_write", counting_write)

    store.initialize()

    backfill_transactions = transactions
    reads = _columns_read(store, monkeypatch)
    page = store.list_page(100)
    assert [(j.id, j.input_preview) for j in page.jobs] == [
        (f"old-{n}", input_preview({"text": text})) for n, text in reversed(list(enumerate(texts)))
    ]
    assert page.jobs[-1].input_preview == "x" * 79 + "…"
    assert ("jobs", "input") not in reads
    # One transaction to add the column, then one per batch of 2 rows: 2 + 2 + 1.
    assert backfill_transactions == 1 + 3
    monkeypatch.undo()

    # The schema is current: a new job lists alongside the old ones, and a second start backfills nothing.
    created = store.create("text-stats", {"text": "new"})
    assert store.list_page(1).jobs[0].id == created.id
    assert store.list_page(1).jobs[0].input_preview == "new"
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        notnull = {row[1]: row[3] for row in conn.execute("PRAGMA table_info(jobs)")}
    assert notnull["input_preview"] == 1
    transactions = 0
    monkeypatch.setattr(store, "_write", counting_write)
    store.initialize()
    assert transactions == 1


def test_an_interrupted_backfill_is_finished_on_the_next_start(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "api.db"
    texts = [f"job {n}" for n in range(5)]
    _old_database(db, texts)
    monkeypatch.setattr(store_module, "BACKFILL_BATCH", 2)
    calls = 0
    real_preview = store_module.input_preview

    def failing_preview(job_input: dict) -> str:
        nonlocal calls
        calls += 1
        if calls == 3:  # the first row of the second batch
            raise RuntimeError("process killed mid-backfill")
        return real_preview(job_input)

    store = JobStore(str(db), clock=clock, lease_ttl_seconds=30, max_attempts=3)
    with monkeypatch.context() as patch:
        patch.setattr(store_module, "input_preview", failing_preview)
        with pytest.raises(RuntimeError):
            store.initialize()
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
        # The first batch committed; the failed one rolled back.
        assert conn.execute("SELECT seq, input_preview FROM jobs ORDER BY seq").fetchall() == [
            (1, "job 0"),
            (2, "job 1"),
            (3, ""),
            (4, ""),
            (5, ""),
        ]

    store.initialize()
    assert [j.input_preview for j in store.list_page(100).jobs] == [f"job {n}" for n in reversed(range(5))]
