package dev.polystage.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * An api that never answers makes the summary a 504. The stub holds the request for good, so the
 * outcome does not depend on how fast this machine is: whatever the load, the report's bound is
 * what ends the call. That bound is the deadline (2 s), not reports.api-timeout: the app uses
 * api-timeout for connecting too, and a short connect bound could turn into a 502 on a machine
 * too busy to finish even a loopback connect in time; kept generous, it never fires here.
 * ApiClient's own per-call timeout is covered in ReportServiceTest. The page cap is raised above
 * what a released stalled answer sends (StubApi.StalledBody), so only a closed connection fails it.
 */
@TestPropertySource(properties = {"reports.api-timeout=60s", "reports.deadline=2s", "reports.max-page-bytes=64MB"})
class SlowApiTest extends AppOverHttpTest {

    @Test
    void anApiThatNeverAnswersIs504() throws Exception {
        API.answer("", StubApi.Answer.NEVER);

        Answer answer = get("/jobs/summary");

        assertEquals(504, answer.status());
        assertEquals("api timed out", answer.body().at("/error").asString());
        String message = answer.body().at("/message").asString();
        assertTrue(message.startsWith("GET " + API.url() + "/jobs?limit=100: "), message);
    }

    /**
     * Headers and a first chunk, then nothing: the deadline bounds the body too. As many such
     * answers as REPORTS_MAX_CONCURRENT_SUMMARIES (4) each end as a 504 and give their slot back,
     * so the next summary is answered (it used to be a 503 for as long as the api held them).
     */
    @Test
    void bodiesThatNeverEndAre504AndGiveTheirSlotsBack() throws Exception {
        StubApi.StalledBody stalled = new StubApi.StalledBody();
        API.answer("", StubApi.Answer.stalled("{\"items\":[", stalled));

        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            slow.add(http.sendAsync(request("/jobs/summary"), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> each : slow) {
            Answer answer = answer(each.get(2, TimeUnit.MINUTES));
            assertEquals(504, answer.status());
            assertEquals("api timed out", answer.body().at("/error").asString());
        }

        API.serveSampleJobs(Instant.now()); // the stub still holds the four stalled answers
        assertEquals(200, get("/jobs/summary").status());

        stalled.release();
        assertEquals(4, stalled.awaitClientsGone(4), "a timed-out call left its connection open");
    }
}
