package io.procscope.api.alerts;

import java.time.Duration;

/**
 * Bounds the time command-line regular expressions take in one rule's evaluation on one report:
 * once it is spent the evaluation gives up ({@link Exhausted}) and the rule's alerts stay as they
 * were. {@link RuleParser} already refuses the patterns known to backtrack exponentially; this is
 * what holds for those it cannot see. The clock is read once every {@value #CHECK_EVERY}
 * characters a regex reads, so the bound costs next to nothing. Not thread-safe: one per
 * evaluation.
 */
final class MatchBudget {

    /** Time one rule may spend on one report's command lines. */
    static final Duration DEFAULT_TIME = Duration.ofMillis(25);

    /** Characters of a command line that rules look at: its start, where program and options are. */
    static final int MAX_COMMAND_LINE = 4096;

    static final int CHECK_EVERY = 1024;

    /** The budget ran out: the rule was not evaluated. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("the rule's command-line patterns took too long", null, false, false);
        }
    }

    private final long deadlineNanos;
    private int untilCheck = CHECK_EVERY;

    MatchBudget(Duration time) {
        this.deadlineNanos = System.nanoTime() + time.toNanos();
    }

    /** A budget of {@link #DEFAULT_TIME} from now. */
    static MatchBudget standard() {
        return new MatchBudget(DEFAULT_TIME);
    }

    /**
     * A command line to match: its first {@link #MAX_COMMAND_LINE} characters, NULs read as spaces,
     * each read costing a step.
     */
    CharSequence read(String commandLine) {
        String text = commandLine == null ? "" : commandLine;
        return new Metered(text, 0, Math.min(text.length(), MAX_COMMAND_LINE));
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
            if (--untilCheck <= 0) {
                untilCheck = CHECK_EVERY;
                if (System.nanoTime() - deadlineNanos > 0) {
                    throw new Exhausted();
                }
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
