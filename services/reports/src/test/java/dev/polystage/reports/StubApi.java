package dev.polystage.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the api's GET /jobs: pages keyed by the cursor asked for ("" for the first),
 * each a status, a body and an optional delay, or {@link Answer#NEVER}; any other path is a 404.
 * Records the path and query of every request ({@code /jobs?limit=100}); a test can wait for them
 * to arrive ({@link #awaitRequests}).
 */
public final class StubApi implements AutoCloseable {

    /**
     * delay null: see {@link #NEVER}. chunked: sent without Content-Length, as a streamed body is.
     * stalled: see {@link #stalled}.
     */
    public record Answer(int status, String body, Duration delay, boolean chunked, StalledBody stalled) {

        public Answer(int status, String body, Duration delay) {
            this(status, body, delay, false);
        }

        public Answer(int status, String body, Duration delay, boolean chunked) {
            this(status, body, delay, chunked, null);
        }

        /**
         * A 200 whose headers and first part of the body (head) are sent at once, without
         * Content-Length, and the rest only after {@link StalledBody#release}: an api that starts
         * answering and then trickles, or stops, with the connection open.
         */
        public static Answer stalled(String head, StalledBody stalled) {
            return new Answer(200, head, Duration.ZERO, true, stalled);
        }

        /**
         * No answer at all until the stub is reset or closed: a timeout test then depends on the
         * client giving up, never on how fast this machine is (a fixed delay only races the client).
         */
        public static final Answer NEVER = new Answer(0, "", null, false);
    }

    /**
     * Holds the bodies of {@link Answer#stalled} answers until {@link #release} (or the stub's
     * reset or close). Released, each writes {@link #FILLER_BYTES} more bytes of white space and
     * ends the body; a write failing means the client had closed the connection.
     */
    public static final class StalledBody {

        /** Far more than the socket buffers take while a closed client's reset is on its way. */
        public static final int FILLER_BYTES = 8 << 20;

        private final CountDownLatch release = new CountDownLatch(1);
        private final BlockingQueue<Boolean> ended = new LinkedBlockingQueue<>();

        public void release() {
            release.countDown();
        }

        /**
         * Waits until count held answers have ended after {@link #release} (the bound only turns a
         * hang into a failure) and says how many of them found the client gone.
         */
        public int awaitClientsGone(int count) throws InterruptedException {
            int gone = 0;
            for (int i = 0; i < count; i++) {
                Boolean clientGone = ended.poll(2, TimeUnit.MINUTES);
                if (clientGone == null) {
                    throw new AssertionError("a stalled answer did not end: the client neither closed nor read it");
                }
                gone += clientGone ? 1 : 0;
            }
            return gone;
        }
    }

    /** Stalled answers taken, let go on reset and close so that no handler waits for good. */
    private final List<StalledBody> stalls = new CopyOnWriteArrayList<>();

    private final HttpServer server;
    private final Map<String, Answer> pages = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** One permit per request received, taken by {@link #awaitRequests}. */
    private final Semaphore arrivals = new Semaphore(0);
    /** Lets go of the requests held by {@link Answer#NEVER}; replaced on each reset. */
    private volatile CountDownLatch letGo = new CountDownLatch(1);

    public StubApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        // One thread per request: a slow answer must not hold up the next test's requests.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    private static StubApi shared;

    /**
     * One stub for every Spring test in this JVM (each test resets it): Spring caches an app
     * context, and the api URL in it, across test classes, so the stub must outlive them all.
     */
    public static synchronized StubApi shared() {
        if (shared == null) {
            try {
                shared = new StubApi();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the pages and the requests seen, and lets go of any request held by NEVER. */
    public void reset() {
        CountDownLatch held = letGo;
        letGo = new CountDownLatch(1);
        held.countDown();
        stalls.forEach(StalledBody::release);
        stalls.clear();
        pages.clear();
        requests.clear();
        arrivals.drainPermits();
    }

    /**
     * Waits until count more requests have arrived (the waiting is on the event, not on time; the
     * bound only turns a hang into a failure).
     */
    public void awaitRequests(int count) throws InterruptedException {
        if (!arrivals.tryAcquire(count, 2, TimeUnit.MINUTES)) {
            throw new AssertionError("the stub api did not receive " + count + " request(s); it saw " + requests());
        }
    }

    public void page(String cursor, String nextCursor, String... jobs) {
        String body = "{\"items\":[" + String.join(",", jobs) + "],\"next_cursor\":"
                + (nextCursor == null ? "null" : "\"" + nextCursor + "\"") + "}";
        pages.put(cursor, new Answer(200, body, Duration.ZERO));
    }

    /**
     * Five jobs on two pages, newest first (created 10 min, 20 min, 40 min, 2 h and 3 h before now):
     * <pre>
     * id  kind        status     attempts  wait  run
     * j5  text-stats  succeeded  1         2 s   2 s
     * j4  text-stats  failed     2         1 s   1.5 s
     * j3  word-count  pending    0         -     -
     * j2  text-stats  succeeded  1         4 s   6 s
     * j1  word-count  leased     1         0.5 s -
     * </pre>
     */
    public void serveSampleJobs(Instant now) {
        page("", "page-2",
                job("j5", "text-stats", "succeeded", 1, now.minus(Duration.ofMinutes(10)), 2_000L, 4_000L),
                job("j4", "text-stats", "failed", 2, now.minus(Duration.ofMinutes(20)), 1_000L, 2_500L),
                job("j3", "word-count", "pending", 0, now.minus(Duration.ofMinutes(40)), null, null));
        page("page-2", null,
                job("j2", "text-stats", "succeeded", 1, now.minus(Duration.ofHours(2)), 4_000L, 10_000L),
                job("j1", "word-count", "leased", 1, now.minus(Duration.ofHours(3)), 500L, null));
    }

    public void answer(String cursor, Answer answer) {
        pages.put(cursor, answer);
    }

    /**
     * A list item as the api renders it: a job summary (no input, result or error; an input preview
     * of at most 80 characters). Started and finished are offsets in ms from created (null: not yet).
     */
    public static String job(String id, String kind, String status, int attempts, Instant created,
            Long startedAfterMs, Long finishedAfterMs) {
        return "{\"id\":\"" + id + "\",\"kind\":\"" + kind + "\",\"status\":\"" + status
                + "\",\"attempts\":" + attempts + ",\"created_at\":\"" + created + "\",\"updated_at\":\"" + created
                + "\",\"started_at\":" + time(created, startedAfterMs)
                + ",\"finished_at\":" + time(created, finishedAfterMs)
                + ",\"input_preview\":\"some text\"}";
    }

    private static String time(Instant created, Long afterMs) {
        return afterMs == null ? "null" : "\"" + created.plusMillis(afterMs) + "\"";
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(query == null ? path : path + "?" + query);
        arrivals.release();
        String cursor = query == null ? "" : Arrays.stream(query.split("&"))
                .filter(part -> part.startsWith("cursor="))
                .map(part -> part.substring("cursor=".length()))
                .collect(Collectors.joining());
        Answer notFound = new Answer(404, "{\"detail\":\"Not Found\"}", Duration.ZERO);
        Answer answer = path.equals("/jobs") ? pages.getOrDefault(cursor, notFound) : notFound;
        if (answer.stalled() != null) {
            stall(exchange, answer);
            return;
        }
        try {
            if (answer.delay() == null) {
                letGo.await();
            } else {
                Thread.sleep(answer.delay());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (answer.delay() == null) {
            exchange.close(); // held, never answered: the test is over and the client gone
            return;
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(answer.status(), answer.chunked() ? 0 : body.length);
            out.write(body);
        } catch (IOException clientGone) {
            // The client timed out and closed the connection: expected in timeout tests.
        }
    }

    private void stall(HttpExchange exchange, Answer answer) {
        StalledBody stalled = answer.stalled();
        stalls.add(stalled);
        boolean clientGone = false;
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(200, 0);
            out.write(answer.body().getBytes(StandardCharsets.UTF_8));
            out.flush();
            stalled.release.await();
            byte[] filler = new byte[8192];
            Arrays.fill(filler, (byte) ' ');
            for (int sent = 0; sent < StalledBody.FILLER_BYTES; sent += filler.length) {
                out.write(filler);
                out.flush();
            }
        } catch (IOException e) {
            clientGone = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stalled.ended.add(clientGone);
    }

    @Override
    public void close() {
        stalls.forEach(StalledBody::release);
        letGo.countDown();
        server.stop(0);
    }
}
