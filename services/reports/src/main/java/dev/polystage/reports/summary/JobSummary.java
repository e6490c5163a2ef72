package dev.polystage.reports.summary;

import java.time.Instant;
import java.util.Map;

/**
 * The report: what it covers, how many jobs it read, and the figures overall and per kind.
 *
 * @param since start of the window (null: from the first job)
 * @param kind the one kind asked for (null: all)
 * @param jobsRead jobs the report read from the api (within the window, any kind)
 * @param truncated true when REPORTS_MAX_JOBS stopped the reading before the window's start
 */
public record JobSummary(
        Instant generatedAt,
        Instant since,
        String kind,
        int jobsRead,
        boolean truncated,
        KindSummary overall,
        Map<String, KindSummary> byKind) {}
