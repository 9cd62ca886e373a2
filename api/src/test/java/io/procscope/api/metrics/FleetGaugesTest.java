package io.procscope.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.procscope.api.query.HostStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetGaugesTest {

    static final HostGaugeValues WEB = new HostGaugeValues("web-1", HostStatus.REPORTING, 312, 41.5, 63.0);
    static final HostGaugeValues DB = new HostGaugeValues("db-1", HostStatus.STALE, 120, 5.0, 80.0);
    static final HostGaugeValues OLD = new HostGaugeValues("old-1", HostStatus.GONE, 90, 1.0, 10.0);

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final FleetGauges gauges = new FleetGauges(registry, true);

    @Test
    void countsHostsByStatus() {
        gauges.update(List.of(WEB, DB, OLD));

        assertThat(hosts("reporting")).isEqualTo(1);
        assertThat(hosts("stale")).isEqualTo(1);
        assertThat(hosts("gone")).isEqualTo(1);
    }

    @Test
    void tagsEachHostsGaugesWithItsNameOnly() {
        gauges.update(List.of(WEB));

        Gauge processes = registry.get(FleetGauges.HOST_PROCESSES).gauge();
        assertThat(processes.getId().getTags()).singleElement().satisfies(tag -> {
            assertThat(tag.getKey()).isEqualTo("host");
            assertThat(tag.getValue()).isEqualTo("web-1");
        });
        assertThat(processes.value()).isEqualTo(312);
        assertThat(value(FleetGauges.HOST_CPU_RATIO, "web-1"))
                .as("41.5 % as a ratio")
                .isCloseTo(0.415, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(value(FleetGauges.HOST_MEMORY_RATIO, "web-1"))
                .isCloseTo(0.63, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void dropsTheSeriesOfAHostThatDisappearedOrIsGone() {
        gauges.update(List.of(WEB, DB));
        gauges.update(List.of(WEB, OLD));

        assertThat(series(FleetGauges.HOST_PROCESSES, "db-1")).isNull();
        assertThat(series(FleetGauges.HOST_PROCESSES, "old-1")).isNull();
        assertThat(series(FleetGauges.HOST_PROCESSES, "web-1")).isNotNull();
        assertThat(hosts("stale")).isZero();
    }

    @Test
    void leavesOutValuesTheHostDidNotReport() {
        gauges.update(List.of(new HostGaugeValues("bare", HostStatus.REPORTING, 10, null, null)));

        assertThat(value(FleetGauges.HOST_PROCESSES, "bare")).isEqualTo(10);
        assertThat(series(FleetGauges.HOST_CPU_RATIO, "bare")).isNull();
        assertThat(series(FleetGauges.HOST_MEMORY_RATIO, "bare")).isNull();
    }

    @Test
    void namesNoHostUnlessPerHostGaugesAreOn() {
        SimpleMeterRegistry fleetOnly = new SimpleMeterRegistry();
        new FleetGauges(fleetOnly, false).update(List.of(WEB, DB));

        assertThat(fleetOnly.getMeters())
                .allSatisfy(meter -> assertThat(meter.getId().getTag("host")).isNull());
        assertThat(fleetOnly.find(FleetGauges.HOST_PROCESSES).gauges()).isEmpty();
        assertThat(fleetOnly
                        .get(FleetGauges.HOSTS)
                        .tag("status", "reporting")
                        .gauge()
                        .value())
                .isEqualTo(1);
    }

    double hosts(String status) {
        return registry.get(FleetGauges.HOSTS).tag("status", status).gauge().value();
    }

    double value(String name, String host) {
        return registry.get(name).tag("host", host).gauge().value();
    }

    /** The host's gauge of that name; null when there is none. */
    Gauge series(String name, String host) {
        return registry.find(name).tag("host", host).gauge();
    }
}
