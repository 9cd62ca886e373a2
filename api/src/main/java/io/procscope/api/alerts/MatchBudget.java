package io.procscope.api.alerts;

/**
 * Bounds the time command-line regular expressions take in one rule's evaluation: every character
 * a regex reads costs a step, and once the steps are spent the evaluation gives up ({@link
 * Exhausted}) and the rule's alerts stay as they were. {@link RuleParser} already refuses the
 * patterns known to backtrack exponentially; this is what holds for the ones it cannot see.
 * Not thread-safe: one per evaluation.
 */
final class MatchBudget {

    /** Steps one rule may spend on one host's report: tens of milliseconds at most. */
    static final long DEFAULT_STEPS = 20_000_000;

    /** The budget ran out: the rule was not evaluated. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("the rule's command-line patterns took too long", null, false, false);
        }
    }

    private long remaining;

    MatchBudget(long steps) {
        this.remaining = steps;
    }

    /** A budget of {@link #DEFAULT_STEPS}. */
    static MatchBudget standard() {
        return new MatchBudget(DEFAULT_STEPS);
    }

    /** A command line to match, NULs read as spaces, that costs a step per character read. */
    CharSequence read(String commandLine) {
        return new Metered(commandLine == null ? "" : commandLine, 0, commandLine == null ? 0 : commandLine.length());
    }

    private final class Metered implements CharSequence {
        private final String text;
        private final int from;
        private final int to;

        Metered(String text, int from, int to) {
            this.text = text;
            this.from = from;
            this.to = to;
        }

        @Override
        public int length() {
            return to - from;
        }

        @Override
        public char charAt(int index) {
            if (--remaining < 0) {
                throw new Exhausted();
            }
            char c = text.charAt(from + index);
            return c == '\0' ? ' ' : c;
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Metered(text, from + start, from + end);
        }

        @Override
        public String toString() {
            return text.substring(from, to).replace('\0', ' ');
        }
    }
}
