-- One row per job. `seq` gives a stable, insertion-ordered key for paging and
-- "oldest first" leasing; `id` is the public identifier.
CREATE TABLE IF NOT EXISTS jobs (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT    NOT NULL UNIQUE,
    kind             TEXT    NOT NULL,
    input            TEXT    NOT NULL,            -- JSON object
    status           TEXT    NOT NULL
                     CHECK (status IN ('pending', 'leased', 'succeeded', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    created_at       REAL    NOT NULL,            -- epoch seconds, UTC
    updated_at       REAL    NOT NULL,
    started_at       REAL,                        -- start of the latest attempt
    finished_at      REAL,
    worker_id        TEXT,                        -- holder of the latest lease
    lease_token      TEXT,                        -- secret of the current lease
    lease_expires_at REAL,
    result           TEXT,                        -- JSON object, on success
    error            TEXT                         -- message, on failure
);

-- Leasing scans pending/leased jobs oldest first; listing filters by status.
CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs (status, seq);

-- The retention sweep finds finished jobs by age.
CREATE INDEX IF NOT EXISTS jobs_finished ON jobs (finished_at) WHERE status IN ('succeeded', 'failed');
