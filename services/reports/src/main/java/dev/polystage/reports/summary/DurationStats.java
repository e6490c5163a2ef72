package dev.polystage.reports.summary;

import java.util.Arrays;

/**
 * Distribution of durations in seconds (millisecond precision). Percentiles are nearest-rank:
 * always a duration that was observed. All but count are null when there is nothing to describe.
 */
public record DurationStats(int count, Double min, Double p50, Double p90, Double p99, Double max, Double mean) {

    static DurationStats of(long[] millis) {
        if (millis.length == 0) {
            return new DurationStats(0, null, null, null, null, null, null);
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElseThrow();
        return new DurationStats(
                sorted.length,
                seconds(sorted[0]),
                seconds(nearestRank(sorted, 50)),
                seconds(nearestRank(sorted, 90)),
                seconds(nearestRank(sorted, 99)),
                seconds(sorted[sorted.length - 1]),
                Math.round(mean) / 1000.0);
    }

    /** The smallest value with at least percent % of all values at or below it. */
    static long nearestRank(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }
}
