"""Job storage on SQLite: create, read, page, lease, complete, aggregate.

Each operation opens its own short-lived connection: SQLite connections are
cheap, and this keeps the store safe to call from FastAPI's worker threads
without sharing a connection across them. WAL mode lets readers run while a
writer commits; `BEGIN IMMEDIATE` serialises the read-then-write steps of
leasing so two workers can never lease the same job.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from polystage_api.clock import Clock

SCHEMA_SQL = (Path(__file__).parent / "schema.sql").read_text(encoding="utf-8")

STATUSES = ("pending", "leased", "succeeded", "failed")

# How long a statement waits for another writer before giving up.
BUSY_TIMEOUT_SECONDS = 5.0


class JobNotFound(LookupError):
    def __init__(self, job_id: str) -> None:
        self.job_id = job_id
        super().__init__(f"job {job_id!r} does not exist")


class LeaseConflict(RuntimeError):
    """The caller does not hold the job's current lease."""


class QueueFull(RuntimeError):
    """As many jobs are pending as the api accepts; creating more would only grow the backlog."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"{limit} jobs are already pending; retry later")


@dataclass(frozen=True)
class Job:
    id: str
    seq: int
    kind: str
    input: dict[str, Any]
    status: str
    attempts: int
    created_at: float
    updated_at: float
    started_at: float | None
    finished_at: float | None
    worker_id: str | None
    lease_expires_at: float | None
    result: dict[str, Any] | None
    error: str | None


@dataclass(frozen=True)
class Lease:
    job: Job
    token: str


# The longest input_preview a summary carries, ellipsis included.
PREVIEW_CHARS = 80
# Rows deleted per transaction by the retention sweep, so it never holds the
# write lock long enough to stall workers.
SWEEP_BATCH = 500
# Rows given an input_preview per transaction when a database from before that
# column is opened (each row's input is read and parsed once, one at a time).
BACKFILL_BATCH = 500
# PRAGMA user_version once the schema is current: 1 = every row has its
# input_preview. A database from an older image is at 0 until backfilled.
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class JobSummary:
    id: str
    seq: int
    kind: str
    status: str
    attempts: int
    created_at: float
    updated_at: float
    started_at: float | None
    finished_at: float | None
    input_preview: str


@dataclass(frozen=True)
class JobPage:
    jobs: list[JobSummary]
    # seq of the last job returned when more remain, else None.
    next_after_seq: int | None


@dataclass(frozen=True)
class DurationStats:
    count: int
    avg: float | None
    min: float | None
    max: float | None


@dataclass(frozen=True)
class KindStats:
    total: int
    by_status: dict[str, int]
    # Queue wait: creation to start of the latest attempt (started jobs).
    wait_seconds: DurationStats
    # Run time: start of the latest attempt to finish (finished jobs).
    run_seconds: DurationStats


@dataclass(frozen=True)
class JobStats:
    overall: KindStats
    by_kind: dict[str, KindStats]


def _row_to_job(row: sqlite3.Row) -> Job:
    return Job(
        id=row["id"],
        seq=row["seq"],
        kind=row["kind"],
        input=json.loads(row["input"]),
        status=row["status"],
        attempts=row["attempts"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        worker_id=row["worker_id"],
        lease_expires_at=row["lease_expires_at"],
        result=None if row["result"] is None else json.loads(row["result"]),
        error=row["error"],
    )


def _make_group_writable(db_path: str) -> None:
    """Create the database file as group-writable (g=u), or widen one we own.

    The container may run under any uid in group 0 (OpenShift's way), so the
    next process, with another uid, must be able to write what this one
    created. SQLite gives its -wal and -shm files the database file's mode.
    """
    fd = os.open(db_path, os.O_RDWR | os.O_CREAT, 0o664)
    try:
        _group_as_owner(fd)
    finally:
        os.close(fd)
    for suffix in ("-wal", "-shm"):
        try:
            fd = os.open(db_path + suffix, os.O_RDWR)
        except OSError:
            continue  # absent, or not ours to fix: SQLite reports it if it matters
        try:
            _group_as_owner(fd)
        finally:
            os.close(fd)


def _group_as_owner(fd: int) -> None:
    info = os.fstat(fd)
    owner_bits = (info.st_mode & 0o700) >> 3
    if info.st_uid == os.geteuid() and info.st_mode & 0o070 != owner_bits:
        os.fchmod(fd, (info.st_mode & ~0o070 & 0o7777) | owner_bits)


def input_preview(job_input: dict[str, Any]) -> str:
    """What a list shows of a job's input: the one definition, stored with the job at creation.

    The start of `input.text` (of the input's compact JSON when it has no text),
    at most PREVIEW_CHARS characters, cut with a trailing `…` when longer.
    """
    text = job_input.get("text")
    if not isinstance(text, str):
        text = json.dumps(job_input, separators=(",", ":"))
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


# What a list reads: the preview stored at creation, never the input itself,
# so listing 100 jobs with 100k inputs reads and parses none of them. The
# columns are JobSummary's fields, named as the table names them.
_SUMMARY_FIELDS = tuple(field.name for field in fields(JobSummary))
_SUMMARY_COLUMNS = ", ".join(_SUMMARY_FIELDS)


def _row_to_summary(row: sqlite3.Row) -> JobSummary:
    return JobSummary(**{name: row[name] for name in _SUMMARY_FIELDS})


class JobStore:
    def __init__(
        self,
        db_path: str,
        clock: Clock,
        lease_ttl_seconds: float,
        max_attempts: int,
        max_queued_jobs: int = 10_000,
        retention_seconds: float = 7 * 24 * 3600.0,
    ) -> None:
        self.db_path = db_path
        self.clock = clock
        self.lease_ttl_seconds = lease_ttl_seconds
        self.max_attempts = max_attempts
        self.max_queued_jobs = max_queued_jobs
        self.retention_seconds = retention_seconds

    # -- plumbing -----------------------------------------------------------

    def initialize(self) -> None:
        """Create the database file, switch it to WAL, apply the schema and bring an older one up to date."""
        Path(self.db_path).parent.mkdir(parents=True, exist_ok=True)
        _make_group_writable(self.db_path)
        with self._connect() as conn:
            # WAL is a property of the database file, so setting it once suffices.
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(SCHEMA_SQL)
        self._migrate()

    def _migrate(self) -> None:
        """Give a database from an older image its input_preview column, filled in batches.

        Each batch is its own transaction, so the write lock is never held for
        long and an interrupted start resumes (from the top: filling a preview
        is idempotent) on the next one; user_version records that all are done.
        """
        with self._write() as conn:
            if conn.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
                return
            columns = {row["name"] for row in conn.execute("PRAGMA table_info(jobs)")}
            if "input_preview" not in columns:
                # ADD COLUMN ... NOT NULL needs a default; the backfill below replaces it in every row.
                conn.execute("ALTER TABLE jobs ADD COLUMN input_preview TEXT NOT NULL DEFAULT ''")
        after_seq = 0
        while True:
            with self._write() as conn:
                # One input in memory at a time: the previews are collected, then written.
                previews = [
                    (input_preview(json.loads(job_input)), seq)
                    for seq, job_input in conn.execute(
                        "SELECT seq, input FROM jobs WHERE seq > ? ORDER BY seq LIMIT ?", (after_seq, BACKFILL_BATCH)
                    )
                ]
                conn.executemany("UPDATE jobs SET input_preview = ? WHERE seq = ?", previews)
                if len(previews) < BACKFILL_BATCH:
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    return
            after_seq = previews[-1][1]

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # isolation_level=None: no implicit transactions; writes that need
        # atomicity across statements open one explicitly (see _write).
        conn = sqlite3.connect(self.db_path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            # NORMAL is durable across application crashes in WAL mode and
            # avoids an fsync per commit.
            conn.execute("PRAGMA synchronous=NORMAL")
            # Temporary tables and sorts stay in memory: the root filesystem
            # (where SQLite would put temp files) is read-only in production.
            conn.execute("PRAGMA temp_store=MEMORY")
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A transaction that takes the write lock up front."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def ping(self) -> None:
        """Raise if the database cannot answer a query."""
        with self._connect() as conn:
            conn.execute("SELECT 1 FROM jobs LIMIT 1").fetchall()

    # -- jobs ---------------------------------------------------------------

    def create(self, kind: str, job_input: dict[str, Any]) -> Job:
        now = self.clock.now()
        # Counting and inserting in one write transaction: two creates can never both take the last slot.
        with self._write() as conn:
            (pending,) = conn.execute("SELECT COUNT(*) FROM jobs WHERE status = 'pending'").fetchone()
            if pending >= self.max_queued_jobs:
                raise QueueFull(self.max_queued_jobs)
            row = conn.execute(
                "INSERT INTO jobs (id, kind, input_preview, input, status, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, 'pending', ?, ?) RETURNING *",
                (
                    str(uuid.uuid4()),
                    kind,
                    input_preview(job_input),
                    json.dumps(job_input, separators=(",", ":")),
                    now,
                    now,
                ),
            ).fetchone()
        return _row_to_job(row)

    def get(self, job_id: str) -> Job:
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            raise JobNotFound(job_id)
        return _row_to_job(row)

    def list_page(self, limit: int, before_seq: int | None = None, status: str | None = None) -> JobPage:
        """Newest first. Paging by seq (not offset) stays stable while jobs are added."""
        clauses, params = [], []
        if before_seq is not None:
            clauses.append("seq < ?")
            params.append(before_seq)
        if status is not None:
            clauses.append("status = ?")
            params.append(status)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._connect() as conn:
            # One extra row tells whether another page exists.
            rows = conn.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM jobs {where} ORDER BY seq DESC LIMIT ?", (*params, limit + 1)
            ).fetchall()
        jobs = [_row_to_summary(r) for r in rows[:limit]]
        has_more = len(rows) > limit
        return JobPage(jobs=jobs, next_after_seq=jobs[-1].seq if has_more and jobs else None)

    def lease(self, worker_id: str) -> Lease | None:
        """Lease the oldest job that is pending or whose lease has expired.

        A job whose lease expired `max_attempts` times is failed instead of
        handed out again, so one job that kills workers cannot stall the queue.
        """
        now = self.clock.now()
        token = secrets.token_urlsafe(24)
        with self._write() as conn:
            conn.execute(
                "UPDATE jobs SET status = 'failed', error = ?, finished_at = ?, updated_at = ?,"
                " lease_token = NULL, lease_expires_at = NULL"
                " WHERE status = 'leased' AND lease_expires_at <= ? AND attempts >= ?",
                (
                    f"lease expired {self.max_attempts} time(s) without a result; giving up",
                    now,
                    now,
                    now,
                    self.max_attempts,
                ),
            )
            row = conn.execute(
                "UPDATE jobs SET status = 'leased', attempts = attempts + 1, worker_id = ?,"
                " lease_token = ?, lease_expires_at = ?, started_at = ?, updated_at = ?"
                " WHERE seq = ("
                "   SELECT seq FROM jobs"
                "   WHERE status = 'pending' OR (status = 'leased' AND lease_expires_at <= ?)"
                "   ORDER BY seq LIMIT 1"
                " ) RETURNING *",
                (worker_id, token, now + self.lease_ttl_seconds, now, now, now),
            ).fetchone()
        return None if row is None else Lease(job=_row_to_job(row), token=token)

    def complete(
        self,
        job_id: str,
        lease_token: str,
        *,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> Job:
        """Record the outcome of a leased job: success with `result`, or failure with `error`."""
        if (result is None) == (error is None):
            raise ValueError("exactly one of result or error is required")
        now = self.clock.now()
        with self._write() as conn:
            row = conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None:
                raise JobNotFound(job_id)
            self._check_lease_holder(row, lease_token, now)
            row = conn.execute(
                "UPDATE jobs SET status = ?, result = ?, error = ?, finished_at = ?, updated_at = ?,"
                " lease_token = NULL, lease_expires_at = NULL WHERE seq = ? RETURNING *",
                (
                    "succeeded" if error is None else "failed",
                    None if result is None else json.dumps(result, separators=(",", ":")),
                    error,
                    now,
                    now,
                    row["seq"],
                ),
            ).fetchone()
        return _row_to_job(row)

    @staticmethod
    def _check_lease_holder(row: sqlite3.Row, lease_token: str, now: float) -> None:
        if row["status"] != "leased":
            raise LeaseConflict(f"job {row['id']!r} is {row['status']}, not leased; its result cannot change")
        if not secrets.compare_digest(row["lease_token"], lease_token):
            raise LeaseConflict(f"lease token does not match the current lease of job {row['id']!r}")
        if row["lease_expires_at"] <= now:
            raise LeaseConflict(
                f"lease on job {row['id']!r} expired; the job will be leased again, so this result is discarded"
            )

    def sweep_finished(self) -> int:
        """Delete succeeded and failed jobs that finished more than retention_seconds ago.

        Pending and leased jobs are never touched, whatever their age. Returns
        how many jobs were deleted.
        """
        cutoff = self.clock.now() - self.retention_seconds
        deleted = 0
        while True:
            with self._write() as conn:
                n = conn.execute(
                    "DELETE FROM jobs WHERE seq IN (SELECT seq FROM jobs"
                    " WHERE status IN ('succeeded', 'failed') AND finished_at < ? LIMIT ?)",
                    (cutoff, SWEEP_BATCH),
                ).rowcount
            deleted += n
            if n < SWEEP_BATCH:
                return deleted

    def stats(self) -> JobStats:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT kind, status, COUNT(*) AS n,"
                " COUNT(started_at) AS waits,"
                " SUM(started_at - created_at) AS wait_sum,"
                " MIN(started_at - created_at) AS wait_min,"
                " MAX(started_at - created_at) AS wait_max,"
                " COUNT(finished_at - started_at) AS runs,"
                " SUM(finished_at - started_at) AS run_sum,"
                " MIN(finished_at - started_at) AS run_min,"
                " MAX(finished_at - started_at) AS run_max"
                " FROM jobs GROUP BY kind, status"
            ).fetchall()
        by_kind: dict[str, list[sqlite3.Row]] = {}
        for row in rows:
            by_kind.setdefault(row["kind"], []).append(row)
        return JobStats(
            overall=_aggregate(rows),
            by_kind={kind: _aggregate(kind_rows) for kind, kind_rows in sorted(by_kind.items())},
        )


def _aggregate(rows: list[sqlite3.Row]) -> KindStats:
    """Fold (kind, status) groups into one summary."""
    by_status = dict.fromkeys(STATUSES, 0)
    for row in rows:
        by_status[row["status"]] += row["n"]
    return KindStats(
        total=sum(by_status.values()),
        by_status=by_status,
        wait_seconds=_durations(rows, "waits", "wait"),
        run_seconds=_durations(rows, "runs", "run"),
    )


def _durations(rows: list[sqlite3.Row], count_col: str, prefix: str) -> DurationStats:
    counted = [r for r in rows if r[count_col]]
    count = sum(r[count_col] for r in counted)
    if not count:
        return DurationStats(count=0, avg=None, min=None, max=None)
    return DurationStats(
        count=count,
        avg=sum(r[f"{prefix}_sum"] for r in counted) / count,
        min=min(r[f"{prefix}_min"] for r in counted),
        max=max(r[f"{prefix}_max"] for r in counted),
    )
