package io.procscope.api.query;

import io.procscope.dto.FileSystemUsage;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * A host with its newest state.
 *
 * @param hostname the host's name, its key
 * @param status whether it is reporting
 * @param lastReportMillis when its newest report was collected, ms since the epoch
 * @param firstReportMillis when its first report was collected, ms since the epoch
 * @param osName operating system
 * @param osVersion operating system version
 * @param kernelVersion kernel release
 * @param platform platform family, for example {@code linux}
 * @param architecture CPU architecture
 * @param cpuCount logical processors
 * @param memoryTotalBytes physical memory, bytes
 * @param bootTimeMillis when it booted, ms since the epoch
 * @param agentVersion version of its agent
 * @param processCount processes in its newest report
 * @param cpuPercent busy share of all processors in its newest report, 0 to 100
 * @param memoryUsedBytes memory in use, bytes
 * @param swapUsedBytes swap in use, bytes
 * @param swapTotalBytes swap configured, bytes
 * @param load1 load average over 1 minute
 * @param load5 load average over 5 minutes
 * @param load15 load average over 15 minutes
 * @param networkReceivedBytes bytes received since boot
 * @param networkSentBytes bytes sent since boot
 * @param fileSystems space on each file system
 * @param statusCounts processes per state in its newest report, by lower-case state name
 */
@RegisterForReflection
public record HostSummary(
        String hostname,
        HostStatus status,
        long lastReportMillis,
        long firstReportMillis,
        String osName,
        String osVersion,
        String kernelVersion,
        String platform,
        String architecture,
        Integer cpuCount,
        Long memoryTotalBytes,
        Long bootTimeMillis,
        String agentVersion,
        Integer processCount,
        Double cpuPercent,
        Long memoryUsedBytes,
        Long swapUsedBytes,
        Long swapTotalBytes,
        Double load1,
        Double load5,
        Double load15,
        Long networkReceivedBytes,
        Long networkSentBytes,
        List<FileSystemUsage> fileSystems,
        java.util.Map<String, Integer> statusCounts) {

    /** Memory in use as a share of physical memory, 0 to 100; null where unknown. */
    public Double memoryPercent() {
        return memoryUsedBytes == null || memoryTotalBytes == null || memoryTotalBytes == 0
                ? null
                : 100.0 * memoryUsedBytes / memoryTotalBytes;
    }
}
