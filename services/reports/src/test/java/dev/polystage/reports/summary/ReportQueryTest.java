package dev.polystage.reports.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReportQueryTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static ReportQuery parse(Map<String, List<String>> parameters) {
        return ReportQuery.parse(parameters, CLOCK);
    }

    private static String problem(Map<String, List<String>> parameters) {
        return assertThrows(BadQueryException.class, () -> parse(parameters)).getMessage();
    }

    @Test
    void noParametersIsEverything() {
        assertEquals(new ReportQuery(null, null), parse(Map.of()));
    }

    @Test
    void sinceIsAnInstantOrADurationBackFromNow() {
        assertEquals(Instant.parse("2026-02-28T00:00:00Z"),
                parse(Map.of("since", List.of("2026-02-28T00:00:00Z"))).since());
        assertEquals(Instant.parse("2026-03-01T10:00:00+02:00"),
                parse(Map.of("since", List.of("2026-03-01T10:00:00+02:00"))).since());
        assertEquals(NOW.minusSeconds(6 * 3600), parse(Map.of("since", List.of("PT6H"))).since());
        assertEquals(NOW.minusSeconds(7 * 86400), parse(Map.of("since", List.of("P7D"))).since());
    }

    @Test
    void kindIsKept() {
        assertEquals(new ReportQuery(null, "text-stats"), parse(Map.of("kind", List.of("text-stats"))));
    }

    @Test
    void badSinceValuesAreNamed() {
        assertEquals("since: \"yesterday\" is neither an ISO-8601 instant (2026-01-31T00:00:00Z) nor a duration (PT6H, P7D)",
                problem(Map.of("since", List.of("yesterday"))));
        assertEquals("since: \"2026-03-02T00:00:00Z\" is in the future",
                problem(Map.of("since", List.of("2026-03-02T00:00:00Z"))));
        assertEquals("since: \"PT-1H\" must be a positive duration", problem(Map.of("since", List.of("PT-1H"))));
        assertEquals("since: empty", problem(Map.of("since", List.of(""))));
    }

    @Test
    void sinceAtTheEdgesOfTimeIsABadQueryNotAnError() {
        assertEquals("since: \"P1000000000000D\" reaches back before the earliest instant (year -1000000000)",
                problem(Map.of("since", List.of("P1000000000000D"))));
        assertEquals("since: \"PT9223372036854775808S\" is neither an ISO-8601 instant (2026-01-31T00:00:00Z)"
                + " nor a duration (PT6H, P7D)", problem(Map.of("since", List.of("PT9223372036854775808S"))));
        assertEquals("since: \"+1000000000-12-31T23:59:59Z\" is in the future",
                problem(Map.of("since", List.of("+1000000000-12-31T23:59:59Z"))));
        assertEquals(Instant.MIN, parse(Map.of("since", List.of("-1000000000-01-01T00:00:00Z"))).since());
    }

    @Test
    void kindMustLookLikeAJobKind() {
        assertEquals("kind: \"Text Stats\" is not a job kind (lowercase letters, digits and '-', at most 64)",
                problem(Map.of("kind", List.of("Text Stats"))));
    }

    @Test
    void unknownAndRepeatedParametersAreErrorsAllReportedAtOnce() {
        assertEquals("limit: unknown parameter (expected since, kind); sinse: unknown parameter (expected since, kind);"
                        + " kind: given 2 times, expected once",
                problem(Map.of("sinse", List.of("PT1H"), "limit", List.of("5"), "kind", List.of("a", "b"))));
    }
}
