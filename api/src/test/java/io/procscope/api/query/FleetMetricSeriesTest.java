package io.procscope.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** How the fleet's charts choose their bucket width from the hosts' intervals. */
class FleetMetricSeriesTest {

    private static final long TEN_SECONDS = 10_000L;
    private static final long HOUR = 3_600_000L;

    @Test
    void aMinorityOfHostsWithALongIntervalDoesNotCoarsenTheFleetsChart() {
        assertThat(FleetMetricSeries.medianInterval(new TreeMap<>(Map.of(TEN_SECONDS, 5L, HOUR, 4L)), 1L))
                .isEqualTo(TEN_SECONDS);
        assertThat(FleetMetricSeries.medianInterval(new TreeMap<>(Map.of(TEN_SECONDS, 1000L, HOUR, 1L)), 1L))
                .isEqualTo(TEN_SECONDS);
    }

    @Test
    void theIntervalHalfTheFleetReportsAtIsUsed() {
        assertThat(FleetMetricSeries.medianInterval(new TreeMap<>(Map.of(TEN_SECONDS, 4L, HOUR, 5L)), 1L))
                .isEqualTo(HOUR);
        assertThat(FleetMetricSeries.medianInterval(new TreeMap<>(Map.of(TEN_SECONDS, 2L, 60_000L, 2L, HOUR, 3L)), 1L))
                .isEqualTo(60_000L);
        assertThat(FleetMetricSeries.medianInterval(new TreeMap<>(), 7L)).isEqualTo(7L);
    }
}
