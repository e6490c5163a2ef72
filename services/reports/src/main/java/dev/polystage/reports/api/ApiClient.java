package dev.polystage.reports.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;

import dev.polystage.reports.ReportsProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/** Reads the api's job list (GET /jobs, newest first, cursor paging). */
@Component
public class ApiClient {

    /** The api's largest page. */
    public static final int MAX_PAGE_SIZE = 100;

    private final HttpClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final String jobsUrl;
    private final Duration timeout;
    private final int maxPageBytes;

    public ApiClient(ReportsProperties properties, ObjectMapper json, Clock clock) {
        this.timeout = properties.apiTimeout();
        this.maxPageBytes = (int) properties.maxPageBytes().toBytes();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
        this.json = json;
        this.clock = clock;
        this.jobsUrl = properties.apiUrl().toString().replaceAll("/+$", "") + "/jobs";
    }

    /**
     * One page of jobs: the newest ones when cursor is null, else those after the page that
     * returned it. The call ends by REPORTS_API_TIMEOUT or the deadline, whichever is first.
     */
    public JobPage listJobs(int limit, String cursor, Instant deadline) {
        URI uri = URI.create(jobsUrl + "?limit=" + limit
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
        String call = "GET " + uri;
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new ApiException(ApiException.Failure.TIMED_OUT, call + ": the report's deadline passed", null);
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(left.compareTo(timeout) < 0 ? left : timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        byte[] body;
        try {
            body = readPage(call, request);
        } catch (HttpConnectTimeoutException e) {
            // No connection at all (e.g. the api's address no longer routes): unreachable, not slow.
            throw new ApiException(ApiException.Failure.UNAVAILABLE, call + ": could not connect in time", e);
        } catch (HttpTimeoutException e) {
            throw new ApiException(ApiException.Failure.TIMED_OUT, call + ": no answer in time (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ApiException(ApiException.Failure.UNAVAILABLE, call + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ApiException.Failure.UNAVAILABLE, call + ": interrupted", e);
        }
        try {
            return json.readValue(body, JobPage.class);
        } catch (JacksonException e) {
            throw new ApiException(ApiException.Failure.UNAVAILABLE,
                    call + ": the answer is not a job page (" + e.getOriginalMessage() + ")", e);
        }
    }

    /**
     * The body of a 200 answer, at most maxPageBytes of it. The body is streamed and read only up
     * to one byte past the cap: a larger answer (a list of full jobs, a proxy's error page) fails
     * the report instead of being held in memory. Closing the stream early drops the connection.
     */
    private byte[] readPage(String call, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new ApiException(ApiException.Failure.UNAVAILABLE,
                        call + ": answered " + response.statusCode() + ", expected 200", null);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxPageBytes) {
                throw tooLarge(call, declared + " bytes declared");
            }
            byte[] body = in.readNBytes(maxPageBytes + 1);
            if (body.length > maxPageBytes) {
                throw tooLarge(call, "more than that sent");
            }
            return body;
        }
    }

    private ApiException tooLarge(String call, String what) {
        return new ApiException(ApiException.Failure.UNAVAILABLE, call + ": the answer exceeds REPORTS_MAX_PAGE_BYTES ("
                + maxPageBytes + " bytes; " + what + "), so it is not a page of job summaries", null);
    }

    /** The JDK's connect errors often have no message ("ConnectException: null"). */
    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
