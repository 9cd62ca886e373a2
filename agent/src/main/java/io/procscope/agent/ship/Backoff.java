package io.procscope.agent.ship;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Delay before the next attempt after consecutive failures: exponential from {@code base}, capped at
 * {@code cap}, with "equal jitter" (half fixed, half random) so a fleet of agents that lost the API
 * together does not come back in step. Not thread-safe.
 */
final class Backoff {

    private final long baseNanos;
    private final long capNanos;
    private final DoubleSupplier random;
    private int failures;

    /**
     * @param base delay after the first failure, before jitter
     * @param cap the longest delay
     * @param random uniform numbers in [0, 1); tests pass fixed ones
     */
    Backoff(Duration base, Duration cap, DoubleSupplier random) {
        this.capNanos = cap.toNanos();
        this.baseNanos = Math.min(base.toNanos(), capNanos);
        this.random = random;
    }

    /**
     * @param base delay after the first failure, before jitter
     * @param cap the longest delay
     */
    Backoff(Duration base, Duration cap) {
        this(base, cap, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Counts a failure.
     *
     * @return how long to wait before the next attempt: between half and all of {@code min(cap, base *
     *     2^(failures-1))}
     */
    Duration nextDelay() {
        int shift = Math.min(failures, 30);
        failures++;
        long exp = baseNanos << shift;
        long ceiling = exp <= 0 || exp > capNanos ? capNanos : exp;
        long half = ceiling / 2;
        return Duration.ofNanos(half + (long) (random.getAsDouble() * (ceiling - half)));
    }

    /** Forgets the failures: the next {@link #nextDelay()} starts from {@code base} again. */
    void reset() {
        failures = 0;
    }

    /**
     * @return the longest delay, whole seconds
     */
    long capSeconds() {
        return capNanos / 1_000_000_000L;
    }

    /**
     * @return consecutive failures counted since the last {@link #reset()}
     */
    int failures() {
        return failures;
    }
}
