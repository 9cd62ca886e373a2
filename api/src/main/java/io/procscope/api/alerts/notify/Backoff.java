package io.procscope.api.alerts.notify;

import java.time.Duration;

/**
 * When a refused notification is tried again: 30 s after the first failure, doubling up to 10
 * minutes, until the notification is {@code notification-max-age} old; the last try is at that age
 * exactly, then it is given up. No jitter: notifications that failed together are sent together
 * once the receiver is back, as one burst it can take.
 */
final class Backoff {

    static final Duration FIRST = Duration.ofSeconds(30);
    static final Duration MOST = Duration.ofMinutes(10);

    private Backoff() {}

    /** The wait after the {@code failures}-th failure in a row (1 for the first). */
    static Duration after(int failures) {
        if (failures <= 1) {
            return FIRST;
        }
        // 30 s x 2^(n-1), capped before it can overflow.
        int doublings = Math.min(failures - 1, 10);
        Duration wait = FIRST.multipliedBy(1L << doublings);
        return wait.compareTo(MOST) > 0 ? MOST : wait;
    }

    /**
     * When to try next after the {@code failures}-th failure at {@code nowMillis} of a notification
     * created at {@code createdMillis}, or -1 to give it up: it is {@code maxAge} old.
     */
    static long nextAttemptMillis(int failures, long nowMillis, long createdMillis, Duration maxAge) {
        long giveUpAt = createdMillis + maxAge.toMillis();
        if (nowMillis >= giveUpAt) {
            return -1;
        }
        return Math.min(nowMillis + after(failures).toMillis(), giveUpAt);
    }
}
