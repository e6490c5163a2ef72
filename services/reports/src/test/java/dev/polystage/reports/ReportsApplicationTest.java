package dev.polystage.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The whole app on a random port against a stub api: routes, JSON shape, status codes. The stub
 * answers at once, yet a first call on a cold JVM with the cores shared by other builds can take
 * seconds, so the app's bounds on the api are generous here: they only keep a hung stub from
 * hanging the build. The timeout paths have their own test, against a stub that never answers
 * ({@link SlowApiTest}).
 */
@TestPropertySource(properties = {"reports.api-timeout=60s", "reports.deadline=120s"})
class ReportsApplicationTest extends AppOverHttpTest {

    @BeforeEach
    void sampleJobs() {
        API.serveSampleJobs(Instant.now());
    }

    @Test
    void healthAnswersWithoutCallingTheApi() throws Exception {
        Answer answer = get("/healthz");

        assertEquals(200, answer.status());
        assertEquals("ok", answer.body().at("/status").asString());
        assertTrue(API.requests().isEmpty());
    }

    @Test
    void summaryIsSnakeCaseJsonWithFiguresPerKind() throws Exception {
        Answer answer = get("/jobs/summary");

        assertEquals(200, answer.status());
        JsonNode body = answer.body();
        assertEquals(5, body.at("/jobs_read").asInt());
        assertTrue(body.at("/since").isNull());
        assertEquals(2, body.at("/overall/by_status/succeeded").asInt());
        assertEquals(0.6667, body.at("/overall/success_rate").asDouble());
        assertEquals(4.0, body.at("/overall/wait_seconds/p90").asDouble());
        assertEquals(3, body.at("/by_kind/text-stats/total").asInt());
        assertEquals(2, body.at("/by_kind/word-count/total").asInt());
    }

    @Test
    void sinceAndKindNarrowTheReport() throws Exception {
        Answer answer = get("/jobs/summary?since=PT30M&kind=text-stats");

        assertEquals(200, answer.status());
        assertEquals(2, answer.body().at("/overall/total").asInt());
        assertEquals("text-stats", answer.body().at("/kind").asString());
        assertEquals(1, API.requests().size());
    }

    @Test
    void badQueryParametersAre400NamingEachProblem() throws Exception {
        Answer answer = get("/jobs/summary?sinse=PT1H&kind=Bad%20Kind");

        assertEquals(400, answer.status());
        assertEquals("bad query", answer.body().at("/error").asString());
        assertEquals("sinse: unknown parameter (expected since, kind); kind: \"Bad Kind\" is not a job kind"
                + " (lowercase letters, digits and '-', at most 64)", answer.body().at("/message").asString());
        assertTrue(API.requests().isEmpty());
    }

    @Test
    void anApiErrorIs502() throws Exception {
        API.answer("", new StubApi.Answer(503, "{\"status\":\"unavailable\"}", Duration.ZERO));

        Answer answer = get("/jobs/summary");

        assertEquals(502, answer.status());
        assertEquals("api unavailable", answer.body().at("/error").asString());
        assertEquals("GET " + API.url() + "/jobs?limit=100: answered 503, expected 200",
                answer.body().at("/message").asString());
    }
}
