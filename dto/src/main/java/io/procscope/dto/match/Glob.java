package io.procscope.dto.match;

/**
 * A pattern where {@code *} matches any run of characters (none, {@code /} and spaces included) and
 * every other character only itself, matched against a whole text, case-sensitively. The one glob of
 * procscope: process names and users in {@link ProcessMatcher} (the agent's filters and the API's
 * alert rules), host names in alert rules, secret words in the agent's command-line scrubber.
 *
 * <p>Matched without a regular expression: on a mismatch it goes back only to the last {@code *},
 * so a match takes at most (text length) x (pattern length) steps, never exponential time, and
 * allocates nothing. Immutable and thread-safe.
 */
public final class Glob {

    private final String glob;
    private final char[] pattern;

    private Glob(String glob) {
        this.glob = glob;
        this.pattern = glob.toCharArray();
    }

    /**
     * @param glob a pattern, for example {@code kworker/*}
     * @return it, ready to match
     */
    public static Glob of(String glob) {
        return new Glob(glob);
    }

    /**
     * @param text a text
     * @return true when the whole text matches
     */
    public boolean matches(CharSequence text) {
        char[] chars = text.toString().toCharArray();
        return matches(chars, 0, chars.length);
    }

    /**
     * @param text characters
     * @param from where the text starts among them
     * @param to where it ends
     * @return true when the whole text matches
     */
    public boolean matches(char[] text, int from, int to) {
        int p = 0;
        int i = from;
        int star = -1;
        int resume = from;
        while (i < to) {
            if (p < pattern.length && pattern[p] != '*' && pattern[p] == text[i]) {
                p++;
                i++;
            } else if (p < pattern.length && pattern[p] == '*') {
                star = p++;
                resume = i;
            } else if (star >= 0) {
                // let the last * take one more character, and try the rest again from there
                p = star + 1;
                i = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == '*') {
            p++;
        }
        return p == pattern.length;
    }

    @Override
    public String toString() {
        return glob;
    }
}
