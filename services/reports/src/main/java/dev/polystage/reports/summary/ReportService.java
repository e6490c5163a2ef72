package dev.polystage.reports.summary;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;

import org.springframework.stereotype.Service;

import dev.polystage.reports.ReportsProperties;
import dev.polystage.reports.api.ApiClient;
import dev.polystage.reports.api.ApiJob;
import dev.polystage.reports.api.JobPage;

/**
 * Builds a job summary by paging through the api's job list, newest first, until the window's
 * start, the last page, or REPORTS_MAX_JOBS jobs read. The api's own GET /jobs/stats counts the
 * whole table; this adds a time window, a kind filter, percentiles, success rate and retries.
 */
@Service
public class ReportService {

    private final ApiClient api;
    private final Clock clock;
    private final ReportsProperties properties;
    /** Each report holds up to a page and its tallies in memory and keeps the api busy: cap them. */
    private final Semaphore running;

    public ReportService(ApiClient api, Clock clock, ReportsProperties properties) {
        this.api = api;
        this.clock = clock;
        this.properties = properties;
        this.running = new Semaphore(properties.maxConcurrentSummaries());
    }

    /** The report, or {@link BusyException} at once (no queueing) when the cap is reached. */
    public JobSummary summarize(ReportQuery query) {
        if (!running.tryAcquire()) {
            throw new BusyException(properties.maxConcurrentSummaries());
        }
        try {
            return build(query);
        } finally {
            running.release();
        }
    }

    private JobSummary build(ReportQuery query) {
        Instant deadline = clock.instant().plus(properties.deadline());
        int maxJobs = properties.maxJobs();
        int pageSize = Math.min(ApiClient.MAX_PAGE_SIZE, maxJobs);
        Tally overall = new Tally();
        Map<String, Tally> byKind = new TreeMap<>();
        int read = 0;
        String cursor = null;
        boolean more = true;
        while (more) {
            JobPage page = api.listJobs(pageSize, cursor, deadline);
            for (ApiJob job : page.items()) {
                if (query.isBefore(job.createdAt())) {
                    return summary(query, read, false, overall, byKind);
                }
                if (read == maxJobs) {
                    return summary(query, read, true, overall, byKind);
                }
                read++;
                if (query.covers(job)) {
                    overall.add(job);
                    byKind.computeIfAbsent(job.kind(), kind -> new Tally()).add(job);
                }
            }
            cursor = page.nextCursor();
            more = cursor != null;
        }
        return summary(query, read, false, overall, byKind);
    }

    private JobSummary summary(ReportQuery query, int read, boolean truncated, Tally overall, Map<String, Tally> byKind) {
        Map<String, KindSummary> kinds = new LinkedHashMap<>();
        byKind.forEach((kind, tally) -> kinds.put(kind, tally.summary()));
        return new JobSummary(clock.instant(), query.since(), query.kind(), read, truncated,
                overall.summary(), Collections.unmodifiableMap(kinds));
    }
}
