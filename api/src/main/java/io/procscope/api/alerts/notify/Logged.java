package io.procscope.api.alerts.notify;

/** Names from the fleet as they may be logged: one line, bounded. */
final class Logged {

    private Logged() {}

    /** {@code text} with control characters as {@code ?}, cut to 200 characters. */
    static String text(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\p{Cntrl}", "?");
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }

    /** {@code duration} as it is configured: {@code 24h}, {@code 10m}, {@code 90s}. */
    static String duration(java.time.Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds > 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds > 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds > 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return duration.toMillis() % 1000 == 0 ? seconds + "s" : duration.toMillis() + "ms";
    }
}
