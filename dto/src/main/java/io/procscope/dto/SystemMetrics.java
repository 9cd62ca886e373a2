package io.procscope.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Host-wide resource use at the time of a report. Any field may be null where the platform does not
 * expose it.
 *
 * @param cpuPercent busy share of all logical processors since the previous report, 0 to 100
 * @param memoryUsedBytes physical memory in use (total minus available), bytes
 * @param memoryTotalBytes physical memory, bytes
 * @param swapUsedBytes swap in use, bytes
 * @param swapTotalBytes swap configured, bytes
 * @param load1 load average over 1 minute; null on platforms without one
 * @param load5 load average over 5 minutes
 * @param load15 load average over 15 minutes
 * @param fileSystems each mounted local file system
 * @param networkReceivedBytes bytes received on all non-loopback interfaces since boot (a counter)
 * @param networkSentBytes bytes sent on all non-loopback interfaces since boot (a counter)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SystemMetrics(
        @PositiveOrZero Double cpuPercent,
        @PositiveOrZero Long memoryUsedBytes,
        @PositiveOrZero Long memoryTotalBytes,
        @PositiveOrZero Long swapUsedBytes,
        @PositiveOrZero Long swapTotalBytes,
        @PositiveOrZero Double load1,
        @PositiveOrZero Double load5,
        @PositiveOrZero Double load15,
        @Size(max = MAX_FILE_SYSTEMS) List<@NotNull @Valid FileSystemUsage> fileSystems,
        @PositiveOrZero Long networkReceivedBytes,
        @PositiveOrZero Long networkSentBytes) {

    /** Most file systems one report may carry. */
    public static final int MAX_FILE_SYSTEMS = 1000;
}
