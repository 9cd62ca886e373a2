package io.procscope.api.dashboard;

import io.quarkus.qute.TemplateExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Numbers and times formatted for people, for the templates: {@code {fmt:bytes(p.rssBytes)}}. */
@TemplateExtension(namespace = "fmt")
public final class Formats {

    private static final String UNKNOWN = "—";
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Formats() {}

    /** {@code 1536} as {@code 1.5 KiB}; binary units, as {@code free -h} and htop show them. */
    public static String bytes(Long bytes) {
        if (bytes == null) {
            return UNKNOWN;
        }
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0
                ? bytes + " B"
                : String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : "%.1f %s", value, UNITS[unit]);
    }

    /** {@code 12.345} as {@code 12.3 %}. */
    public static String percent(Double percent) {
        return percent == null ? UNKNOWN : String.format(Locale.ROOT, "%.1f %%", percent);
    }

    /** A decimal with two places, for load averages. */
    public static String number(Double value) {
        return value == null ? UNKNOWN : String.format(Locale.ROOT, "%.2f", value);
    }

    /** A time as {@code 3 h ago}, relative to now. */
    public static String ago(Long epochMillis) {
        return epochMillis == null ? UNKNOWN : ago(epochMillis, System.currentTimeMillis());
    }

    static String ago(long epochMillis, long nowMillis) {
        Duration age = Duration.ofMillis(nowMillis - epochMillis);
        if (age.isNegative() || age.toSeconds() < 5) {
            return "just now";
        }
        if (age.toMinutes() < 1) {
            return age.toSeconds() + " s ago";
        }
        if (age.toHours() < 1) {
            return age.toMinutes() + " min ago";
        }
        if (age.toDays() < 2) {
            return age.toHours() + " h ago";
        }
        return age.toDays() + " days ago";
    }

    /** A time as {@code 2026-11-26 10:34:08 UTC}. */
    public static String isoTime(Long epochMillis) {
        return epochMillis == null ? UNKNOWN : ISO.format(Instant.ofEpochMilli(epochMillis));
    }
}
