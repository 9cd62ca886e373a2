package io.procscope.api.query;

/**
 * The fleet added up, for the overview ({@link HostQueries#fleetTotals}). Gone hosts are counted apart and left out of the sums.
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

    /** Every host known: reporting, stale or gone. */
    public long all() {
        return reporting + stale + gone;
    }

    /** Hosts reporting or stale: the hosts the sums cover. */
    public long present() {
        return reporting + stale;
    }

    /** Memory in use as a share of all memory, 0 to 100; null when no host says. */
    public Double memoryPercent() {
        return memoryTotalBytes == 0 ? null : 100.0 * memoryUsedBytes / memoryTotalBytes;
    }
}
