package io.procscope.api.ingest;

import io.procscope.api.config.ProcscopeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;

/**
 * How many reports this replica reads and stores at once, {@code procscope.ingest.max-concurrent}:
 * each one in flight may hold a parsed report of up to {@code max-report-size}, so this, with the
 * report size, bounds ingest's share of the heap. {@link IngestAdmission} takes a permit before a
 * body is read and gives it back when the exchange ends, however it ends.
 */
@ApplicationScoped
public class IngestPermits {

    /**
     * What a refused agent is told to wait, seconds: a report takes tens of milliseconds to store, a
     * large one a few seconds, and agents add jitter of their own.
     */
    static final long RETRY_AFTER_SECONDS = 1;

    private final int limit;
    private final Semaphore permits;

    IngestPermits(ProcscopeConfig config) {
        this.limit = config.ingest()
                .maxConcurrent()
                .orElse(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));
        if (limit < 1) {
            throw new IllegalStateException("procscope.ingest.max-concurrent must be at least 1, not " + limit);
        }
        this.permits = new Semaphore(limit);
    }

    /** Takes a permit if one is free; never waits. */
    boolean tryAcquire() {
        return permits.tryAcquire();
    }

    /** Gives back a permit that {@link #tryAcquire()} took. */
    void release() {
        permits.release();
    }

    /** Permits free now. */
    int available() {
        return permits.availablePermits();
    }

    /** Reports read and stored at once at most. */
    int limit() {
        return limit;
    }
}
