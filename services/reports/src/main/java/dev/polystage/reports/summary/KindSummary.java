package dev.polystage.reports.summary;

import java.util.Map;

/**
 * Figures for one set of jobs.
 *
 * @param byStatus count per status; pending, leased, succeeded and failed are always present
 * @param successRate succeeded / (succeeded + failed), rounded to 4 places; null when none finished
 * @param retried jobs that needed more than one attempt
 * @param waitSeconds creation to start of the latest attempt, for started jobs
 * @param runSeconds start of the latest attempt to finish, for finished jobs
 */
public record KindSummary(
        int total,
        Map<String, Integer> byStatus,
        Double successRate,
        int retried,
        DurationStats waitSeconds,
        DurationStats runSeconds) {}
