package io.procscope.bench;

import java.util.Arrays;
import java.util.Locale;

/** Latencies of one kind of request, recorded by several threads, read once all have stopped. */
final class Latencies {

    private long[] nanos = new long[1024];
    private int count;
    private long bytes;

    synchronized void record(long elapsedNanos, long responseBytes) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = elapsedNanos;
        bytes += responseBytes;
    }

    synchronized int count() {
        return count;
    }

    synchronized long averageBytes() {
        return count == 0 ? 0 : bytes / count;
    }

    /** The nearest-rank percentile, ms; NaN without samples. */
    synchronized double percentileMillis(double percentile) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * count);
        return sorted[Math.max(0, Math.min(count, rank) - 1)] / 1e6;
    }

    /** For example {@code p50 12.3 ms, p99 45.6 ms, max 78.9 ms}. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                percentileMillis(50),
                percentileMillis(99),
                percentileMillis(100));
    }
}
