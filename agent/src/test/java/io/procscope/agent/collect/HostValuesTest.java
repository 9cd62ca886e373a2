package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import oshi.hardware.CentralProcessor.TickType;

class HostValuesTest {

    @Test
    void cpuPercentIsEverythingButIdleAndIowaitBetweenTicks() {
        long[] prev = new long[8];
        long[] now = {300, 0, 100, 500, 100, 0, 0, 0};

        assertThat(HostValues.cpuPercentBetween(prev, now)).isEqualTo(40.0);
    }

    @Test
    void cpuPercentIsUnknownWhenNoTimePassedOrCountersResetOrAReadingIsMissing() {
        long[] ticks = {10, 0, 10, 100, 0, 0, 0, 0};
        long[] reset = {0, 0, 0, 0, 0, 0, 0, 0};

        assertThat(HostValues.cpuPercentBetween(ticks, ticks.clone())).isNull();
        assertThat(HostValues.cpuPercentBetween(ticks, reset)).isNull();
        assertThat(HostValues.cpuPercentBetween(null, ticks)).isNull();
        assertThat(HostValues.cpuPercentBetween(ticks, null)).isNull();
    }

    @Test
    void tickOrderIsOshisToo() {
        // OshiHostCollector hands OSHI's tick array to the same computation
        assertThat(TickType.values()).hasSize(8);
        assertThat(TickType.USER.getIndex()).isZero();
        assertThat(TickType.NICE.getIndex()).isEqualTo(1);
        assertThat(TickType.SYSTEM.getIndex()).isEqualTo(2);
        assertThat(TickType.IDLE.getIndex()).isEqualTo(HostValues.IDLE);
        assertThat(TickType.IOWAIT.getIndex()).isEqualTo(HostValues.IOWAIT);
        assertThat(TickType.STEAL.getIndex()).isEqualTo(7);
    }

    @Test
    void joinsVersionAndCodeName() {
        assertThat(HostValues.osVersion("12", "bookworm")).isEqualTo("12 (bookworm)");
        assertThat(HostValues.osVersion("12", "")).isEqualTo("12");
        assertThat(HostValues.osVersion("unknown", "")).isNull();
        assertThat(HostValues.osVersion(null, null)).isNull();
    }
}
