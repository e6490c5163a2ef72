package dev.polystage.reports;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generated query parameters for GET /jobs/summary, weighted towards the edges of what the parser
 * accepts: durations and instants at and past java.time's range, numbers past long, signs,
 * fractions, bad calendar fields, kinds at and past 64 characters, repeated, empty and unknown
 * parameters, any Unicode; and raw query strings with malformed percent-escapes.
 * <p>
 * A small seeded generator instead of a property-testing library (jqwik 1.10 asks not to be used
 * by AI coding agents, and its engine targets JUnit Platform 1.x, not the 6.x Boot manages). The
 * seed is fixed, so a run is reproducible and a failure names the seed and the try that found it;
 * {@code -Dreports.fuzz.seed=N} explores other inputs.
 */
public final class QueryInputs {

    public static final long SEED = Long.getLong("reports.fuzz.seed", 20261130L);

    private static final String[] UNITS = {"D", "H", "M", "S"};
    private static final String[] BIG = {"0", "1", "7", "59", "86400", "106751991167300", "1000000000000",
            "365242500000", "365242199000", "9223372036854775807", "9223372036854775808", "99999999999999999999"};
    private static final String[] YEARS = {"-1000000001", "-1000000000", "-999999999", "0000", "1969", "1970",
            "2026", "9999", "+10000", "+999999999", "+1000000000", "+1000000001"};
    private static final String[] OFFSETS = {"Z", "+00:00", "+02:00", "-18:00", "+18:00", "+18:01", "+24:00", ""};
    private static final String[] NAMES = {"since", "kind", "Since", "KIND", "sinse", "limit", "cursor", "", " ",
            "since[]", "kind.x", "since\u0000", "ü"};
    private static final String ODD_CHARS = "PTDHMSZ+-:.,0123456789 \t\r\n%&=;#?/\\\"'<>{}|^`[]\u0000\u00e9\u2028\ud83d\ude00\ud800";

    private final SplittableRandom random;

    public QueryInputs(long seed) {
        this.random = new SplittableRandom(seed);
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    /** 0 to 4 parameters, each given 0 to 3 times (0: present with no value, as an empty list). */
    public Map<String, List<String>> parameters() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            String name = chance(80) ? pick(NAMES) : oddString(8);
            int times = chance(75) ? 1 : random.nextInt(4);
            List<String> values = new ArrayList<>();
            for (int j = 0; j < times; j++) {
                values.add(name.equals("kind") ? kind() : since());
            }
            parameters.put(name, values);
        }
        return parameters;
    }

    public String since() {
        return switch (random.nextInt(6)) {
            case 0, 1 -> duration();
            case 2, 3 -> instant();
            case 4 -> pick(new String[] {"", " ", "P", "PT", "P1000000000000D", "-P1D", "p7d", "PT0S", "yesterday",
                    "2026-03-01T12:00:00Z", "now"});
            default -> oddString(30);
        };
    }

    private String duration() {
        StringBuilder text = new StringBuilder(chance(10) ? "-" : "");
        text.append(chance(10) ? "p" : "P");
        String unit = pick(UNITS);
        if (!unit.equals("D") || chance(20)) {
            text.append("T");
        }
        text.append(chance(15) ? "-" : "").append(number());
        if (chance(15)) {
            text.append('.').append(random.nextInt(1_000_000_000));
        }
        text.append(unit);
        if (chance(15)) {
            text.append(number()).append(pick(UNITS));
        }
        return text.toString();
    }

    private String number() {
        return chance(50) ? pick(BIG) : Long.toString(random.nextLong(0, Long.MAX_VALUE) >>> random.nextInt(63));
    }

    private String instant() {
        return pick(YEARS) + "-" + twoDigits(14) + "-" + twoDigits(33) + "T" + twoDigits(25) + ":" + twoDigits(61)
                + ":" + twoDigits(61) + (chance(30) ? "." + random.nextInt(1_000_000_000) : "") + pick(OFFSETS);
    }

    private String twoDigits(int below) {
        int value = chance(85) ? random.nextInt(below) : random.nextInt(100);
        return (value < 10 ? "0" : "") + value;
    }

    public String kind() {
        return switch (random.nextInt(4)) {
            case 0 -> pick(new String[] {"text-stats", "a", "0", "-a", "a-", "Text", "text stats", "", " "});
            case 1 -> "a".repeat(62 + random.nextInt(4)); // 62..65 around the 64 limit
            default -> oddString(12);
        };
    }

    /** Up to max characters from the edges: ISO letters, separators, controls, a lone surrogate, emoji. */
    private String oddString(int max) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(max + 1);
        for (int i = 0; i < length; i++) {
            text.append(chance(80) ? ODD_CHARS.charAt(random.nextInt(ODD_CHARS.length()))
                    : (char) random.nextInt(Character.MAX_VALUE + 1));
        }
        return text.toString();
    }

    /**
     * A raw query string (what follows '?' on the request line, printable ASCII only): the
     * parameters percent-encoded, sometimes with an encoding broken on purpose (a lone '%', a bad
     * hex digit, a cut UTF-8 sequence, an overlong one, '+' for space, a name with no '=').
     */
    public String rawQuery() {
        List<String> parts = new ArrayList<>();
        parameters().forEach((name, values) -> {
            if (values.isEmpty()) {
                parts.add(encode(name));
            }
            values.forEach(value -> parts.add(encode(name) + "=" + encode(value)));
        });
        if (chance(40)) {
            String broken = pick(new String[] {"%", "%2", "%zz", "%C3", "%C3%28", "%FF", "%C0%AF", "%ED%A0%80", "%00",
                    "+", "&", "&&", "=", "==", "a=b=c", ";", "since=%", "kind=%E2%82", "since=P1%44"});
            parts.add(random.nextInt(parts.size() + 1), broken);
        }
        return String.join(chance(90) ? "&" : ";", parts);
    }

    private String encode(String text) {
        // Java encodes a lone surrogate as '?'; fine: it is still an odd input.
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
