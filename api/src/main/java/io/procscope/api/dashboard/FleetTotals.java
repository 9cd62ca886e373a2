package io.procscope.api.dashboard;

import io.procscope.api.query.HostStatus;
import io.procscope.api.query.HostSummary;
import java.util.List;
import java.util.Objects;

/**
 * The fleet added up, for the overview.
 *
 * @param reporting hosts reporting
 * @param stale hosts that missed reports
 * @param processes processes in the newest reports of all hosts
 * @param cpus logical processors of all hosts
 * @param memoryUsedBytes memory in use on all hosts, bytes
 * @param memoryTotalBytes memory of all hosts, bytes
 */
public record FleetTotals(
        long reporting, long stale, long processes, long cpus, long memoryUsedBytes, long memoryTotalBytes) {

    /** Adds up the hosts' newest states. */
    public static FleetTotals of(List<HostSummary> hosts) {
        return new FleetTotals(
                hosts.stream().filter(h -> h.status() == HostStatus.REPORTING).count(),
                hosts.stream().filter(h -> h.status() == HostStatus.STALE).count(),
                sum(hosts.stream().map(HostSummary::processCount).map(n -> n == null ? null : n.longValue())),
                sum(hosts.stream().map(HostSummary::cpuCount).map(n -> n == null ? null : n.longValue())),
                sum(hosts.stream().map(HostSummary::memoryUsedBytes)),
                sum(hosts.stream().map(HostSummary::memoryTotalBytes)));
    }

    private static long sum(java.util.stream.Stream<Long> values) {
        return values.filter(Objects::nonNull).mapToLong(Long::longValue).sum();
    }
}
