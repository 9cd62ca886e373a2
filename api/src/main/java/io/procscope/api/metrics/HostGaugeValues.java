package io.procscope.api.metrics;

import io.procscope.api.query.HostStatus;
import io.procscope.api.query.HostSummary;

/**
 * What the gauges show of one host.
 *
 * @param hostname the host, the only tag of its series
 * @param status whether it reports
 * @param processes processes in its newest report; null where unknown
 * @param cpuPercent busy share of all its processors, 0 to 100; null where unknown
 * @param memoryPercent memory in use as a share of its physical memory, 0 to 100; null where unknown
 */
public record HostGaugeValues(
        String hostname, HostStatus status, Integer processes, Double cpuPercent, Double memoryPercent) {

    /** The values of a host's newest state. */
    public static HostGaugeValues of(HostSummary host) {
        return new HostGaugeValues(
                host.hostname(), host.status(), host.processCount(), host.cpuPercent(), host.memoryPercent());
    }
}
