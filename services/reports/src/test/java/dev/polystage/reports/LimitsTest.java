package dev.polystage.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * REPORTS_MAX_CONCURRENT_SUMMARIES over HTTP: with one slot, a summary held by the api makes the
 * next one a 503 with Retry-After, and the slot comes back when the held one ends. Every step waits
 * on an event (the stub seeing the request, the held answer completing), never on time.
 */
@TestPropertySource(properties = {"reports.api-timeout=60s", "reports.deadline=120s",
        "reports.max-concurrent-summaries=1"})
class LimitsTest extends AppOverHttpTest {

    @Test
    void aSummaryPastTheConcurrencyCapIs503WithRetryAfter() throws Exception {
        API.answer("", StubApi.Answer.NEVER);
        CompletableFuture<HttpResponse<String>> held =
                http.sendAsync(request("/jobs/summary"), HttpResponse.BodyHandlers.ofString());
        API.awaitRequests(1); // the held summary has the only slot

        Answer busy = get("/jobs/summary?kind=text-stats");

        assertEquals(503, busy.status());
        assertEquals("1", busy.headers().firstValue("Retry-After").orElse(null));
        assertEquals("busy", busy.body().at("/error").asString());
        assertEquals("1 summaries are being built (REPORTS_MAX_CONCURRENT_SUMMARIES); retry shortly",
                busy.body().at("/message").asString());
        assertEquals(1, API.requests().size()); // refused without calling the api

        // A bad query is still a 400 while the slot is taken: parameters are checked first.
        assertEquals(400, get("/jobs/summary?since=P1000000000000D").status());

        API.reset(); // the stub drops the held request unanswered: that summary ends as a 502
        assertEquals(502, held.get(2, TimeUnit.MINUTES).statusCode());

        API.serveSampleJobs(Instant.now());
        assertEquals(200, get("/jobs/summary").status());
    }
}
