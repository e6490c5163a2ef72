package dev.polystage.reports;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration, from the environment through application.properties (REPORTS_API_URL,
 * REPORTS_API_TIMEOUT, REPORTS_DEADLINE, REPORTS_MAX_JOBS, REPORTS_MAX_PAGE_BYTES,
 * REPORTS_MAX_CONCURRENT_SUMMARIES). Invalid values stop the app at startup with every problem named.
 *
 * @param apiUrl base URL of the api; "/jobs" is appended to its path
 * @param apiTimeout bound on each call to the api, connecting, headers and body included
 * @param deadline bound on building one report, all pages included
 * @param maxJobs most jobs one report reads; beyond it the report says it is truncated
 * @param maxPageBytes most bytes read of one api page; a bigger answer fails the report (502)
 * @param maxConcurrentSummaries reports built at once; one more is answered 503 at once
 */
@ConfigurationProperties("reports")
public record ReportsProperties(URI apiUrl, Duration apiTimeout, Duration deadline, int maxJobs,
        DataSize maxPageBytes, int maxConcurrentSummaries) {

    static final DataSize MIN_PAGE_BYTES = DataSize.ofKilobytes(1);
    static final DataSize MAX_PAGE_BYTES = DataSize.ofMegabytes(256);

    public ReportsProperties {
        List<String> problems = new ArrayList<>();
        if (apiUrl == null || !("http".equals(apiUrl.getScheme()) || "https".equals(apiUrl.getScheme()))
                || apiUrl.getHost() == null || apiUrl.getRawQuery() != null || apiUrl.getRawFragment() != null) {
            problems.add("REPORTS_API_URL: \"" + apiUrl + "\" must be an absolute http(s) URL without query or fragment");
        }
        if (apiTimeout == null || apiTimeout.isNegative() || apiTimeout.isZero()) {
            problems.add("REPORTS_API_TIMEOUT: " + apiTimeout + " must be positive (e.g. 5s)");
        }
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            problems.add("REPORTS_DEADLINE: " + deadline + " must be positive (e.g. 20s)");
        }
        if (maxJobs < 1 || maxJobs > 1_000_000) {
            problems.add("REPORTS_MAX_JOBS: " + maxJobs + " must be between 1 and 1000000");
        }
        if (maxPageBytes == null || maxPageBytes.compareTo(MIN_PAGE_BYTES) < 0 || maxPageBytes.compareTo(MAX_PAGE_BYTES) > 0) {
            problems.add("REPORTS_MAX_PAGE_BYTES: " + (maxPageBytes == null ? null : maxPageBytes.toBytes())
                    + " must be between 1024 and 268435456 bytes (e.g. 1048576 or 1MB)");
        }
        if (maxConcurrentSummaries < 1 || maxConcurrentSummaries > 1000) {
            problems.add("REPORTS_MAX_CONCURRENT_SUMMARIES: " + maxConcurrentSummaries + " must be between 1 and 1000");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }
}
