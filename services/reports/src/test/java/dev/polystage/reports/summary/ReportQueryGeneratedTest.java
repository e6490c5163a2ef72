package dev.polystage.reports.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.polystage.reports.QueryInputs;

/**
 * Generated parameters (see {@link QueryInputs}): parsing any of them gives a ReportQuery that
 * matches them, or a BadQueryException whose message starts by naming a parameter; never another
 * exception (which the app would answer with a 500).
 */
class ReportQueryGeneratedTest {

    private static final int TRIES = 5_000;
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void anyParametersGiveAQueryOrABadQueryNamingAParameter() {
        QueryInputs inputs = new QueryInputs(QueryInputs.SEED);
        int accepted = 0;
        for (int i = 1; i <= TRIES; i++) {
            Map<String, List<String>> parameters = inputs.parameters();
            String trial = "try " + i + " of seed " + QueryInputs.SEED + ", parameters " + parameters;
            try {
                expectMatching(parameters, ReportQuery.parse(parameters, CLOCK), trial);
                accepted++;
            } catch (BadQueryException e) {
                String message = e.getMessage();
                assertTrue(parameters.keySet().stream().anyMatch(name -> message.startsWith(name + ":")),
                        trial + ": the message names no parameter: " + message);
            } catch (RuntimeException e) {
                fail(trial + ": " + e, e);
            }
        }
        // The inputs must reach both outcomes, or the test checks less than it claims.
        assertTrue(accepted > TRIES / 20, "only " + accepted + " of " + TRIES + " generated queries were valid");
        assertTrue(accepted < TRIES - TRIES / 20, accepted + " of " + TRIES + " generated queries were valid");
    }

    /** An accepted query: only known names, each at most once, and what was given is what is kept. */
    private static void expectMatching(Map<String, List<String>> parameters, ReportQuery query, String trial) {
        assertTrue(Set.of("since", "kind").containsAll(parameters.keySet()), trial);
        parameters.values().forEach(values -> assertTrue(values.size() <= 1, trial));
        List<String> kind = parameters.getOrDefault("kind", List.of());
        assertEquals(kind.isEmpty() ? null : kind.getFirst(), query.kind(), trial);
        if (parameters.getOrDefault("since", List.of()).isEmpty()) {
            assertNull(query.since(), trial);
        } else {
            assertNotNull(query.since(), trial);
            assertFalse(query.since().isAfter(NOW), trial);
        }
    }
}
