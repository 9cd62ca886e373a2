package io.procscope.agent.collect;

import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.SystemMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Assembles one {@link HostReport} per call: host, metrics and processes, a fresh report id and the
 * agent's version. {@link #prime()} once first so CPU percentages are right in the first report. Not
 * thread-safe. {@code io.procscope.agent.AgentWiring} builds the one for this host.
 */
public final class ReportCollector {

    private static final Logger LOG = Logger.getLogger(ReportCollector.class.getName());

    private final HostCollector host;
    private final ProcessCollector processes;
    private final String agentVersion;
    private final Clock clock;
    private final Long intervalMillis;
    private long lastDurationNanos;

    /**
     * @param host host info and metrics
     * @param processes process list
     * @param agentVersion the agent's version, for example {@code 0.1.0}
     * @param clock wall clock for {@code collectedAtMillis}
     */
    public ReportCollector(HostCollector host, ProcessCollector processes, String agentVersion, Clock clock) {
        this(host, processes, agentVersion, clock, null);
    }

    /**
     * @param host host info and metrics
     * @param processes process list
     * @param agentVersion the agent's version, for example {@code 0.1.0}
     * @param clock wall clock for {@code collectedAtMillis}
     * @param intervalMillis the reporting interval the reports announce, ms; null for none
     */
    public ReportCollector(
            HostCollector host, ProcessCollector processes, String agentVersion, Clock clock, Long intervalMillis) {
        this.host = host;
        this.processes = processes;
        this.agentVersion = agentVersion;
        this.clock = clock;
        this.intervalMillis = intervalMillis;
    }

    /**
     * Takes the first reading of every CPU counter, host and processes. Wait (a second, or the
     * interval) before {@link #collect()}.
     *
     * @return how many processes were read
     */
    public int prime() {
        host.prime();
        return processes.prime();
    }

    /**
     * Collects one report.
     *
     * @return the report, stamped when the collection finished
     */
    public HostReport collect() {
        long start = System.nanoTime();
        HostInfo info = host.hostInfo();
        SystemMetrics metrics = host.metrics();
        List<ProcessInfo> procs = processes.collect();
        long at = clock.millis();
        lastDurationNanos = System.nanoTime() - start;
        return assemble(UUID.randomUUID(), agentVersion, at, info, metrics, procs, intervalMillis);
    }

    /**
     * @return how long the last {@link #collect()} took
     */
    public Duration lastDuration() {
        return Duration.ofNanos(lastDurationNanos);
    }

    /**
     * Puts a report together at the current {@link HostReport#SCHEMA_VERSION}.
     *
     * @param reportId the report's id, fresh per collection
     * @param agentVersion the agent's version
     * @param collectedAtMillis when the collection finished, ms since the epoch
     * @param host what the host is
     * @param metrics host-wide resource use
     * @param processes the processes
     * @param intervalMillis the reporting interval, ms; null for a one-off collection
     * @return the report
     */
    public static HostReport assemble(
            UUID reportId,
            String agentVersion,
            long collectedAtMillis,
            HostInfo host,
            SystemMetrics metrics,
            List<ProcessInfo> processes,
            Long intervalMillis) {
        List<ProcessInfo> capped = processes.size() > HostReport.MAX_PROCESSES
                ? processes.subList(0, HostReport.MAX_PROCESSES)
                : processes;
        if (capped != processes) {
            LOG.warning(processes.size() + " processes; the report carries the first " + HostReport.MAX_PROCESSES);
        }
        return new HostReport(
                HostReport.SCHEMA_VERSION,
                reportId,
                agentVersion,
                collectedAtMillis,
                host,
                metrics,
                List.copyOf(capped),
                intervalMillis);
    }
}
