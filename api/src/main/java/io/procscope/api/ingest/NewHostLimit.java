package io.procscope.api.ingest;

import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * How many hosts one agent key may create, {@code procscope.ingest.new-hosts-per-minute}: a bucket
 * per key that holds a minute's worth and refills evenly, so a fleet's rollout goes through and a
 * stolen or buggy key inventing host names makes a host a second at most, not millions of rows.
 * Per replica: N replicas behind a Service admit up to N times as many.
 *
 * <p>Keys are only the configured ones (reports reach this past {@code AgentAuthFilter}), so the
 * buckets are few.
 */
@ApplicationScoped
class NewHostLimit {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private volatile int perMinute;

    @Inject
    NewHostLimit(ProcscopeConfig config) {
        this(config.ingest().newHostsPerMinute(), System::nanoTime);
    }

    NewHostLimit(int perMinute, LongSupplier nanoClock) {
        this.perMinute = perMinute;
        this.nanoClock = nanoClock;
    }

    /**
     * Counts the creation of {@code hostname} against {@code keyDigest}'s budget.
     *
     * @throws ProblemException 429 with {@code Retry-After} when the key has created its share
     */
    void admit(String keyDigest, String hostname) {
        OptionalLong waitNanos = take(keyDigest);
        if (waitNanos.isPresent()) {
            long seconds = Math.max(1, (waitNanos.getAsLong() + 999_999_999L) / 1_000_000_000L);
            throw ProblemException.retryLater(
                    Response.Status.TOO_MANY_REQUESTS,
                    "Host '" + hostname + "' is new, and this agent key has created " + perMinute
                            + " hosts in the last minute (procscope.ingest.new-hosts-per-minute); nothing was"
                            + " stored. Try again in " + seconds + " s.",
                    seconds);
        }
    }

    /** Takes one creation from the key's bucket: empty when it had one, else the wait for the next, ns. */
    OptionalLong take(String keyDigest) {
        int capacity = perMinute;
        return buckets.computeIfAbsent(keyDigest, k -> new Bucket(capacity, nanoClock.getAsLong()))
                .take(capacity, nanoClock.getAsLong());
    }

    /** Sets the limit and forgets what every key used: for tests, which create hosts by the hundred. */
    void limitTo(int hostsPerMinute) {
        perMinute = hostsPerMinute;
        buckets.clear();
    }

    /** One key's creations: {@code tokens} left, refilled at {@code capacity} a minute. */
    private static final class Bucket {
        private double tokens;
        private long refilledAtNanos;

        Bucket(int capacity, long nowNanos) {
            this.tokens = capacity;
            this.refilledAtNanos = nowNanos;
        }

        synchronized OptionalLong take(int capacity, long nowNanos) {
            double perNano = (double) capacity / MINUTE_NANOS;
            tokens = Math.min(capacity, tokens + (nowNanos - refilledAtNanos) * perNano);
            refilledAtNanos = nowNanos;
            if (tokens >= 1) {
                tokens -= 1;
                return OptionalLong.empty();
            }
            return OptionalLong.of((long) Math.ceil((1 - tokens) / perNano));
        }
    }
}
