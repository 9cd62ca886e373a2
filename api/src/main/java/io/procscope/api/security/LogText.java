package io.procscope.api.security;

/**
 * Text that a client sent, made fit for a log line: hostnames, agent versions and content types
 * come from whoever sends them, and may hold a line break meant to forge the next entry.
 */
public final class LogText {

    /** Most characters of a client's text that one log entry prints. */
    private static final int MAX_PRINTED = 300;

    private LogText() {}

    /**
     * {@code text} with every control character written as {@code \\uXXXX} and cut to about 300
     * characters, so that one log entry (an audit entry, an
     * enrollment) stays one line and cannot pass for another.
     */
    public static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_PRINTED) + 8);
        int i = 0;
        for (; i < text.length() && out.length() < MAX_PRINTED; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return i < text.length() ? out.append('…').toString() : out.toString();
    }
}
