package dev.polystage.reports;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The whole app on a random port against the shared stub api, which each test starts from empty.
 * Subclasses set the app's properties with {@code @TestPropertySource}; the request timeout here
 * only turns a hang into a failure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AppOverHttpTest {

    protected static final StubApi API = StubApi.shared();

    @DynamicPropertySource
    static void apiUrl(DynamicPropertyRegistry registry) {
        registry.add("reports.api-url", API::url);
    }

    @Value("${local.server.port}")
    protected int port;

    @Autowired
    protected ObjectMapper json;

    protected final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void resetApi() {
        API.reset();
    }

    protected record Answer(int status, HttpHeaders headers, JsonNode body) {}

    protected HttpRequest request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofMinutes(2))
                .build();
    }

    protected Answer answer(HttpResponse<String> response) {
        return new Answer(response.statusCode(), response.headers(), json.readTree(response.body()));
    }

    protected Answer get(String pathAndQuery) throws IOException, InterruptedException {
        return answer(http.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofString()));
    }
}
