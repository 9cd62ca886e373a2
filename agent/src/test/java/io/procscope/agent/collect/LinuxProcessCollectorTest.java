package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.agent.filter.CommandLineScrubber;
import io.procscope.agent.filter.ProcessFilter;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /proc reader on a fixture /proc tree: every field, what cannot be read, what is gone. */
class LinuxProcessCollectorTest {

    private static final Path PASSWD = Path.of("src/test/resources/fixtures/passwd");
    private static final long BOOT = 1_764_000_000_000L;
    private static final String ID = "3f2a9c1b7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b";
    private static final String POD = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

    @TempDir
    Path proc;

    private final AtomicLong now = new AtomicLong(BOOT + 100_000);

    @BeforeEach
    void aHostWithAFewProcesses() throws IOException {
        process(1, "systemd", 'S', 0, 0, "/sbin/init\0splash\0", "/usr/lib/systemd/systemd", "/");
        process(
                4242,
                "postgres",
                'S',
                1,
                105,
                "/usr/lib/postgresql/15/bin/postgres\0-D\0/var/lib/pg\0",
                "/usr/lib/postgresql/15/bin/postgres",
                "/var/lib/pg");
        process(2, "kthreadd", 'S', 0, 0, "", null, "/");
        process(90, "kworker/0:1-events", 'I', 2, 0, "", null, "/");
        process(666, "defunct", 'Z', 1, 1000, "", null, null);
    }

    @Test
    void readsEveryFieldOfTheWire() {
        ProcessInfo pg = byPid(collector(ProcessFilter.ALL).collect(), 4242);

        assertThat(pg)
                .isEqualTo(new ProcessInfo(
                        4242,
                        1,
                        "postgres",
                        "/usr/lib/postgresql/15/bin/postgres",
                        "/usr/lib/postgresql/15/bin/postgres -D /var/lib/pg",
                        "postgres",
                        ProcessStatus.SLEEPING,
                        BOOT + 4242 * 10L, // start ticks 4242 at 100 Hz
                        pg.cpuPercent(),
                        12L * 4096,
                        230_686_720L,
                        7,
                        -5,
                        "/var/lib/pg",
                        null,
                        null,
                        null,
                        null));
        // 100 + 50 ticks = 1.5 s busy over a life of 100 s - 42.42 s
        assertThat(pg.cpuPercent()).isEqualTo(2.61);
    }

    @Test
    void reportsKernelThreadsAndZombiesWithNullWhereNothingIsThere() {
        List<ProcessInfo> all = collector(ProcessFilter.ALL).collect();

        assertThat(all).extracting(ProcessInfo::pid).containsExactly(1, 2, 90, 666, 4242);
        ProcessInfo kworker = byPid(all, 90);
        assertThat(kworker.status()).isEqualTo(ProcessStatus.IDLE);
        assertThat(kworker.exe()).isNull();
        assertThat(kworker.commandLine()).isNull();
        assertThat(kworker.cwd()).isEqualTo("/");
        assertThat(kworker.user()).isEqualTo("root");
        ProcessInfo zombie = byPid(all, 666);
        assertThat(zombie.status()).isEqualTo(ProcessStatus.ZOMBIE);
        assertThat(zombie.exe()).isNull();
        assertThat(zombie.cwd()).isNull();
        assertThat(zombie.user()).isEqualTo("alice");
    }

    @Test
    void keepsTheRestOfAProcessWhoseLinksCannotBeRead() throws IOException {
        Path dir = proc.resolve("4242");
        Files.delete(dir.resolve("exe"));
        Files.createDirectory(dir.resolve("exe")); // readlink fails as on another user's process

        ProcessInfo pg = byPid(collector(ProcessFilter.ALL).collect(), 4242);

        assertThat(pg.exe()).isNull();
        assertThat(pg.cwd()).isEqualTo("/var/lib/pg");
        assertThat(pg.commandLine()).startsWith("/usr/lib/postgresql");
    }

    @Test
    void skipsProcessesThatAreGoneOrHalfGone() throws IOException {
        Files.createDirectories(proc.resolve("777")); // listed, then exited: no stat
        process(778, "exiting", 'S', 1, 0, "x\0", "/bin/x", "/");
        Files.delete(proc.resolve("778/status"));
        Files.createDirectories(proc.resolve("self")); // not a pid

        assertThat(collector(ProcessFilter.ALL).collect())
                .extracting(ProcessInfo::pid)
                .doesNotContain(777, 778);
    }

    @Test
    void attributesContainersAndNamesTheirPods() throws IOException {
        process(5000, "nginx", 'S', 4999, 0, "nginx: worker process\0", "/usr/sbin/nginx", "/");
        Files.writeString(
                proc.resolve("5000/cgroup"),
                "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + POD.replace('-', '_')
                        + ".slice/cri-containerd-" + ID + ".scope\n");
        PodNames pods = uid -> uid.equals(POD) ? new PodNames.Pod("shop", "web-7d9f8-x2x4q") : null;

        ProcessInfo nginx = byPid(
                collector(ProcessFilter.ALL, CommandLineScrubber.defaults(), pods)
                        .collect(),
                5000);

        assertThat(nginx.containerId()).isEqualTo(ID);
        assertThat(nginx.podUid()).isEqualTo(POD);
        assertThat(nginx.podNamespace()).isEqualTo("shop");
        assertThat(nginx.podName()).isEqualTo("web-7d9f8-x2x4q");
        assertThat(nginx.commandLine()).isEqualTo("nginx: worker process");
    }

    @Test
    void scrubsSecretsArgumentByArgument() throws IOException {
        process(
                3000,
                "mysqld",
                'S',
                1,
                0,
                "mysqld\0--password=hunter2 with space\0--user\0db\0",
                "/usr/sbin/mysqld",
                "/");

        ProcessInfo mysqld = byPid(collector(ProcessFilter.ALL).collect(), 3000);

        assertThat(mysqld.commandLine()).isEqualTo("mysqld --password=******** --user db");
    }

    @Test
    void excludedProcessesAreNeverReported() {
        ProcessFilter noPostgres = new ProcessFilter(List.of(), List.of("post*"), List.of(), List.of(), null, null);

        List<ProcessInfo> all = collector(noPostgres).collect();

        assertThat(all).extracting(ProcessInfo::pid).doesNotContain(4242).contains(1);
    }

    @Test
    void completesNamesTheKernelCutTo15Bytes() throws IOException {
        process(
                800,
                "kube-controller",
                'S',
                1,
                0,
                "/usr/local/bin/kube-controller-manager\0--leader-elect\0",
                "/usr/local/bin/kube-controller-manager",
                "/");

        assertThat(byPid(collector(ProcessFilter.ALL).collect(), 800).name()).isEqualTo("kube-controller-manager");
        assertThat(LinuxProcessCollector.nameOf("kworker/0:1-eve", null)).isEqualTo("kworker/0:1-eve");
        assertThat(LinuxProcessCollector.nameOf("bash", "/bin/bash-other\0")).isEqualTo("bash");
    }

    @Test
    void readsWhatALifeKeepsOnceAndAgainAfterAnExec() throws IOException {
        // pid 4247 is first re-read REFRESH_EVERY collections after it is first seen
        process(4247, "postgres", 'S', 1, 105, "postgres\0-D\0/var/lib/pg\0", "/usr/bin/postgres", "/");
        LinuxProcessCollector collector = collector(ProcessFilter.ALL);
        collector.collect();
        Path dir = proc.resolve("4247");
        Files.writeString(dir.resolve("cmdline"), "postgres: checkpointer\0");

        assertThat(byPid(collector.collect(), 4247).commandLine()).isEqualTo("postgres -D /var/lib/pg");
        assertThat(collector.lastFullReads())
                .as("only the processes due, not all six")
                .isEqualTo(3);

        // an exec: same pid and start, new name
        Files.writeString(dir.resolve("stat"), stat(4247, "psql", 'S', 1));
        Files.writeString(dir.resolve("cmdline"), "psql\0-l\0");
        ProcessInfo psql = byPid(collector.collect(), 4247);
        assertThat(psql.name()).isEqualTo("psql");
        assertThat(psql.commandLine()).isEqualTo("psql -l");
    }

    @Test
    void rereadsEveryKnownProcessWithinSixCollections() throws IOException {
        LinuxProcessCollector collector = collector(ProcessFilter.ALL);
        collector.collect();
        Path dir = proc.resolve("4242");
        Files.writeString(dir.resolve("cmdline"), "postgres: checkpointer\0");
        Files.delete(dir.resolve("cwd"));
        Files.createSymbolicLink(dir.resolve("cwd"), Path.of("/tmp"));
        Files.delete(dir.resolve("exe"));
        Files.createSymbolicLink(dir.resolve("exe"), Path.of("/elsewhere/postgres"));

        ProcessInfo seen = null;
        for (int i = 0; i < LinuxProcessCollector.REFRESH_EVERY; i++) {
            seen = byPid(collector.collect(), 4242);
        }

        assertThat(seen.commandLine()).isEqualTo("postgres: checkpointer");
        assertThat(seen.cwd()).isEqualTo("/tmp");
        assertThat(seen.exe()).as("only an exec changes the exe").isEqualTo("/usr/lib/postgresql/15/bin/postgres");
    }

    @Test
    void primesCpuSoTheFirstReportIsRight() throws IOException {
        LinuxProcessCollector collector = collector(ProcessFilter.ALL);
        assertThat(collector.prime()).isEqualTo(5);

        // one second later pid 4242 spent 50 more ticks: 0.5 s of 1 s
        now.addAndGet(1000);
        Files.writeString(
                proc.resolve("4242/stat"), stat(4242, "postgres", 'S', 1).replace(" 100 50 ", " 130 70 "));

        assertThat(byPid(collector.collect(), 4242).cpuPercent()).isEqualTo(50.0);
    }

    @Test
    void parsesTheRealUidAndTheCommandLine() {
        byte[] status =
                "Name:\tx\nUmask:\t0022\nState:\tS\nUid:\t1000\t0\t0\t0\nGid:\t5\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(LinuxProcessCollector.realUid(status, status.length)).isEqualTo(1000);
        assertThat(LinuxProcessCollector.realUid(status, 10)).isEqualTo(-1);
        byte[] cmd = "a\0b c\0\0".getBytes(StandardCharsets.US_ASCII);
        assertThat(LinuxProcessCollector.commandLineOf(cmd, cmd.length)).isEqualTo("a\0b c");
        assertThat(LinuxProcessCollector.parsePid("4242")).isEqualTo(4242);
        assertThat(LinuxProcessCollector.parsePid("self")).isEqualTo(-1);
        assertThat(LinuxProcessCollector.parsePid("99999999999")).isEqualTo(-1);
    }

    private LinuxProcessCollector collector(ProcessFilter filter) {
        return collector(filter, CommandLineScrubber.defaults(), PodNames.NONE);
    }

    private LinuxProcessCollector collector(ProcessFilter filter, CommandLineScrubber scrubber, PodNames pods) {
        return new LinuxProcessCollector(
                proc, new UserNames(PASSWD, Duration.ofSeconds(10)), filter, scrubber, pods, BOOT, 100, 4096, now::get);
    }

    private static ProcessInfo byPid(List<ProcessInfo> infos, int pid) {
        return infos.stream().filter(p -> p.pid() == pid).findFirst().orElseThrow();
    }

    /** A stat line: start ticks = pid, 100 user + 50 system ticks, nice -5, 7 threads, 12 pages. */
    private static String stat(int pid, String comm, char state, int ppid) {
        return pid + " (" + comm + ") " + state + " " + ppid + " " + pid + " " + pid
                + " 0 -1 4194560 1520 0 0 0 100 50 0 0 25 -5 7 0 " + pid + " 230686720 12"
                + " 18446744073709551615 1 1 0 0 0 0 0 4096 16384 0 0 0 17 1 0 0 0 0 0\n";
    }

    private void process(int pid, String comm, char state, int ppid, int uid, String cmdline, String exe, String cwd)
            throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)));
        Files.writeString(dir.resolve("stat"), stat(pid, comm, state, ppid));
        Files.writeString(
                dir.resolve("status"),
                "Name:\t" + comm + "\nState:\t" + state + "\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid
                        + "\nGid:\t0\t0\t0\t0\n");
        Files.writeString(dir.resolve("cmdline"), cmdline);
        Files.writeString(dir.resolve("cgroup"), "0::/system.slice/x.service\n");
        if (exe != null) {
            Files.createSymbolicLink(dir.resolve("exe"), Path.of(exe));
        }
        if (cwd != null) {
            Files.createSymbolicLink(dir.resolve("cwd"), Path.of(cwd));
        }
    }
}
