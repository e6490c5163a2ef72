package dev.polystage.reports.api;

import java.time.Instant;

/**
 * The fields a report reads from one item of the api's GET /jobs, a job summary (its other
 * fields, updated_at and input_preview, are ignored).
 *
 * @param startedAt start of the latest attempt; null while pending
 * @param finishedAt null until the job succeeded or failed
 */
public record ApiJob(
        String id,
        String kind,
        String status,
        int attempts,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {}
