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
     * What a refused agent is told to wait, seconds. A refusal is not free: each retry sends its whole
     * body again, and reading a 1.6 MB gzip body to refuse it cost the API 15-20 ms of CPU (measured,
     * 401s of 16 MB reports); at 1 s, 45 waiting hosts' retries would take most of two cores. 5 s is
     * short against the three intervals (30 s) after which a host shows stale, and agents add jitter
     * of their own.
     */
    static final long RETRY_AFTER_SECONDS = 5;

    /**
     * Heap allowed per report in flight, in bytes per byte of {@code max-report-size}. Measured with
     * the abuse benchmark (bench/README.md): with four 16 MB reports (59,000 processes each) in
     * flight, a search and a full cache, at most 245 to 361 MiB were live; a report in flight holds
     * three to four times its JSON (the parsed report, the host's state before and after it), and a
     * collector needs as much again of room.
     */
    static final long HEAP_PER_REPORT_BYTE = 8;

    private final int limit;
    private final Semaphore permits;

    IngestPermits(ProcscopeConfig config) {
        this.limit = config.ingest()
                .maxConcurrent()
                .orElse(defaultLimit(
                        Runtime.getRuntime().availableProcessors(),
                        Runtime.getRuntime().maxMemory(),
                        config.ingest().maxReportSize().asLongValue()));
        if (limit < 1) {
            throw new IllegalStateException("procscope.ingest.max-concurrent must be at least 1, not " + limit);
        }
        this.permits = new Semaphore(limit);
    }

    /**
     * The default of {@code max-concurrent}: two reports per processor (parsing and diffing are CPU
     * work: more at once only adds memory), and no more than the heap holds at {@link
     * #HEAP_PER_REPORT_BYTE} per byte of the largest report; at least one.
     *
     * @param processors available processors
     * @param maxHeapBytes the heap's maximum, bytes
     * @param maxReportBytes {@code procscope.ingest.max-report-size}, bytes
     */
    static int defaultLimit(int processors, long maxHeapBytes, long maxReportBytes) {
        long byHeap = maxHeapBytes / (HEAP_PER_REPORT_BYTE * maxReportBytes);
        return (int) Math.max(1, Math.min(2L * processors, byHeap));
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
