package dev.polystage.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * An api that never answers makes the summary a 504. The stub holds the request for good, so the
 * outcome does not depend on how fast this machine is: whatever the load, the report's bound is
 * what ends the call. That bound is the deadline (2 s), not reports.api-timeout: the app uses
 * api-timeout for connecting too, and a short connect bound could turn into a 502 on a machine
 * too busy to finish even a loopback connect in time; kept generous, it never fires here.
 * ApiClient's own per-call timeout is covered in ReportServiceTest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"reports.api-timeout=60s", "reports.deadline=2s"})
class SlowApiTest {

    private static final StubApi API = StubApi.startShared();

    @DynamicPropertySource
    static void apiUrl(DynamicPropertyRegistry registry) {
        registry.add("reports.api-url", API::url);
    }

    @AfterAll
    static void stopApi() {
        API.close();
    }

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private ObjectMapper json;

    @Test
    void anApiThatNeverAnswersIs504() throws Exception {
        API.answer("", StubApi.Answer.NEVER);

        // Bounded only so that a broken timeout fails this test instead of hanging the build.
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobs/summary"))
                        .timeout(Duration.ofMinutes(2))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(504, response.statusCode());
        JsonNode body = json.readTree(response.body());
        assertEquals("api timed out", body.at("/error").asString());
        String message = body.at("/message").asString();
        assertTrue(message.startsWith("GET " + API.url() + "/jobs?limit=100: "), message);
    }
}
