package io.procscope.api.alerts;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Finds the regular expressions that backtrack exponentially on some input, as far as their shape
 * shows it: a repeated group that repeats inside ({@code (a+)+}, {@code (a*b?)*}, {@code
 * (x{2,})+}), and backreferences, which no input bound makes linear. Pure.
 */
final class Regexes {

    private Regexes() {}

    /** Why {@code regex} is refused, or empty when its shape is safe enough. */
    static Optional<String> danger(String regex) {
        // Per open group: whether something inside it repeats without a small bound.
        Deque<boolean[]> groups = new ArrayDeque<>();
        boolean lastGroupRepeats = false; // the group that just closed repeated inside
        boolean afterGroup = false;
        int i = 0;
        int n = regex.length();
        while (i < n) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 < n) {
                    char e = regex.charAt(i + 1);
                    if ((e >= '1' && e <= '9') || e == 'k') {
                        return Optional.of("must not use backreferences");
                    }
                    if (e == 'Q') {
                        int end = regex.indexOf("\\E", i + 2);
                        i = end < 0 ? n : end + 2;
                        afterGroup = false;
                        continue;
                    }
                }
                i += 2;
                afterGroup = false;
                continue;
            }
            if (c == '[') {
                i = endOfClass(regex, i);
                afterGroup = false;
                continue;
            }
            if (c == '(') {
                groups.push(new boolean[1]);
                i++;
                afterGroup = false;
                continue;
            }
            if (c == ')') {
                lastGroupRepeats = groups.isEmpty() ? false : groups.pop()[0];
                if (lastGroupRepeats && !groups.isEmpty()) {
                    groups.peek()[0] = true;
                }
                afterGroup = true;
                i++;
                continue;
            }
            int q = quantifier(regex, i);
            if (q != 0) {
                boolean unbounded = q > 0;
                if (afterGroup && lastGroupRepeats && q != -2) {
                    return Optional.of("must not repeat a group that repeats inside, like (a+)+: it can take"
                            + " exponential time");
                }
                if (unbounded && !groups.isEmpty()) {
                    groups.peek()[0] = true;
                }
                i += Math.abs(length(regex, i));
                // a lazy or possessive mark belongs to the quantifier
                if (i < n && (regex.charAt(i) == '?' || regex.charAt(i) == '+')) {
                    i++;
                }
                afterGroup = false;
                continue;
            }
            afterGroup = false;
            i++;
        }
        return Optional.empty();
    }

    /**
     * What quantifier starts at {@code i}: 0 for none, 1 for one that repeats without a small
     * bound ({@code * + {n,} {n,m>16}}), -1 for {@code ?} or a small {@code {n,m}}, -2 for {@code ?}
     * alone (at most once: never exponential).
     */
    private static int quantifier(String regex, int i) {
        char c = regex.charAt(i);
        if (c == '*' || c == '+') {
            return 1;
        }
        if (c == '?') {
            return -2;
        }
        if (c == '{') {
            int end = regex.indexOf('}', i);
            if (end < 0) {
                return 0;
            }
            String body = regex.substring(i + 1, end);
            if (!body.matches("\\d{1,6}(,\\d{0,6})?")) {
                return 0;
            }
            String[] parts = body.split(",", -1);
            if (parts.length == 1) {
                return Integer.parseInt(parts[0]) > 16 ? 1 : -1;
            }
            return parts[1].isEmpty() || Integer.parseInt(parts[1]) > 16 ? 1 : -1;
        }
        return 0;
    }

    private static int length(String regex, int i) {
        return regex.charAt(i) == '{' ? regex.indexOf('}', i) - i + 1 : 1;
    }

    private static int endOfClass(String regex, int start) {
        int i = start + 1;
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            i++;
        }
        int depth = 1;
        while (i < regex.length() && depth > 0) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
            i++;
        }
        return i;
    }
}
