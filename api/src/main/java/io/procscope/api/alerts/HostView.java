package io.procscope.api.alerts;

import io.procscope.api.query.HostStatus;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.SystemMetrics;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A host as rules see it: its status by the API's clock and, when judged on a report, that
 * report's metrics and processes and the processes the API saw start recently.
 *
 * @param hostId the host's id
 * @param hostname its name
 * @param status reporting, stale or gone, by the API's clock
 * @param silentMillis how long since the API last received a report of it, ms
 * @param cpuCount logical processors, or null where unknown
 * @param memoryTotalBytes its memory, bytes, or null where unknown
 * @param metrics the report's system metrics; null where unknown, or judged without a report
 * @param processes the report's processes; empty when judged without a report
 * @param starts processes seen starting within the longest restart window of its rules, newest first
 * @param collectedAtMillis when the report was collected, ms since the epoch by the agent's clock
 *     (which the start times share); 0 without a report
 * @param podNamespaces the namespaces of the pods its processes belong to
 * @param withReport true when judged on a report, false on the timer (liveness only)
 */
record HostView(
        long hostId,
        String hostname,
        HostStatus status,
        long silentMillis,
        Integer cpuCount,
        Long memoryTotalBytes,
        SystemMetrics metrics,
        List<ProcessInfo> processes,
        List<Start> starts,
        long collectedAtMillis,
        Set<String> podNamespaces,
        boolean withReport) {

    /**
     * A process the API saw start.
     *
     * @param pid its pid
     * @param startTimeMillis when it started, ms since the epoch (agent's clock)
     * @param name its name
     * @param user its user
     * @param commandLine its command line
     */
    record Start(int pid, long startTimeMillis, String name, String user, String commandLine) {}

    /** A host as a report that was just stored shows it: reporting. */
    static HostView ofReport(
            long hostId,
            String hostname,
            Integer cpuCount,
            Long memoryTotalBytes,
            SystemMetrics metrics,
            List<ProcessInfo> processes,
            List<Start> starts,
            long collectedAtMillis) {
        return new HostView(
                hostId,
                hostname,
                HostStatus.REPORTING,
                0,
                cpuCount,
                memoryTotalBytes,
                metrics,
                processes,
                starts,
                collectedAtMillis,
                namespaces(processes),
                true);
    }

    /** A host judged on the timer, by its liveness alone. */
    static HostView ofLiveness(
            long hostId, String hostname, HostStatus status, long silentMillis, Set<String> podNamespaces) {
        return new HostView(
                hostId,
                hostname,
                status,
                silentMillis,
                null,
                null,
                null,
                List.of(),
                List.of(),
                0,
                podNamespaces,
                false);
    }

    /** This view with the recent starts that restart rules count. */
    HostView withStarts(List<Start> recent) {
        return new HostView(
                hostId,
                hostname,
                status,
                silentMillis,
                cpuCount,
                memoryTotalBytes,
                metrics,
                processes,
                recent,
                collectedAtMillis,
                podNamespaces,
                withReport);
    }

    /** The namespaces of the pods that {@code processes} belong to. */
    static Set<String> namespaces(List<ProcessInfo> processes) {
        Set<String> namespaces = new HashSet<>();
        for (ProcessInfo p : processes) {
            if (p.podNamespace() != null) {
                namespaces.add(p.podNamespace());
            }
        }
        return namespaces;
    }
}
