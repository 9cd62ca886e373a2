package io.procscope.agent.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration BASE = Duration.ofMillis(500);
    private static final Duration CAP = Duration.ofSeconds(10);

    @Test
    void doublesAfterEachFailureUpToTheCap() {
        Backoff backoff = new Backoff(BASE, CAP, () -> 0.999_999);

        assertThat(millis(backoff, 7)).containsExactly(500, 1000, 2000, 4000, 8000, 10_000, 10_000);
    }

    @Test
    void jitterKeepsAtLeastHalfTheDelay() {
        Backoff low = new Backoff(BASE, CAP, () -> 0.0);

        assertThat(millis(low, 6)).containsExactly(250, 500, 1000, 2000, 4000, 5000);
    }

    @Test
    void resetStartsOverFromTheBase() {
        Backoff backoff = new Backoff(BASE, CAP, () -> 0.999_999);
        millis(backoff, 4);

        backoff.reset();

        assertThat(backoff.failures()).isZero();
        assertThat(millis(backoff, 1)).containsExactly(500);
    }

    @Test
    void neverOverflowsAfterManyFailures() {
        Backoff backoff = new Backoff(BASE, CAP, () -> 0.5);
        millis(backoff, 100);

        assertThat(backoff.nextDelay()).isBetween(CAP.dividedBy(2), CAP);
    }

    @Test
    void aCapBelowTheBaseWins() {
        Backoff fast = new Backoff(BASE, Duration.ofMillis(200), () -> 0.999_999);

        assertThat(millis(fast, 2)).containsExactly(200, 200);
    }

    private static long[] millis(Backoff backoff, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.round(backoff.nextDelay().toNanos() / 1e6);
        }
        return out;
    }
}
