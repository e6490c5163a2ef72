package dev.polystage.reports;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Generated raw query strings (see {@link QueryInputs}) sent on the request line to the running
 * app, Tomcat included: every answer is below 500. Written to a socket because an HTTP client
 * would refuse or repair the malformed ones.
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
            int status = statusOf("/jobs/summary?" + query);
            assertTrue(status >= 200 && status < 500,
                    "try " + i + " of seed " + QueryInputs.SEED + ": GET /jobs/summary?" + query + " answered " + status);
            byClass[status / 100]++;
        }
        // Both valid and invalid queries were sent, or the test checks less than it claims.
        assertTrue(byClass[2] > 0 && byClass[4] > 0, "2xx: " + byClass[2] + ", 4xx: " + byClass[4]);
    }

    private int statusOf(String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(120_000); // only turns a hang into a failure
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.1 200"
            assertTrue(statusLine.startsWith("HTTP/1.1 "), target + ": no status line, got \"" + statusLine + "\"");
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
