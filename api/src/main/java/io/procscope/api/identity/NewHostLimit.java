package io.procscope.api.identity;

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
 * How many new hosts one enrollment secret may enroll, {@code procscope.ingest.new-hosts-per-minute}:
 * a bucket per secret that holds a minute's worth and refills evenly, so a fleet's rollout goes
 * through and a stolen or buggy secret inventing host names makes a host a second at most, not
 * millions of rows. Per replica: N replicas behind a Service admit up to N times as many.
 *
 * <p>Secrets are only the configured ones (enrollments reach this past {@code EnrollAuthFilter}),
 * so the buckets are few.
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
     * Counts the enrollment of the new host {@code hostname} against {@code secretDigest}'s budget.
     *
     * @throws ProblemException 429 with {@code Retry-After} when the secret has enrolled its share
     */
    void admit(String secretDigest, String hostname) {
        OptionalLong waitNanos = take(secretDigest);
        if (waitNanos.isPresent()) {
            long seconds = Math.max(1, (waitNanos.getAsLong() + 999_999_999L) / 1_000_000_000L);
            throw ProblemException.retryLater(
                    Response.Status.TOO_MANY_REQUESTS,
                    "Host '" + hostname + "' is new, and this enrollment secret has enrolled " + perMinute
                            + " new hosts in the last minute (procscope.ingest.new-hosts-per-minute); it was not"
                            + " enrolled. Try again in " + seconds + " s.",
                    seconds);
        }
    }

    /** Takes one enrollment from the secret's bucket: empty when it had one, else the wait for the next, ns. */
    OptionalLong take(String keyDigest) {
        int capacity = perMinute;
        return buckets.computeIfAbsent(keyDigest, k -> new Bucket(capacity, nanoClock.getAsLong()))
                .take(capacity, nanoClock.getAsLong());
    }

    /** Sets the limit and forgets what every secret used: for tests, which create hosts by the hundred. */
    void limitTo(int hostsPerMinute) {
        perMinute = hostsPerMinute;
        buckets.clear();
    }

    /** One secret's enrollments: {@code tokens} left, refilled at {@code capacity} a minute. */
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
