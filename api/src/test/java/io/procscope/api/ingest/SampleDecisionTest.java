package io.procscope.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.domain.TrackedProcess;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import org.junit.jupiter.api.Test;

class SampleDecisionTest {

    static final SampleDecision DECISION = new SampleDecision(600_000, 1.0, 0.02);
    static final long T0 = 1_764_144_000_000L;
    static final ProcessInfo IDLE = info(ProcessStatus.SLEEPING, 0.0, 100L << 20, 4);
    static final TrackedProcess RECORDED = TrackedProcess.recorded(IDLE, T0);

    static ProcessInfo info(ProcessStatus status, Double cpu, Long rss, Integer threads) {
        return new ProcessInfo(
                10, 1, "app", "/bin/app", "app", "app", status, T0 - 1000, cpu, rss, rss, threads, 0, "/");
    }

    @Test
    void writesANewProcess() {
        assertThat(DECISION.writes(IDLE, null, T0)).isTrue();
    }

    @Test
    void skipsAnUnchangedProcessUntilTheKeyframe() {
        assertThat(DECISION.writes(IDLE, RECORDED, T0 + 10_000)).isFalse();
        assertThat(DECISION.writes(IDLE, RECORDED, T0 + 599_999)).isFalse();
        assertThat(DECISION.writes(IDLE, RECORDED, T0 + 600_000)).isTrue();
    }

    @Test
    void writesWhenStateOrThreadsChange() {
        assertThat(DECISION.writes(info(ProcessStatus.RUNNING, 0.0, 100L << 20, 4), RECORDED, T0 + 10_000))
                .isTrue();
        assertThat(DECISION.writes(info(ProcessStatus.SLEEPING, 0.0, 100L << 20, 5), RECORDED, T0 + 10_000))
                .isTrue();
    }

    @Test
    void writesWhenCpuMovesAPointOrMore() {
        assertThat(DECISION.writes(info(ProcessStatus.SLEEPING, 0.9, 100L << 20, 4), RECORDED, T0 + 10_000))
                .isFalse();
        assertThat(DECISION.writes(info(ProcessStatus.SLEEPING, 1.0, 100L << 20, 4), RECORDED, T0 + 10_000))
                .isTrue();
    }

    @Test
    void catchesSlowMemoryDriftAgainstTheLastSampleNotTheLastReport() {
        // 1 % above the sample: not yet. The next report, 2 % above it: written, though it moved
        // only 1 % since the report before.
        long rss = 100L << 20;
        assertThat(DECISION.writes(info(ProcessStatus.SLEEPING, 0.0, rss + rss / 100, 4), RECORDED, T0 + 10_000))
                .isFalse();
        assertThat(DECISION.writes(info(ProcessStatus.SLEEPING, 0.0, rss + rss / 50, 4), RECORDED, T0 + 20_000))
                .isTrue();
    }

    @Test
    void ignoresSmallChangesOfSmallProcesses() {
        TrackedProcess tiny = TrackedProcess.recorded(info(ProcessStatus.SLEEPING, 0.0, 2L << 20, 1), T0);

        assertThat(DECISION.writes(info(ProcessStatus.SLEEPING, 0.0, (2L << 20) + 500_000, 1), tiny, T0 + 10_000))
                .isFalse();
    }
}
