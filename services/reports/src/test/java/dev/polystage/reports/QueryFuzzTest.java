package dev.polystage.reports;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Generated raw query strings (see {@link QueryInputs}) sent on the request line to the running
 * app, Tomcat included: every answer is a report (200) or the app's own "bad query" 400, never a
 * 5xx nor an error page of the server's. Written to a socket because an HTTP client would refuse
 * or repair the malformed ones.
 */
@TestPropertySource(properties = {"reports.api-timeout=60s", "reports.deadline=120s"})
class QueryFuzzTest extends AppOverHttpTest {

    private static final int TRIES = 300;

    @Test
    void noQueryStringIsAServerError() throws IOException {
        API.serveSampleJobs(Instant.now());
        QueryInputs inputs = new QueryInputs(QueryInputs.SEED);
        int[] byClass = new int[6];
        for (int i = 1; i <= TRIES; i++) {
            String query = inputs.rawQuery();
            String answer = answerTo("/jobs/summary?" + query);
            String trial = "try " + i + " of seed " + QueryInputs.SEED + ": GET /jobs/summary?" + query;
            assertTrue(answer.startsWith("HTTP/1.1 200 ") || answer.startsWith("HTTP/1.1 400 ") && answer.contains("\"error\":\"bad query\""),
                    trial + " answered:\n" + answer);
            byClass[answer.charAt(9) - '0']++;
        }
        // Both valid and invalid queries were sent, or the test checks less than it claims.
        assertTrue(byClass[2] > 0 && byClass[4] > 0, "2xx: " + byClass[2] + ", 4xx: " + byClass[4]);
    }

    /** The whole answer, status line first (the server closes the connection after it). */
    private String answerTo(String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(120_000); // only turns a hang into a failure
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
