package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.agent.collect.OshiProcessCollector.Extras;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import oshi.software.os.OSProcess.State;

class OshiProcessCollectorTest {

    private static final Path PASSWD = Path.of("src/test/resources/fixtures/passwd");
    private static final Extras CWD_ONLY = new Extras("/var/lib/postgresql/15/main", null, null);

    @TempDir
    Path proc;

    @Test
    void mapsEveryFieldFromOshi() {
        FakeProcess p = new FakeProcess();

        ProcessInfo info =
                OshiProcessCollector.toInfo(p, true, CWD_ONLY, "postgres", 12.5).orElseThrow();

        assertThat(info)
                .isEqualTo(new ProcessInfo(
                        4242,
                        1,
                        "postgres",
                        "/usr/lib/postgresql/15/bin/postgres",
                        "/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main",
                        "postgres",
                        ProcessStatus.SLEEPING,
                        1_764_000_000_000L,
                        12.5,
                        48L << 20,
                        220L << 20,
                        7,
                        0,
                        "/var/lib/postgresql/15/main",
                        null,
                        null,
                        null,
                        null));
    }

    @Test
    void turnsUnknownSentinelsIntoNull() {
        FakeProcess kthread = new FakeProcess();
        kthread.name = "";
        kthread.path = "";
        kthread.commandLine = "";
        kthread.ppid = -1;
        kthread.rss = -1;
        kthread.vms = -1;
        kthread.threads = 0;

        ProcessInfo info = OshiProcessCollector.toInfo(kthread, true, Extras.NONE, null, null)
                .orElseThrow();

        assertThat(info.name()).isNull();
        assertThat(info.exe()).isNull();
        assertThat(info.commandLine()).isNull();
        assertThat(info.ppid()).isNull();
        assertThat(info.rssBytes()).isNull();
        assertThat(info.vmsBytes()).isNull();
        assertThat(info.threads()).isNull();
        assertThat(info.user()).isNull();
        assertThat(info.cwd()).isNull();
        assertThat(info.cpuPercent()).isNull();
        assertThat(info.pid()).isEqualTo(4242);
    }

    @Test
    void keepsZeroMemoryOfKernelThreadsAndZeroParentOfRoots() {
        FakeProcess kthreadd = new FakeProcess().pid(2);
        kthreadd.ppid = 0;
        kthreadd.rss = 0;
        kthreadd.vms = 0;

        ProcessInfo info = OshiProcessCollector.toInfo(kthreadd, true, Extras.NONE, "root", 0.0)
                .orElseThrow();

        assertThat(info.ppid()).isZero();
        assertThat(info.rssBytes()).isZero();
        assertThat(info.vmsBytes()).isZero();
    }

    @Test
    void skipsProcessThatIsGone() {
        assertThat(OshiProcessCollector.toInfo(new FakeProcess().state(State.INVALID), true, CWD_ONLY, "x", 1.0))
                .isEmpty();
    }

    @Test
    void skipsProcessWithoutStartTimeToIdentifyIt() {
        assertThat(OshiProcessCollector.toInfo(new FakeProcess().startTime(0), true, CWD_ONLY, "x", 1.0))
                .isEmpty();
    }

    @Test
    void cutsCommandLineToWhatTheWireAccepts() {
        FakeProcess p = new FakeProcess();
        p.commandLine = "java " + "-Dx=y ".repeat(10_000);

        ProcessInfo info =
                OshiProcessCollector.toInfo(p, true, CWD_ONLY, "x", 1.0).orElseThrow();

        assertThat(info.commandLine())
                .hasSize(OshiProcessCollector.MAX_COMMAND_LINE)
                .startsWith("java -Dx=y");
    }

    @Test
    void neverSplitsACharacterWhenCutting() {
        FakeProcess p = new FakeProcess();
        p.commandLine = "x".repeat(OshiProcessCollector.MAX_COMMAND_LINE - 1) + "\uD83D\uDE00tail";

        ProcessInfo info =
                OshiProcessCollector.toInfo(p, true, CWD_ONLY, "x", 1.0).orElseThrow();

        assertThat(info.commandLine()).hasSize(OshiProcessCollector.MAX_COMMAND_LINE - 1);
    }

    @ParameterizedTest
    @CsvSource({
        "RUNNING, , RUNNING",
        "SLEEPING, , SLEEPING",
        "WAITING, , DISK_SLEEP",
        "STOPPED, , STOPPED",
        "SUSPENDED, , STOPPED",
        "ZOMBIE, , ZOMBIE",
        "NEW, , UNKNOWN",
        "OTHER, , UNKNOWN",
        "OTHER, I, IDLE",
        "OTHER, t, STOPPED",
        "OTHER, X, UNKNOWN",
        "OTHER, P, UNKNOWN",
    })
    void mapsOshiStateToStatus(State state, Character letter, ProcessStatus expected) {
        assertThat(OshiProcessCollector.statusOf(state, letter)).isEqualTo(expected);
    }

    @Test
    void invalidStateHasNoStatus() {
        assertThat(OshiProcessCollector.statusOf(State.INVALID, null)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        // priority (stat field 18), nice from field 19 where read, expected nice
        "20, , 0",
        "0, , -20",
        "39, , 19",
        "30, , 10",
        "-100, 0, 0", // SCHED_FIFO 99: nice from field 19
        "-51, -5, -5",
        "-100, , ", // real-time, field 19 not read: unknown, not invented
        "-101, 42, ", // out-of-range field 19: unknown
    })
    void derivesNiceFromLinuxPriorityOnlyWhereValid(int priority, Integer statNice, Integer expected) {
        assertThat(OshiProcessCollector.niceOf(priority, statNice)).isEqualTo(expected);
    }

    @Test
    void reportsNoNiceOutsideLinux() {
        ProcessInfo info = OshiProcessCollector.toInfo(new FakeProcess(), false, CWD_ONLY, "x", 1.0)
                .orElseThrow();

        assertThat(info.nice()).isNull();
    }

    @Test
    void primesCpuSoFirstReportIsRight() {
        // prime: 1000 ms busy at 10 s up; report: 1500 ms busy at 11 s up -> 500 ms over 1000 ms
        Deque<List<oshi.software.os.OSProcess>> readings = new ArrayDeque<>(List.of(
                List.of(new FakeProcess().times(1_000, 10_000)), List.of(new FakeProcess().times(1_500, 11_000))));
        OshiProcessCollector collector = collector(readings::poll, false);

        assertThat(collector.prime()).isEqualTo(1);
        List<ProcessInfo> report = collector.collect();

        assertThat(report).singleElement().extracting(ProcessInfo::cpuPercent).isEqualTo(50.0);
    }

    @Test
    void unprimedProcessGetsItsLifetimeAverage() {
        // 300 ms busy in 1200 ms of life: 25 %, where a first reading alone would say nothing
        OshiProcessCollector collector = collector(() -> List.of(new FakeProcess().times(300, 1_200)), false);

        assertThat(collector.collect())
                .singleElement()
                .extracting(ProcessInfo::cpuPercent)
                .isEqualTo(25.0);
    }

    @Test
    void reusedPidIsANewProcess() {
        Deque<List<oshi.software.os.OSProcess>> readings = new ArrayDeque<>(List.of(
                List.of(new FakeProcess().times(9_000, 10_000)),
                List.of(new FakeProcess().startTime(1_764_000_050_000L).times(100, 1_000))));
        OshiProcessCollector collector = collector(readings::poll, false);
        collector.prime();

        // the old process's 9 s of busy time must not leak into the new one: lifetime 10 %
        assertThat(collector.collect())
                .singleElement()
                .extracting(ProcessInfo::cpuPercent)
                .isEqualTo(10.0);
    }

    @Test
    void collectsUserNamesFromPasswdNeverFromGetUser() {
        FakeProcess unknownUid = new FakeProcess().pid(7);
        unknownUid.uid = "4321";
        OshiProcessCollector collector = collector(() -> List.of(new FakeProcess(), unknownUid), false);

        List<ProcessInfo> infos = collector.collect();

        assertThat(infos).extracting(ProcessInfo::user).containsExactly("4321", "postgres");
    }

    @Test
    void skipsProcessesThatExitDuringCollection() throws IOException {
        fakeProcDir(100, "/srv/app", null);
        fakeProcDir(300, null, null); // a zombie: /proc/300 exists, its cwd does not
        List<oshi.software.os.OSProcess> listed = List.of(
                new FakeProcess().pid(100),
                new FakeProcess().pid(200), // gone: no /proc/200 by the time the agent looks
                new FakeProcess().pid(300).state(State.ZOMBIE),
                new FakeProcess().pid(400).state(State.INVALID)); // gone before OSHI read it

        List<ProcessInfo> infos = collector(() -> listed, true).collect();

        assertThat(infos).extracting(ProcessInfo::pid).containsExactly(100, 300);
        assertThat(infos.get(0).cwd()).isEqualTo("/srv/app");
        assertThat(infos.get(1).cwd()).isNull();
        assertThat(infos.get(1).status()).isEqualTo(ProcessStatus.ZOMBIE);
    }

    @Test
    void readsIdleStateAndRealTimeNiceFromProcStat() throws IOException {
        fakeProcDir(4, "/", "4 (kworker/R-rcu_gp) I 2 0 0 0 -1 69238880 0 0 0 0 0 0 0 0 0 -20 1 0 3 0 0");
        fakeProcDir(18, "/", "18 (migration/0) S 2 0 0 0 -1 69238848 0 0 0 0 0 0 0 0 -100 0 1 0 3 0 0");
        FakeProcess idle = new FakeProcess().pid(4).state(State.OTHER);
        FakeProcess realtime = new FakeProcess().pid(18);
        realtime.priority = -100;

        List<ProcessInfo> infos = collector(() -> List.of(idle, realtime), true).collect();

        assertThat(infos.get(0).status()).isEqualTo(ProcessStatus.IDLE);
        assertThat(infos.get(1).nice()).isZero();
    }

    private OshiProcessCollector collector(Supplier<List<oshi.software.os.OSProcess>> processes, boolean linux) {
        return new OshiProcessCollector(processes, new UserNames(PASSWD, Duration.ofSeconds(10)), proc, linux);
    }

    private void fakeProcDir(int pid, String cwd, String stat) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)));
        if (cwd != null) {
            Files.createSymbolicLink(dir.resolve("cwd"), Path.of(cwd));
        }
        if (stat != null) {
            Files.writeString(dir.resolve("stat"), stat + "\n");
        }
    }
}
