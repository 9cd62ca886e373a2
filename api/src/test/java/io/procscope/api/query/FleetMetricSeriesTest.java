package io.procscope.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetMetricSeriesTest {

    @Test
    void addsHostsPerBucketWeightingCpuByProcessors() {
        // A 2-CPU host at 100 % and a 6-CPU host at 0 %: the fleet's 8 CPUs are 25 % busy.
        HostMetrics small = metrics("small", point(60_000, 100.0, 1_000, 10, Map.of("running", 2)));
        HostMetrics big = metrics("big", point(60_000, 0.0, 3_000, 30, Map.of("running", 1, "sleeping", 5)));

        List<FleetMetricSeries.Point> points =
                FleetMetricSeries.add(List.of(small, big), Map.of("small", 2, "big", 6), 60_000);

        assertThat(points).hasSize(1);
        FleetMetricSeries.Point p = points.get(0);
        assertThat(p.hosts()).isEqualTo(2);
        assertThat(p.cpuPercent()).isCloseTo(25.0, within(1e-9));
        assertThat(p.memoryUsedBytes()).isEqualTo(4_000);
        assertThat(p.processCount()).isEqualTo(40.0);
        assertThat(p.statusCounts()).containsEntry("running", 3).containsEntry("sleeping", 5);
    }

    @Test
    void averagesAHostsFinerBucketsIntoTheFleetsBeforeAdding() {
        HostMetrics fine = metrics("fine", point(0, 10.0, 100, 4, Map.of()), point(10_000, 30.0, 300, 6, Map.of()));

        List<FleetMetricSeries.Point> points = FleetMetricSeries.add(List.of(fine), Map.of("fine", 1), 60_000);

        assertThat(points).singleElement().satisfies(p -> {
            assertThat(p.cpuPercent()).isEqualTo(20.0);
            assertThat(p.memoryUsedBytes()).isEqualTo(200);
            assertThat(p.processCount()).isEqualTo(5.0);
        });
    }

    static HostMetrics metrics(String host, HostMetrics.Point... points) {
        return new HostMetrics(host, 0, 120_000, 10_000, List.of(points));
    }

    static HostMetrics.Point point(long at, double cpu, long memory, double processes, Map<String, Integer> states) {
        return new HostMetrics.Point(at, cpu, cpu, memory, memory, 10_000L, 0L, 0.5, processes, null, null, states);
    }
}
