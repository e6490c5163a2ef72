package dev.polystage.reports.api;

import java.time.Instant;

/**
 * The fields of one api job a report reads (the api sends more; they are ignored).
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
