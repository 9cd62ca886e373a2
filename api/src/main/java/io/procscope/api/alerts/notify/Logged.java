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
}
