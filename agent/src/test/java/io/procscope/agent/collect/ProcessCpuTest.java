package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.agent.collect.ProcessCpu.Key;
import io.procscope.agent.collect.ProcessCpu.Tick;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    private static final Key PG = new Key(4242, 1_764_000_000_000L);

    @Test
    void percentIsBusyTimeOverWallTimeBetweenReadings() {
        assertThat(ProcessCpu.percent(new Tick(1_000, 10_000), new Tick(1_500, 11_000)))
                .isEqualTo(50.0);
    }

    @Test
    void exceedsOneHundredForSeveralBusyThreads() {
        assertThat(ProcessCpu.percent(new Tick(0, 10_000), new Tick(3_000, 11_000)))
                .isEqualTo(300.0);
    }

    @Test
    void fallsBackToLifetimeAverageWithoutPriorReading() {
        assertThat(ProcessCpu.percent(null, new Tick(250, 1_000))).isEqualTo(25.0);
    }

    @Test
    void fallsBackToLifetimeAverageWhenCountersGoBackwards() {
        assertThat(ProcessCpu.percent(new Tick(5_000, 10_000), new Tick(1_000, 4_000)))
                .isEqualTo(25.0);
    }

    @Test
    void unknownWithoutUptime() {
        assertThat(ProcessCpu.percent(null, new Tick(0, 0))).isNull();
    }

    @Test
    void roundsToHundredths() {
        assertThat(ProcessCpu.percent(null, new Tick(1, 3))).isEqualTo(33.33);
    }

    @Test
    void forgetsProcessesNotSeenInTheLastCollection() {
        ProcessCpu cpu = new ProcessCpu();
        cpu.record(PG, new Tick(1_000, 10_000));
        cpu.endCollection();
        cpu.endCollection(); // a collection in which PG was not seen

        assertThat(cpu.record(PG, new Tick(1_500, 11_000)))
                .isEqualTo(ProcessCpu.percent(null, new Tick(1_500, 11_000)));
    }
}
