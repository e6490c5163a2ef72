package dev.polystage.reports.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

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
     * returned it. The whole call, connecting, headers and body, ends by REPORTS_API_TIMEOUT or the
     * report's deadline, whichever is first.
     */
    public JobPage listJobs(int limit, String cursor, Instant deadline) {
        URI uri = URI.create(jobsUrl + "?limit=" + limit
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
        String call = "GET " + uri;
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new ApiException(ApiException.Failure.TIMED_OUT, call + ": the report's deadline passed", null);
        }
        Duration bound = left.compareTo(timeout) < 0 ? left : timeout;
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(bound) // the JDK's bound ends once the headers are in; readPage bounds the body
                .header("Accept", "application/json")
                .GET()
                .build();
        byte[] body = readPage(call, request, bound);
        try {
            return json.readValue(body, JobPage.class);
        } catch (JacksonException e) {
            throw new ApiException(ApiException.Failure.UNAVAILABLE,
                    call + ": the answer is not a job page (" + e.getOriginalMessage() + ")", e);
        }
    }

    /**
     * The body of a 200 answer, at most maxPageBytes of it, all of it within {@code bound} of the
     * call's start. Two bounds, one duration: the request's own timeout covers connecting and the
     * headers (the JDK tells a connect that never completes, a 502, from an api that does not
     * answer, a 504), then ends; what is left of the bound covers the body, so an answer that
     * sends its headers and then trickles (or stops) cannot hold the report, and its slot, past it.
     * Running out cancels the exchange, which on HTTP/1.1 closes the connection.
     */
    private byte[] readPage(String call, HttpRequest request, Duration bound) {
        long end = System.nanoTime() + bound.toNanos();
        CompletableFuture<Void> headersOrEnd = new CompletableFuture<>();
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, info -> {
            headersOrEnd.complete(null);
            return pageBody(call, info);
        });
        exchange.whenComplete((response, error) -> headersOrEnd.complete(null));
        try {
            headersOrEnd.get(); // bounded by the request's timeout, which only the headers arriving stop
            return exchange.get(end - System.nanoTime(), TimeUnit.NANOSECONDS).body();
        } catch (TimeoutException e) {
            exchange.cancel(true); // cancel(false) would not touch the exchange
            throw new ApiException(ApiException.Failure.TIMED_OUT, call + ": no answer in time (the headers came,"
                    + " the body did not end within " + bound.toMillis() + " ms)", e);
        } catch (ExecutionException e) {
            throw failure(call, e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new ApiException(ApiException.Failure.UNAVAILABLE, call + ": interrupted", e);
        }
    }

    private static ApiException failure(String call, Throwable cause) {
        return switch (cause) {
            case ApiException e -> e; // from the body subscriber: not 200, or over the cap
            // No connection at all (e.g. the api's address no longer routes): unreachable, not slow.
            case HttpConnectTimeoutException e ->
                new ApiException(ApiException.Failure.UNAVAILABLE, call + ": could not connect in time", e);
            case HttpTimeoutException e ->
                new ApiException(ApiException.Failure.TIMED_OUT, call + ": no answer in time (" + e.getMessage() + ")", e);
            case IOException e -> new ApiException(ApiException.Failure.UNAVAILABLE, call + ": " + describe(e), e);
            default -> new ApiException(ApiException.Failure.UNAVAILABLE, call + ": " + cause, cause);
        };
    }

    /**
     * Where the body goes once the headers are in: a non-200 status or a declared Content-Length
     * over the cap fails without reading it; otherwise it is collected up to the cap and one byte
     * past it fails the call. Either way the subscription is cancelled, which drops the connection.
     */
    private HttpResponse.BodySubscriber<byte[]> pageBody(String call, HttpResponse.ResponseInfo info) {
        if (info.statusCode() != 200) {
            return new CappedBody(0, () -> new ApiException(ApiException.Failure.UNAVAILABLE,
                    call + ": answered " + info.statusCode() + ", expected 200", null));
        }
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > maxPageBytes) {
            return new CappedBody(0, () -> tooLarge(call, declared + " bytes declared"));
        }
        return new CappedBody(maxPageBytes, () -> tooLarge(call, "more than that sent"));
    }

    /** Collects a body of at most max bytes (max 0 with a failure: fails at once without reading). */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int max;
        private final Supplier<ApiException> over;
        private Flow.Subscription subscription;

        CappedBody(int max, Supplier<ApiException> over) {
            this.max = max;
            this.over = over;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (max == 0) {
                fail();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return; // failed already; the cancelled subscription may still deliver
            }
            for (ByteBuffer buffer : buffers) {
                if (buffer.remaining() > max - bytes.size()) {
                    fail();
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
            subscription.request(1);
        }

        private void fail() {
            subscription.cancel();
            body.completeExceptionally(over.get());
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
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
