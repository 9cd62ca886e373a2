package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import oshi.software.os.OSProcess.State;

/** The reader of platforms other than Linux, on OSHI processes made up in the test. */
class OshiProcessCollectorTest {

    private static final Path PASSWD = Path.of("src/test/resources/fixtures/passwd");

    @Test
    void mapsEveryFieldFromOshi() {
        FakeProcess p = new FakeProcess();

        ProcessInfo info = OshiProcessCollector.toInfo(p, "postgres", 12.5).orElseThrow();

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
                        null,
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
        kthread.cwd = "";
        kthread.ppid = -1;
        kthread.rss = -1;
        kthread.vms = -1;
        kthread.threads = 0;

        ProcessInfo info = OshiProcessCollector.toInfo(kthread, null, null).orElseThrow();

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

        ProcessInfo info = OshiProcessCollector.toInfo(kthreadd, "root", 0.0).orElseThrow();

        assertThat(info.ppid()).isZero();
        assertThat(info.rssBytes()).isZero();
        assertThat(info.vmsBytes()).isZero();
    }

    @Test
    void skipsProcessThatIsGone() {
        assertThat(OshiProcessCollector.toInfo(new FakeProcess().state(State.INVALID), "x", 1.0))
                .isEmpty();
    }

    @Test
    void skipsProcessWithoutStartTimeToIdentifyIt() {
        assertThat(OshiProcessCollector.toInfo(new FakeProcess().startTime(0), "x", 1.0))
                .isEmpty();
    }

    @Test
    void cutsCommandLineToWhatTheWireAccepts() {
        FakeProcess p = new FakeProcess();
        p.commandLine = "java " + "-Dx=y ".repeat(10_000);

        ProcessInfo info = OshiProcessCollector.toInfo(p, "x", 1.0).orElseThrow();

        assertThat(info.commandLine())
                .hasSize(ProcessInfo.MAX_COMMAND_LINE_LENGTH)
                .startsWith("java -Dx=y");
    }

    @Test
    void neverSplitsACharacterWhenCutting() {
        FakeProcess p = new FakeProcess();
        p.commandLine = "x".repeat(ProcessInfo.MAX_COMMAND_LINE_LENGTH - 1) + "\uD83D\uDE00tail";

        ProcessInfo info = OshiProcessCollector.toInfo(p, "x", 1.0).orElseThrow();

        assertThat(info.commandLine()).hasSize(ProcessInfo.MAX_COMMAND_LINE_LENGTH - 1);
    }

    @ParameterizedTest
    @CsvSource({
        "RUNNING, RUNNING",
        "SLEEPING, SLEEPING",
        "WAITING, DISK_SLEEP",
        "STOPPED, STOPPED",
        "SUSPENDED, STOPPED",
        "ZOMBIE, ZOMBIE",
        "NEW, UNKNOWN",
        "OTHER, UNKNOWN",
    })
    void mapsOshiStateToStatus(State state, ProcessStatus expected) {
        assertThat(OshiProcessCollector.statusOf(state)).isEqualTo(expected);
    }

    @Test
    void invalidStateHasNoStatus() {
        assertThat(OshiProcessCollector.statusOf(State.INVALID)).isNull();
    }

    @Test
    void reportsNoNiceOutsideLinux() {
        ProcessInfo info =
                OshiProcessCollector.toInfo(new FakeProcess(), "x", 1.0).orElseThrow();

        assertThat(info.nice()).isNull();
    }

    @Test
    void primesCpuSoFirstReportIsRight() {
        // prime: 1000 ms busy at 10 s up; report: 1500 ms busy at 11 s up -> 500 ms over 1000 ms
        Deque<List<oshi.software.os.OSProcess>> readings = new ArrayDeque<>(List.of(
                List.of(new FakeProcess().times(1_000, 10_000)), List.of(new FakeProcess().times(1_500, 11_000))));
        OshiProcessCollector collector = collector(readings::poll);

        assertThat(collector.prime()).isEqualTo(1);
        List<ProcessInfo> report = collector.collect();

        assertThat(report).singleElement().extracting(ProcessInfo::cpuPercent).isEqualTo(50.0);
    }

    @Test
    void unprimedProcessGetsItsLifetimeAverage() {
        // 300 ms busy in 1200 ms of life: 25 %, where a first reading alone would say nothing
        OshiProcessCollector collector = collector(() -> List.of(new FakeProcess().times(300, 1_200)));

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
        OshiProcessCollector collector = collector(readings::poll);
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
        OshiProcessCollector collector = collector(() -> List.of(new FakeProcess(), unknownUid));

        List<ProcessInfo> infos = collector.collect();

        assertThat(infos).extracting(ProcessInfo::user).containsExactly("4321", "postgres");
    }

    @Test
    void skipsProcessesThatExitDuringCollection() {
        FakeProcess zombie = new FakeProcess().pid(300).state(State.ZOMBIE);
        zombie.cwd = ""; // a zombie has no cwd any more
        List<oshi.software.os.OSProcess> listed = List.of(
                new FakeProcess().pid(100),
                zombie,
                new FakeProcess().pid(400).state(State.INVALID)); // gone before OSHI read it

        List<ProcessInfo> infos = collector(() -> listed).collect();

        assertThat(infos).extracting(ProcessInfo::pid).containsExactly(100, 300);
        assertThat(infos.get(0).cwd()).isEqualTo("/var/lib/postgresql/15/main");
        assertThat(infos.get(1).cwd()).isNull();
        assertThat(infos.get(1).status()).isEqualTo(ProcessStatus.ZOMBIE);
    }

    private OshiProcessCollector collector(Supplier<List<oshi.software.os.OSProcess>> processes) {
        return new OshiProcessCollector(processes, new UserNames(PASSWD, Duration.ofSeconds(10)));
    }
}
