package dev.polystage.reports.summary;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.polystage.reports.api.ApiJob;

/** Running counts and durations for one set of jobs; {@link #summary()} turns them into figures. */
final class Tally {

    private static final List<String> STATUSES = List.of("pending", "leased", "succeeded", "failed");

    private final Map<String, Integer> byStatus = new LinkedHashMap<>();
    private final List<Long> waitMillis = new ArrayList<>();
    private final List<Long> runMillis = new ArrayList<>();
    private int total;
    private int retried;

    Tally() {
        STATUSES.forEach(status -> byStatus.put(status, 0));
    }

    void add(ApiJob job) {
        total++;
        byStatus.merge(job.status(), 1, Integer::sum);
        if (job.attempts() > 1) {
            retried++;
        }
        if (job.startedAt() != null) {
            waitMillis.add(Duration.between(job.createdAt(), job.startedAt()).toMillis());
            if (job.finishedAt() != null) {
                runMillis.add(Duration.between(job.startedAt(), job.finishedAt()).toMillis());
            }
        }
    }

    KindSummary summary() {
        int succeeded = byStatus.get("succeeded");
        int finished = succeeded + byStatus.get("failed");
        Double successRate = finished == 0 ? null : Math.round(10_000.0 * succeeded / finished) / 10_000.0;
        return new KindSummary(total, Collections.unmodifiableMap(new LinkedHashMap<>(byStatus)), successRate,
                retried, DurationStats.of(toArray(waitMillis)), DurationStats.of(toArray(runMillis)));
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
