package io.procscope.api.alerts;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations and byte sizes as rules write them: {@code 2m}, {@code 1h30m}, {@code 2GiB}. Pure. */
final class Units {

    private static final Pattern DURATION = Pattern.compile("(?:\\d{1,9}(?:ms|s|m|h|d))+");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final Pattern BYTES =
            Pattern.compile("(\\d{1,15}(?:\\.\\d{1,6})?) ?(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB|K|M|G|T)?");

    private Units() {}

    /**
     * A duration in Prometheus' notation: {@code 0}, {@code 90s}, {@code 2m}, {@code 1h30m},
     * {@code 500ms}, {@code 7d}; empty when {@code text} is not one.
     */
    static Optional<Duration> parseDuration(String text) {
        if (text.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (text.length() > 40 || !DURATION.matcher(text).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher part = DURATION_PART.matcher(text);
        while (part.find()) {
            long n = Long.parseLong(part.group(1));
            total = total.plus(
                    switch (part.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    });
        }
        return Optional.of(total);
    }

    /** A duration as {@link #parseDuration} reads it, shortest first: {@code 1h30m}, {@code 0s}. */
    static String formatDuration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder s = new StringBuilder();
        long days = d.toDays();
        if (days > 0) {
            s.append(days).append('d');
        }
        if (d.toHoursPart() > 0) {
            s.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            s.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            s.append(d.toSecondsPart()).append('s');
        }
        if (d.toMillisPart() > 0) {
            s.append(d.toMillisPart()).append("ms");
        }
        return s.toString();
    }

    /**
     * A size in bytes: a plain number, or with a unit: {@code KB MB GB TB} are powers of 1000,
     * {@code KiB MiB GiB TiB} and the short {@code K M G T} powers of 1024 (as the API's own
     * settings read them). Empty when {@code text} is not one, or is beyond 2^63 bytes.
     */
    static OptionalLong parseBytes(String text) {
        Matcher m = BYTES.matcher(text.strip());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        double factor = switch (unit) {
            case "KB" -> 1e3;
            case "MB" -> 1e6;
            case "GB" -> 1e9;
            case "TB" -> 1e12;
            case "KiB", "K" -> 1024.0;
            case "MiB", "M" -> 1024.0 * 1024;
            case "GiB", "G" -> 1024.0 * 1024 * 1024;
            case "TiB", "T" -> 1024.0 * 1024 * 1024 * 1024;
            default -> 1;
        };
        double bytes = n * factor;
        return bytes >= Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(Math.round(bytes));
    }

    /** Bytes for people: {@code 1.5 GiB}, {@code 640 KiB}, {@code 12 B}. */
    static String formatBytes(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        double v = bytes;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", v) : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** A number for people: no decimals when whole, else one. */
    static String formatNumber(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.1f", v);
    }
}
