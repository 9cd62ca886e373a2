package io.procscope.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.domain.CurrentState;
import io.procscope.api.domain.CurrentStates;
import io.procscope.api.domain.TrackedProcess;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What one report writes, worked out from the host's state before it, without a database. */
class StateDiffTest {

    /** Samples at least every 10 minutes, on a CPU move of one point, or an RSS move of 2 %. */
    static final StateDiff DIFF = new StateDiff(new SampleDecision(600_000, 1.0, 0.02));

    /** When the state before was collected, ms since the epoch: 2026-11-26 08:00 UTC. */
    static final long T0 = 1_764_144_000_000L;
    /** The next report, one 10 s interval later. */
    static final long T1 = T0 + 10_000;

    static final long MIB = 1L << 20;

    static final ProcessInfo INIT = process(1, 0, "systemd", "/sbin/init", T0 - 3_600_000, 0.0, 12 * MIB);
    static final ProcessInfo SHELL = process(4242, 1, "bash", "bash -c ./start.sh", T0 - 60_000, 0.0, 4 * MIB);
    static final ProcessInfo JAVA = process(1204, 1, "java", "java -jar app.jar", T0 - 600_000, 20.0, 1024 * MIB);

    /** The host's state after a report of INIT, SHELL and JAVA collected at T0, each sampled then. */
    static final CurrentState BEFORE = state(T0, INIT, SHELL, JAVA);

    @Test
    void writesEveryProcessOfAHostsFirstReport() {
        StateDiff.Writes writes = DIFF.between(null, List.of(INIT, SHELL, JAVA), T0);

        assertThat(writes.newest()).isTrue();
        assertThat(writes.identities()).containsExactly(INIT, SHELL, JAVA);
        assertThat(writes.samples()).containsExactly(INIT, SHELL, JAVA);
        assertThat(writes.exited()).isEmpty();
        assertThat(writes.state()).extracting(TrackedProcess::recordedAtMillis).containsOnly(T0);
    }

    @Test
    void writesNothingButTheStateForUnchangedProcesses() {
        StateDiff.Writes writes = DIFF.between(BEFORE, List.of(INIT, SHELL, JAVA), T1);

        assertThat(writes.newest()).isTrue();
        assertThat(writes.identities()).isEmpty();
        assertThat(writes.samples()).isEmpty();
        assertThat(writes.exited()).isEmpty();
        assertThat(writes.state()).extracting(TrackedProcess::pid).containsExactly(1, 4242, 1204);
        // Their newest samples stay the ones written at T0.
        assertThat(writes.state()).extracting(TrackedProcess::recordedAtMillis).containsOnly(T0);
    }

    @Test
    void writesTheIdentityAndASampleOfAStartedProcess() {
        ProcessInfo cron = process(5000, 1, "cron", "/usr/sbin/cron -f", T1 - 2_000, 0.0, 2 * MIB);

        StateDiff.Writes writes = DIFF.between(BEFORE, List.of(INIT, SHELL, JAVA, cron), T1);

        assertThat(writes.identities()).containsExactly(cron);
        assertThat(writes.samples()).containsExactly(cron);
        assertThat(writes.exited()).isEmpty();
        assertThat(writes.state()).extracting(TrackedProcess::pid).containsExactly(1, 4242, 1204, 5000);
    }

    @Test
    void startedListsNewProcessesOnlyNotExecsNorAHostsFirstReport() {
        ProcessInfo cron = process(5000, 1, "cron", "/usr/sbin/cron -f", T1 - 2_000, 0.0, 2 * MIB);
        ProcessInfo exec = process(4242, 1, "server", "./server --port 9000", SHELL.startTimeMillis(), 0.0, 4 * MIB);

        assertThat(DIFF.between(BEFORE, List.of(INIT, exec, JAVA, cron), T1).started())
                .containsExactly(cron);
        assertThat(DIFF.between(null, List.of(INIT, SHELL, JAVA, cron), T1).started())
                .as("running already when the host first reported")
                .isEmpty();
        assertThat(DIFF.between(BEFORE, List.of(INIT, cron), T0 - 1).started())
                .as("a late report")
                .isEmpty();
    }

    @Test
    void marksAProcessThatIsNoLongerListedAsExitedSinceTheStateBefore() {
        StateDiff.Writes writes = DIFF.between(BEFORE, List.of(INIT, SHELL), T1);

        assertThat(writes.exited()).extracting(TrackedProcess::pid).containsExactly(1204);
        assertThat(writes.exitedLastSeenMillis()).isEqualTo(T0);
        assertThat(writes.identities()).isEmpty();
        assertThat(writes.samples()).isEmpty();
        assertThat(writes.state()).extracting(TrackedProcess::pid).containsExactly(1, 4242);
    }

    @Test
    void tellsAReusedPidFromTheProcessThatHadItBefore() {
        ProcessInfo reused = process(1204, 1, "nginx", "nginx: master process", T1 - 1_000, 0.0, 8 * MIB);

        StateDiff.Writes writes = DIFF.between(BEFORE, List.of(INIT, SHELL, reused), T1);

        assertThat(writes.exited()).extracting(TrackedProcess::name).containsExactly("java");
        assertThat(writes.exited().get(0).startTimeMillis()).isEqualTo(JAVA.startTimeMillis());
        assertThat(writes.identities()).containsExactly(reused);
        assertThat(writes.samples()).containsExactly(reused);
    }

    @Test
    void rewritesTheIdentityOfAProcessAnExecChangedWithoutAnExit() {
        ProcessInfo exec = process(4242, 1, "server", "./server --port 9000", SHELL.startTimeMillis(), 0.0, 4 * MIB);

        StateDiff.Writes writes = DIFF.between(BEFORE, List.of(INIT, exec, JAVA), T1);

        assertThat(writes.identities()).containsExactly(exec);
        assertThat(writes.exited()).isEmpty();
        // Its state, threads, CPU and RSS did not change: no sample.
        assertThat(writes.samples()).isEmpty();
    }

    @Test
    void samplesAnUnchangedProcessAgainOnceTheKeyframeIntervalPassed() {
        assertThat(DIFF.between(BEFORE, List.of(INIT), T0 + 599_999).samples()).isEmpty();

        StateDiff.Writes writes = DIFF.between(BEFORE, List.of(INIT), T0 + 600_000);

        assertThat(writes.samples()).containsExactly(INIT);
        assertThat(writes.identities()).isEmpty();
        assertThat(writes.state().get(0).recordedAtMillis()).isEqualTo(T0 + 600_000);
    }

    @Test
    void writesEveryProcessOfALateReportAndLeavesTheStateAlone() {
        List<ProcessInfo> late = List.of(INIT, SHELL);

        StateDiff.Writes writes = DIFF.between(BEFORE, late, T0 - 60_000);

        assertThat(writes.newest()).isFalse();
        assertThat(writes.identities()).isEqualTo(late);
        assertThat(writes.samples()).isEqualTo(late);
        // JAVA is missing from the late report, yet it has not exited: the newer state lists it.
        assertThat(writes.exited()).isEmpty();
        assertThat(writes.state()).isEmpty();
    }

    @Test
    void samplesAProcessWhoseCpuMovedAPointSinceItsLastSample() {
        ProcessInfo slightlyBusier = withUsage(JAVA, 20.9, JAVA.rssBytes());
        ProcessInfo busier = withUsage(JAVA, 21.0, JAVA.rssBytes());

        assertThat(DIFF.between(BEFORE, List.of(slightlyBusier), T1).samples()).isEmpty();
        assertThat(DIFF.between(BEFORE, List.of(busier), T1).samples()).containsExactly(busier);
    }

    @Test
    void catchesSlowMemoryGrowthAcrossReportsAgainstTheLastSample() {
        // 1 % more than the sample at T0: not yet. Then 2 % more than that sample, though only 1 %
        // more than the report before: written, because the state carried the T0 sample forward.
        long rss = JAVA.rssBytes();
        StateDiff.Writes first = DIFF.between(BEFORE, List.of(withUsage(JAVA, 20.0, rss + rss / 100)), T1);
        CurrentState after = new CurrentState(BEFORE.hostId(), BEFORE.snapshotId() + 1, T1, first.state());
        ProcessInfo grown = withUsage(JAVA, 20.0, rss + rss / 50);

        StateDiff.Writes second = DIFF.between(after, List.of(grown), T1 + 10_000);

        assertThat(first.samples()).isEmpty();
        assertThat(first.state().get(0).recordedRssBytes()).isEqualTo(rss);
        assertThat(second.samples()).containsExactly(grown);
        assertThat(second.state().get(0).recordedRssBytes()).isEqualTo(grown.rssBytes());
    }

    @Test
    void countsTheHeapTheStatesStringsGainedFromWhatCameAndWent() {
        ProcessInfo cron = process(5000, 1, "cron", "/usr/sbin/cron -f", T1 - 2_000, 0.0, 2 * MIB);
        ProcessInfo exec =
                process(4242, 1, "server", "./server --port 9000 --name 進程", SHELL.startTimeMillis(), 0.0, 4 * MIB);

        StateDiff.Writes writes = DIFF.between(BEFORE, List.of(INIT, exec, cron), T1);

        assertThat(writes.stringBytesChange())
                .as("a start, an exec and an exit: what reading every string of both states tells")
                .isEqualTo(stringBytes(writes.state()) - stringBytes(BEFORE.processes()))
                .isNotZero();
        assertThat(DIFF.between(BEFORE, List.of(INIT, SHELL, JAVA), T1).stringBytesChange())
                .isZero();
    }

    static long stringBytes(List<TrackedProcess> processes) {
        return processes.stream().mapToLong(CurrentStates::stringBytes).sum();
    }

    @Test
    void samplesAProcessWhoseStateChanged() {
        ProcessInfo running = new ProcessInfo(
                INIT.pid(),
                INIT.ppid(),
                INIT.name(),
                INIT.exe(),
                INIT.commandLine(),
                INIT.user(),
                ProcessStatus.RUNNING,
                INIT.startTimeMillis(),
                INIT.cpuPercent(),
                INIT.rssBytes(),
                INIT.vmsBytes(),
                INIT.threads(),
                INIT.nice(),
                INIT.cwd());

        assertThat(DIFF.between(BEFORE, List.of(running), T1).samples()).containsExactly(running);
    }

    static ProcessInfo process(
            int pid, int ppid, String name, String commandLine, long startTimeMillis, Double cpu, Long rss) {
        return new ProcessInfo(
                pid,
                ppid,
                name,
                "/usr/bin/" + name,
                commandLine,
                "app",
                ProcessStatus.SLEEPING,
                startTimeMillis,
                cpu,
                rss,
                rss * 2,
                4,
                0,
                "/");
    }

    static ProcessInfo withUsage(ProcessInfo p, Double cpu, Long rss) {
        return new ProcessInfo(
                p.pid(),
                p.ppid(),
                p.name(),
                p.exe(),
                p.commandLine(),
                p.user(),
                p.status(),
                p.startTimeMillis(),
                cpu,
                rss,
                p.vmsBytes(),
                p.threads(),
                p.nice(),
                p.cwd());
    }

    static CurrentState state(long collectedAtMillis, ProcessInfo... processes) {
        List<TrackedProcess> tracked = java.util.Arrays.stream(processes)
                .map(p -> TrackedProcess.recorded(p, collectedAtMillis))
                .toList();
        return new CurrentState(7, 70, collectedAtMillis, tracked);
    }
}
