-- One row per job. `seq` gives a stable, insertion-ordered key for paging and
-- "oldest first" leasing; `id` is the public identifier.
--
-- Column order matters: SQLite stores a row's columns in this order and keeps
-- what does not fit in its page on a chain of overflow pages, so reading a
-- column that lies after a 100 000-character input walks that input's whole
-- chain. Everything a list, a lease or the stats read comes first; the large
-- columns (result, input) come last. A database from an older image keeps
-- its layout (input fourth) and gains input_preview at its end (store._migrate).
CREATE TABLE IF NOT EXISTS jobs (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT    NOT NULL UNIQUE,
    kind             TEXT    NOT NULL,
    status           TEXT    NOT NULL
                     CHECK (status IN ('pending', 'leased', 'succeeded', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    created_at       REAL    NOT NULL,            -- epoch seconds, UTC
    updated_at       REAL    NOT NULL,
    started_at       REAL,                        -- start of the latest attempt
    finished_at      REAL,
    -- What lists show of the input (store.input_preview), computed once at
    -- creation so a list never reads the input.
    input_preview    TEXT    NOT NULL,
    worker_id        TEXT,                        -- holder of the latest lease
    lease_token      TEXT,                        -- secret of the current lease
    lease_expires_at REAL,
    error            TEXT,                        -- message, on failure
    result           TEXT,                        -- JSON object, on success
    input            TEXT    NOT NULL             -- JSON object
);

-- Leasing scans pending/leased jobs oldest first; listing filters by status.
CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs (status, seq);

-- The retention sweep finds finished jobs by age.
CREATE INDEX IF NOT EXISTS jobs_finished ON jobs (finished_at) WHERE status IN ('succeeded', 'failed');
