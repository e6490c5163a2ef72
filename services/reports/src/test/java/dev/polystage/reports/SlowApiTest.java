package dev.polystage.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * An api that never answers makes the summary a 504. The stub holds the request for good, so the
 * outcome does not depend on how fast this machine is: whatever the load, the report's bound is
 * what ends the call. That bound is the deadline (2 s), not reports.api-timeout: the app uses
 * api-timeout for connecting too, and a short connect bound could turn into a 502 on a machine
 * too busy to finish even a loopback connect in time; kept generous, it never fires here.
 * ApiClient's own per-call timeout is covered in ReportServiceTest.
 */
@TestPropertySource(properties = {"reports.api-timeout=60s", "reports.deadline=2s"})
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
}
