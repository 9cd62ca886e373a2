package io.procscope.api.query;

import java.util.List;
import java.util.Map;

/**
 * A host's system metrics over a time range, one point per bucket.
 *
 * @param hostname the host
 * @param fromMillis start of the range, ms since the epoch
 * @param toMillis end of the range, ms since the epoch
 * @param resolutionMillis width of a bucket, chosen from the range
 * @param points one per bucket that has data, oldest first
 */
public record HostMetrics(String hostname, long fromMillis, long toMillis, long resolutionMillis, List<Point> points) {

    /**
     * The host in one bucket.
     *
     * @param atMillis start of the bucket, ms since the epoch
     * @param cpuPercent average busy share of all processors, 0 to 100
     * @param cpuPercentMax highest in the bucket
     * @param memoryUsedBytes average memory in use, bytes
     * @param memoryUsedBytesMax highest in the bucket, bytes
     * @param memoryTotalBytes physical memory, bytes
     * @param swapUsedBytes average swap in use, bytes
     * @param load1 average 1-minute load
     * @param processCount average number of processes
     * @param networkReceivedBytesPerSecond receive rate over the bucket
     * @param networkSentBytesPerSecond send rate over the bucket
     * @param statusCounts processes per state in the bucket's last report
     */
    public record Point(
            long atMillis,
            Double cpuPercent,
            Double cpuPercentMax,
            Long memoryUsedBytes,
            Long memoryUsedBytesMax,
            Long memoryTotalBytes,
            Long swapUsedBytes,
            Double load1,
            Double processCount,
            Double networkReceivedBytesPerSecond,
            Double networkSentBytesPerSecond,
            Map<String, Integer> statusCounts) {}
}
