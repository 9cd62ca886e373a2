package io.procscope.agent.collect;

/**
 * How the collectors shape a text before it goes on the wire, in one place so that every reader
 * (the {@code /proc} ones and OSHI's) cuts and empties fields the same way. Pure; loads nothing of
 * OSHI.
 */
final class Fields {

    private Fields() {}

    /**
     * Cuts a text to the wire's bound for its field, never between the two halves of a surrogate
     * pair: half a character is not valid UTF-8, and the JSON writer would replace it.
     *
     * @param s the text, or null
     * @param max most characters (UTF-16 code units, as {@code String.length()} and the wire's
     *     {@code @Size} count them)
     * @return the text itself when it fits (or is null), else its first {@code max} characters, or
     *     {@code max - 1} when the last of them would be the first half of a pair
     */
    static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max > 0 && Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }

    /**
     * For what a reader returns as "none" with an empty text (OSHI's sentinel, an empty scrubbed
     * command line); spaces are kept, since in a command line they are the process's own.
     *
     * @param s the text, or null
     * @return null when it is null or empty, else the text
     */
    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /**
     * For values read from text files such as {@code os-release}, where surrounding blanks are
     * layout, not data.
     *
     * @param s the text, or null
     * @return the text stripped, or null when it is null or blank
     */
    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
