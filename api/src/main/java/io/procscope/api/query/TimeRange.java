package io.procscope.api.query;

import io.procscope.api.problem.ProblemException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time range of a query, {@code [from, to)} in ms since the epoch.
 *
 * @param fromMillis start, inclusive
 * @param toMillis end, exclusive
 */
public record TimeRange(long fromMillis, long toMillis) {

    /** The longest range one query may span. */
    static final Duration MAX_SPAN = Duration.ofDays(400);

    private static final Pattern RELATIVE = Pattern.compile("-(\\d{1,12})(s|m|h|d)");

    public Duration span() {
        return Duration.ofMillis(toMillis - fromMillis);
    }

    /**
     * Reads {@code from} and {@code to} as ISO-8601 instants ({@code 2026-11-26T10:00:00Z}), ms since
     * the epoch, or times relative to now ({@code -15m}, {@code -1h}, {@code -2d}). {@code to} defaults
     * to now, {@code from} to {@code defaultSpan} before {@code to}. 400 for anything else.
     */
    public static TimeRange parse(String from, String to, Duration defaultSpan, Clock clock) {
        long now = clock.millis();
        long end = to == null || to.isBlank() ? now : time("to", to, now);
        long start = from == null || from.isBlank() ? end - defaultSpan.toMillis() : time("from", from, now);
        if (start >= end) {
            throw ProblemException.badRequest("'from' must be before 'to'.");
        }
        if (end - start > MAX_SPAN.toMillis()) {
            throw ProblemException.badRequest("A range may span at most " + MAX_SPAN.toDays() + " days.");
        }
        return new TimeRange(start, end);
    }

    private static long time(String name, String value, long now) {
        String v = value.strip();
        Matcher relative = RELATIVE.matcher(v);
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(1));
            Duration unit = switch (relative.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                default -> Duration.ofDays(1);
            };
            return now - unit.toMillis() * Math.min(amount, MAX_SPAN.toSeconds());
        }
        if (v.chars().allMatch(Character::isDigit) && !v.isEmpty() && v.length() <= 15) {
            return Long.parseLong(v);
        }
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            // ArithmeticException: an instant too far from 1970 for ms in a long (year 292278994).
            throw ProblemException.badRequest("'" + name + "' is not a time: use an ISO-8601 instant such as "
                    + "2026-11-26T10:00:00Z, ms since the epoch, or a time relative to now such as -1h.");
        }
    }
}
