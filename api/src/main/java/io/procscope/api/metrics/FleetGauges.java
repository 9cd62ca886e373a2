package io.procscope.api.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.procscope.api.query.HostStatus;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The fleet as gauges: hosts by status, and, when {@code perHost} (see {@link
 * MetricsConfig#perHost()}), per host (tagged {@code host} only) its processes, CPU and memory. Each
 * {@link #update} replaces every row, so a host that disappears, or is gone (no report for {@code
 * procscope.hosts.gone-after}), loses its series.
 */
public class FleetGauges {

    /** Gauge of hosts, tagged {@code status=reporting|stale}. */
    public static final String HOSTS = "procscope.hosts";
    /** Gauge per host: processes in its newest report. */
    public static final String HOST_PROCESSES = "procscope.host.processes";
    /**
     * Gauge per host: busy share of all its processors in its newest report, 0 to 1 (Prometheus' base
     * unit for a share; the reports and pages say percent).
     */
    public static final String HOST_CPU_RATIO = "procscope.host.cpu.ratio";
    /** Gauge per host: memory in use as a share of its physical memory, 0 to 1. */
    public static final String HOST_MEMORY_RATIO = "procscope.host.memory.ratio";

    private final Map<HostStatus, AtomicLong> hostsByStatus = new EnumMap<>(HostStatus.class);
    private final MultiGauge processes;
    private final MultiGauge cpuRatio;
    private final MultiGauge memoryRatio;
    private final boolean perHost;

    public FleetGauges(MeterRegistry registry, boolean perHost) {
        this.perHost = perHost;
        for (HostStatus status : HostStatus.values()) {
            AtomicLong count = new AtomicLong();
            hostsByStatus.put(status, count);
            Gauge.builder(HOSTS, count, AtomicLong::get)
                    .description("Hosts that have reported, by whether they still report")
                    .tag("status", status.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        processes = MultiGauge.builder(HOST_PROCESSES)
                .description("Processes in the host's newest report")
                .register(registry);
        cpuRatio = MultiGauge.builder(HOST_CPU_RATIO)
                .description("Busy share of all the host's processors in its newest report, 0 to 1")
                .register(registry);
        memoryRatio = MultiGauge.builder(HOST_MEMORY_RATIO)
                .description("Memory in use as a share of the host's physical memory, 0 to 1")
                .register(registry);
    }

    /** Sets every gauge from the hosts' newest state; hosts not listed lose their rows. */
    public void update(List<HostGaugeValues> hosts) {
        for (HostStatus status : HostStatus.values()) {
            hostsByStatus
                    .get(status)
                    .set(hosts.stream().filter(h -> h.status() == status).count());
        }
        processes.register(rows(hosts, HostGaugeValues::processes), true);
        cpuRatio.register(rows(hosts, h -> ratio(h.cpuPercent())), true);
        memoryRatio.register(rows(hosts, h -> ratio(h.memoryPercent())), true);
    }

    /** A percent as Prometheus' base unit, the ratio from 0 to 1; null stays unknown. */
    static Double ratio(Double percent) {
        return percent == null ? null : percent / 100.0;
    }

    /**
     * One row per host that knows the value and is not gone: an unknown value is no sample, not a
     * zero, and a gone host's last values are not news.
     */
    private List<MultiGauge.Row<?>> rows(List<HostGaugeValues> hosts, Function<HostGaugeValues, Number> value) {
        if (!perHost) {
            return List.of();
        }
        return hosts.stream()
                .filter(h -> h.status() != HostStatus.GONE && value.apply(h) != null)
                .<MultiGauge.Row<?>>map(h -> MultiGauge.Row.of(Tags.of("host", h.hostname()), value.apply(h)))
                .toList();
    }
}
