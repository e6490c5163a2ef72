package dev.polystage.reports.summary;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.polystage.reports.api.ApiJob;

/**
 * What a summary covers: jobs created at or after {@code since} (null: all of them), of one
 * {@code kind} (null: every kind).
 */
public record ReportQuery(Instant since, String kind) {

    private static final Set<String> PARAMETERS = Set.of("since", "kind");
    private static final Pattern KIND = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public boolean covers(ApiJob job) {
        return kind == null || kind.equals(job.kind());
    }

    /** Whether a job created then is older than the window (so, newest first, are all after it). */
    public boolean isBefore(Instant createdAt) {
        return since != null && createdAt.isBefore(since);
    }

    /**
     * Parses query parameters: {@code since}, an ISO-8601 instant ({@code 2026-01-31T00:00:00Z})
     * or a duration back from now ({@code PT6H}, {@code P7D}), and {@code kind}. Unknown or
     * repeated parameters are errors too, so a typo is never silently a report of everything.
     */
    public static ReportQuery parse(Map<String, List<String>> parameters, Clock clock) {
        List<String> problems = new ArrayList<>();
        parameters.keySet().stream()
                .filter(name -> !PARAMETERS.contains(name))
                .sorted()
                .forEach(name -> problems.add(name + ": unknown parameter (expected since, kind)"));
        String sinceText = single(parameters, "since", problems);
        String kind = single(parameters, "kind", problems);

        Instant since = sinceText == null ? null : parseSince(sinceText, clock, problems);
        if (kind != null && !KIND.matcher(kind).matches()) {
            problems.add("kind: \"" + kind + "\" is not a job kind (lowercase letters, digits and '-', at most 64)");
        }
        if (!problems.isEmpty()) {
            throw new BadQueryException(String.join("; ", problems));
        }
        return new ReportQuery(since, kind);
    }

    private static String single(Map<String, List<String>> parameters, String name, List<String> problems) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            problems.add(name + ": given " + values.size() + " times, expected once");
            return null;
        }
        if (values.getFirst().isBlank()) {
            problems.add(name + ": empty");
            return null;
        }
        return values.getFirst();
    }

    private static Instant parseSince(String text, Clock clock, List<String> problems) {
        Instant now = clock.instant();
        if (text.startsWith("P") || text.startsWith("p")) {
            Duration back;
            try {
                back = Duration.parse(text);
            } catch (DateTimeParseException e) {
                problems.add(neither(text));
                return null;
            }
            if (back.isNegative() || back.isZero()) {
                problems.add("since: \"" + text + "\" must be a positive duration");
                return null;
            }
            try {
                return now.minus(back);
            } catch (DateTimeException | ArithmeticException e) {
                // A Duration can span ~292 billion years; an Instant only goes back to year -1000000000.
                problems.add("since: \"" + text + "\" reaches back before the earliest instant (year -1000000000)");
                return null;
            }
        }
        Instant since;
        try {
            since = Instant.parse(text);
        } catch (DateTimeParseException e) {
            problems.add(neither(text));
            return null;
        }
        if (since.isAfter(now)) {
            problems.add("since: \"" + text + "\" is in the future");
            return null;
        }
        return since;
    }

    private static String neither(String text) {
        return "since: \"" + text + "\" is neither an ISO-8601 instant (2026-01-31T00:00:00Z) nor a duration (PT6H, P7D)";
    }
}
