package dev.polystage.reports.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import dev.polystage.reports.ReportsProperties;
import dev.polystage.reports.StubApi;
import dev.polystage.reports.api.ApiClient;
import dev.polystage.reports.api.ApiException;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

class ReportServiceTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private StubApi api;

    @BeforeEach
    void startApi() throws IOException {
        api = new StubApi();
        api.serveSampleJobs(NOW);
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    /**
     * Bounds on the api for tests that are not about them. The stub answers at once, but a first
     * call on a cold JVM with the cores shared by other builds can take seconds: these only keep a
     * hung stub from hanging the build.
     */
    private static final Duration GENEROUS_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration GENEROUS_DEADLINE = Duration.ofSeconds(120);

    private static final DataSize DEFAULT_PAGE_BYTES = DataSize.ofMegabytes(1);

    private ReportService service(String apiUrl, Duration timeout, Duration deadline, int maxJobs,
            DataSize maxPageBytes, int maxConcurrent) {
        ReportsProperties properties = new ReportsProperties(URI.create(apiUrl), timeout, deadline, maxJobs,
                maxPageBytes, maxConcurrent);
        return new ReportService(new ApiClient(properties, JSON, CLOCK), CLOCK, properties);
    }

    private ReportService service(String apiUrl, Duration timeout, Duration deadline, int maxJobs) {
        return service(apiUrl, timeout, deadline, maxJobs, DEFAULT_PAGE_BYTES, 4);
    }

    private ReportService service(String apiUrl, int maxJobs) {
        return service(apiUrl, GENEROUS_TIMEOUT, GENEROUS_DEADLINE, maxJobs);
    }

    private JobSummary summarize(ReportQuery query) {
        return service(api.url(), 10_000).summarize(query);
    }

    @Test
    void readsEveryPageAndSummarizesOverallAndPerKind() {
        JobSummary summary = summarize(new ReportQuery(null, null));

        assertEquals(List.of("/jobs?limit=100", "/jobs?limit=100&cursor=page-2"), api.requests());
        assertEquals(5, summary.jobsRead());
        assertFalse(summary.truncated());
        assertEquals(NOW, summary.generatedAt());
        KindSummary overall = summary.overall();
        assertEquals(5, overall.total());
        assertEquals(Map.of("pending", 1, "leased", 1, "succeeded", 2, "failed", 1), overall.byStatus());
        assertEquals(0.6667, overall.successRate());
        assertEquals(1, overall.retried());
        assertEquals(new DurationStats(4, 0.5, 1.0, 4.0, 4.0, 4.0, 1.875), overall.waitSeconds());
        assertEquals(new DurationStats(3, 1.5, 2.0, 6.0, 6.0, 6.0, 3.167), overall.runSeconds());

        assertEquals(List.of("text-stats", "word-count"), List.copyOf(summary.byKind().keySet()));
        KindSummary words = summary.byKind().get("word-count");
        assertEquals(2, words.total());
        assertNull(words.successRate());
        assertEquals(new DurationStats(0, null, null, null, null, null, null), words.runSeconds());
    }

    @Test
    void sinceStopsAtTheFirstOlderJobWithoutReadingFurtherPages() {
        JobSummary summary = summarize(new ReportQuery(NOW.minus(Duration.ofMinutes(30)), null));

        assertEquals(List.of("/jobs?limit=100"), api.requests());
        assertEquals(2, summary.jobsRead());
        assertEquals(2, summary.overall().total());
        assertEquals(Map.of("pending", 0, "leased", 0, "succeeded", 1, "failed", 1), summary.overall().byStatus());
    }

    @Test
    void kindKeepsOnlyThatKindButReadsTheWholeWindow() {
        JobSummary summary = summarize(new ReportQuery(null, "word-count"));

        assertEquals(5, summary.jobsRead());
        assertEquals(2, summary.overall().total());
        assertEquals(List.of("word-count"), List.copyOf(summary.byKind().keySet()));
    }

    @Test
    void maxJobsTruncatesAndSaysSo() {
        JobSummary summary = service(api.url(), 4).summarize(new ReportQuery(null, null));

        assertEquals(List.of("/jobs?limit=4", "/jobs?limit=4&cursor=page-2"), api.requests());
        assertEquals(4, summary.jobsRead());
        assertTrue(summary.truncated());
        assertEquals(4, summary.overall().total());
    }

    @Test
    void anUnreachableApiIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ApiException error = assertThrows(ApiException.class,
                () -> service("http://127.0.0.1:" + closedPort, 100).summarize(new ReportQuery(null, null)));

        assertEquals(ApiException.Failure.UNAVAILABLE, error.failure());
        assertTrue(error.getMessage().startsWith("GET http://127.0.0.1:" + closedPort + "/jobs?limit=100: ConnectException"),
                error.getMessage());
    }

    @Test
    void anErrorStatusIsUnavailable() {
        api.answer("", new StubApi.Answer(500, "{\"detail\":\"boom\"}", Duration.ZERO));

        ApiException error = assertThrows(ApiException.class, () -> summarize(new ReportQuery(null, null)));

        assertEquals(ApiException.Failure.UNAVAILABLE, error.failure());
        assertEquals("GET " + api.url() + "/jobs?limit=100: answered 500, expected 200", error.getMessage());
    }

    @Test
    void anAnswerThatIsNotAJobPageIsUnavailable() {
        api.answer("", new StubApi.Answer(200, "<html>proxy login</html>", Duration.ZERO));

        ApiException error = assertThrows(ApiException.class, () -> summarize(new ReportQuery(null, null)));

        assertEquals(ApiException.Failure.UNAVAILABLE, error.failure());
        assertTrue(error.getMessage().contains("the answer is not a job page"), error.getMessage());
    }

    // The two timeout tests hold the request for good (StubApi.Answer.NEVER): only the client
    // giving up ends the call, whatever the load. (A stub that answers after a delay races the
    // client's timeout instead.)

    @Test
    void anApiThatNeverAnswersTimesOutAtTheCallTimeout() {
        api.answer("", StubApi.Answer.NEVER);

        // 2 s, not less: ApiClient bounds connecting with the same REPORTS_API_TIMEOUT, and a
        // loopback connect only misses that bound if this JVM waits that long for a core.
        ApiException error = assertThrows(ApiException.class,
                () -> service(api.url(), Duration.ofSeconds(2), GENEROUS_DEADLINE, 100).summarize(new ReportQuery(null, null)));

        assertEquals(ApiException.Failure.TIMED_OUT, error.failure());
        assertTrue(error.getMessage().startsWith("GET " + api.url() + "/jobs?limit=100: no answer in time"), error.getMessage());
    }

    @Test
    void anApiThatNeverAnswersTimesOutAtTheReportsDeadline() {
        api.answer("", StubApi.Answer.NEVER);

        // The clock is fixed, so the whole deadline is left for the call and bounds it.
        ApiException error = assertThrows(ApiException.class,
                () -> service(api.url(), GENEROUS_TIMEOUT, Duration.ofMillis(500), 100).summarize(new ReportQuery(null, null)));

        assertEquals(ApiException.Failure.TIMED_OUT, error.failure());
        assertTrue(error.getMessage().startsWith("GET " + api.url() + "/jobs?limit=100: no answer in time"), error.getMessage());
    }

    /**
     * The request timeout ends once the headers are in; the body is bounded too. The stub sends the
     * headers and a first chunk, then holds the rest until the assertions are done: only the
     * client giving up ends the call. The page cap (64 MiB) is far above what the stub sends
     * after release, so only a closed connection makes its writes fail.
     */
    @Test
    void aBodyThatNeverEndsTimesOutFreesItsSlotAndClosesTheConnection() throws Exception {
        ReportService service = service(api.url(), Duration.ofSeconds(2), GENEROUS_DEADLINE, 10_000,
                DataSize.ofMegabytes(64), 1);
        StubApi.StalledBody stalled = new StubApi.StalledBody();
        api.answer("", StubApi.Answer.stalled("{\"items\":[", stalled));

        CompletableFuture<JobSummary> first = CompletableFuture.supplyAsync(
                () -> service.summarize(new ReportQuery(null, null)));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> first.get(2, TimeUnit.MINUTES));
        ApiException error = (ApiException) failed.getCause();
        assertEquals(ApiException.Failure.TIMED_OUT, error.failure());
        assertTrue(error.getMessage().startsWith("GET " + api.url() + "/jobs?limit=100: no answer in time"),
                error.getMessage());

        // The only slot is free while the stub still holds that answer.
        api.serveSampleJobs(NOW);
        assertEquals(5, service.summarize(new ReportQuery(null, null)).jobsRead());

        stalled.release();
        assertEquals(1, stalled.awaitClientsGone(1), "the timed-out call left its connection open");
    }

    @Test
    void anApiUrlWithABasePathKeepsIt() {
        ApiException error = assertThrows(ApiException.class,
                () -> service(api.url() + "/v1/", 100).summarize(new ReportQuery(null, null)));

        assertEquals(List.of("/v1/jobs?limit=100"), api.requests());
        assertEquals("GET " + api.url() + "/v1/jobs?limit=100: answered 404, expected 200", error.getMessage());
    }
    /** A page of 3 000 job summaries (about 600 kB). */
    private String oversizedPage() {
        String[] jobs = new String[3_000];
        for (int i = 0; i < jobs.length; i++) {
            jobs[i] = StubApi.job("j" + i, "text-stats", "succeeded", 1, NOW.minusSeconds(i), 10L, 20L);
        }
        return "{\"items\":[" + String.join(",", jobs) + "],\"next_cursor\":null}";
    }

    @Test
    void aPageLargerThanTheCapIsUnavailableWhetherItsLengthIsDeclaredOrNot() {
        String page = oversizedPage();
        int size = page.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        ReportService capped = service(api.url(), GENEROUS_TIMEOUT, GENEROUS_DEADLINE, 10_000,
                DataSize.ofBytes(size - 1), 4);
        for (boolean chunked : new boolean[] {false, true}) {
            api.answer("", new StubApi.Answer(200, page, Duration.ZERO, chunked));

            ApiException error = assertThrows(ApiException.class, () -> capped.summarize(new ReportQuery(null, null)));

            assertEquals(ApiException.Failure.UNAVAILABLE, error.failure());
            assertTrue(error.getMessage().startsWith("GET " + api.url() + "/jobs?limit=100: the answer exceeds"
                    + " REPORTS_MAX_PAGE_BYTES (" + (size - 1) + " bytes; "), error.getMessage());
        }
        // The same page at exactly the cap is read, both ways.
        ReportService exact = service(api.url(), GENEROUS_TIMEOUT, GENEROUS_DEADLINE, 10_000, DataSize.ofBytes(size), 4);
        for (boolean chunked : new boolean[] {false, true}) {
            api.answer("", new StubApi.Answer(200, page, Duration.ZERO, chunked));
            assertEquals(3_000, exact.summarize(new ReportQuery(null, null)).jobsRead(), "chunked: " + chunked);
        }
    }

    @Test
    void summariesPastTheCapAreRefusedAtOnceAndAPermitComesBackWhenOneFails() throws Exception {
        ReportService service = service(api.url(), GENEROUS_TIMEOUT, GENEROUS_DEADLINE, 10_000, DEFAULT_PAGE_BYTES, 1);
        api.answer("", StubApi.Answer.NEVER);
        CompletableFuture<JobSummary> first = CompletableFuture.supplyAsync(
                () -> service.summarize(new ReportQuery(null, null)));
        api.awaitRequests(1); // the first summary holds the only permit, waiting on the api

        BusyException busy = assertThrows(BusyException.class, () -> service.summarize(new ReportQuery(null, null)));
        assertEquals("1 summaries are being built (REPORTS_MAX_CONCURRENT_SUMMARIES); retry shortly", busy.getMessage());

        api.reset(); // lets go of the held request: the stub closes it unanswered, the first summary fails
        ExecutionException failed = assertThrows(ExecutionException.class, () -> first.get(2, TimeUnit.MINUTES));
        assertEquals(ApiException.Failure.UNAVAILABLE, ((ApiException) failed.getCause()).failure());

        api.serveSampleJobs(NOW);
        assertEquals(5, service.summarize(new ReportQuery(null, null)).jobsRead());
    }
}
