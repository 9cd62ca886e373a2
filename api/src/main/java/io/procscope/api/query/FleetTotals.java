package io.procscope.api.query;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The fleet added up, for the overview. Gone hosts are counted apart and left out of the sums.
 *
 * @param reporting hosts reporting
 * @param stale hosts that missed reports
 * @param gone hosts that have not reported for {@code procscope.hosts.gone-after}
 * @param processes processes in the newest reports of the hosts not gone
 * @param cpus logical processors of the hosts not gone
 * @param cpuPercent busy share of all those processors, 0 to 100; null when no host says
 * @param memoryUsedBytes memory in use on the hosts not gone, bytes
 * @param memoryTotalBytes memory of the hosts not gone, bytes
 */
public record FleetTotals(
        long reporting,
        long stale,
        long gone,
        long processes,
        long cpus,
        Double cpuPercent,
        long memoryUsedBytes,
        long memoryTotalBytes) {

    /** Adds up the hosts' newest states. */
    public static FleetTotals of(List<HostSummary> hosts) {
        List<HostSummary> present =
                hosts.stream().filter(h -> h.status() != HostStatus.GONE).toList();
        double busy = 0;
        long cpusWithLoad = 0;
        for (HostSummary h : present) {
            if (h.cpuPercent() != null && h.cpuCount() != null) {
                busy += h.cpuPercent() * h.cpuCount();
                cpusWithLoad += h.cpuCount();
            }
        }
        return new FleetTotals(
                present.stream().filter(h -> h.status() == HostStatus.REPORTING).count(),
                present.stream().filter(h -> h.status() == HostStatus.STALE).count(),
                hosts.size() - present.size(),
                sum(present.stream().map(HostSummary::processCount).map(n -> n == null ? null : n.longValue())),
                sum(present.stream().map(HostSummary::cpuCount).map(n -> n == null ? null : n.longValue())),
                cpusWithLoad == 0 ? null : busy / cpusWithLoad,
                sum(present.stream().map(HostSummary::memoryUsedBytes)),
                sum(present.stream().map(HostSummary::memoryTotalBytes)));
    }

    /** Hosts reporting or stale: the hosts the sums cover. */
    public long present() {
        return reporting + stale;
    }

    /** Memory in use as a share of all memory, 0 to 100; null when no host says. */
    public Double memoryPercent() {
        return memoryTotalBytes == 0 ? null : 100.0 * memoryUsedBytes / memoryTotalBytes;
    }

    private static long sum(Stream<Long> values) {
        return values.filter(Objects::nonNull).mapToLong(Long::longValue).sum();
    }
}
