package io.procscope.api.query;

import io.procscope.dto.ProcessStatus;
import java.util.List;

/**
 * A process's resource use over a time range. A point holds until the next: samples are written
 * when something changed, and at least every keyframe interval.
 *
 * @param hostname the host
 * @param pid the process id
 * @param startTimeMillis when it started, ms since the epoch
 * @param fromMillis start of the range, ms since the epoch
 * @param toMillis end of the range, ms since the epoch
 * @param points the samples in the range, oldest first, the first carried from before the range
 */
public record ProcessHistory(
        String hostname, int pid, long startTimeMillis, long fromMillis, long toMillis, List<Point> points) {

    /**
     * The process at one time.
     *
     * @param atMillis when, ms since the epoch
     * @param status scheduling state
     * @param cpuPercent share of one logical processor
     * @param rssBytes resident set size, bytes
     * @param threads number of threads
     */
    public record Point(long atMillis, ProcessStatus status, Double cpuPercent, Long rssBytes, Integer threads) {}
}
