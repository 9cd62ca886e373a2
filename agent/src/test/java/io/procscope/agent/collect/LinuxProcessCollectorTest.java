package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.agent.filter.CommandLineScrubber;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import io.procscope.dto.match.ProcessMatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The /proc reader on the fixture node's /proc: every field, what cannot be read, what is gone. Each
 * test copies the processes it needs from {@code fixtures/proc/node} into a /proc of its own, and
 * changes them there when the test is about a change.
 */
class LinuxProcessCollectorTest {

    private static final Path PASSWD = Path.of("src/test/resources/fixtures/passwd");
    private static final Path NODE = Path.of("src/test/resources/fixtures/proc/node");
    private static final Path NODE_LINKS = Path.of("src/test/resources/fixtures/proc/node.symlinks");
    private static final long BOOT = 1_764_000_000_000L;
    private static final String ID = "3f2a9c1b7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b";
    private static final String POD = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

    /** init, kthreadd, an idle kworker, a zombie and postgres: running when every test starts. */
    private static final int[] RUNNING = {1, 2, 90, 666, 4242};

    @TempDir
    Path proc;

    private final AtomicLong now = new AtomicLong(BOOT + 100_000);

    @BeforeEach
    void aHostWithAFewProcesses() throws IOException {
        for (int pid : RUNNING) {
            start(pid);
        }
    }

    @Test
    void readsEveryFieldOfTheWire() {
        ProcessInfo pg = byPid(collector(ProcessMatcher.ALL).collect(), 4242);

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
        List<ProcessInfo> all = collector(ProcessMatcher.ALL).collect();

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

        ProcessInfo pg = byPid(collector(ProcessMatcher.ALL).collect(), 4242);

        assertThat(pg.exe()).isNull();
        assertThat(pg.cwd()).isEqualTo("/var/lib/pg");
        assertThat(pg.commandLine()).startsWith("/usr/lib/postgresql");
    }

    @Test
    void readsLinksAsTextWithoutTheirDeletedMark() throws IOException {
        start(7000); // its binary was replaced, its cwd is only in its container's mount namespace

        ProcessInfo app = byPid(collector(ProcessMatcher.ALL).collect(), 7000);

        assertThat(app.exe()).isEqualTo("/opt/app/bin/app");
        assertThat(app.cwd()).isEqualTo("/only/in/the/container");
    }

    @Test
    void skipsProcessesThatAreGoneOrHalfGone() throws IOException {
        Files.createDirectories(proc.resolve("777")); // listed, then exited: no stat
        start(778); // exited while read: stat, but no status any more
        Files.createDirectories(proc.resolve("self")); // not a pid

        assertThat(collector(ProcessMatcher.ALL).collect())
                .extracting(ProcessInfo::pid)
                .doesNotContain(777, 778);
    }

    @Test
    void attributesContainersAndNamesTheirPods() throws IOException {
        start(5000); // a worker of a pod's nginx, its title padded with NULs
        PodNames pods = uid -> uid.equals(POD) ? new PodNames.Pod("shop", "web-7d9f8-x2x4q") : null;

        ProcessInfo nginx = byPid(
                collector(ProcessMatcher.ALL, CommandLineScrubber.defaults(), pods)
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
        start(3000); // mysqld --password=hunter2 with space (one argument) --user db

        ProcessInfo mysqld = byPid(collector(ProcessMatcher.ALL).collect(), 3000);

        assertThat(mysqld.commandLine()).isEqualTo("mysqld --password=******** --user db");
    }

    @Test
    void excludedProcessesAreNeverReported() {
        ProcessMatcher noPostgres = new ProcessMatcher(List.of(), List.of("post*"), List.of(), List.of(), null, null);

        List<ProcessInfo> all = collector(noPostgres).collect();

        assertThat(all).extracting(ProcessInfo::pid).doesNotContain(4242).contains(1);
    }

    @Test
    void completesNamesTheKernelCutTo15Bytes() throws IOException {
        start(800); // kube-controller-manager, comm kube-controller

        assertThat(byPid(collector(ProcessMatcher.ALL).collect(), 800).name()).isEqualTo("kube-controller-manager");
        assertThat(LinuxProcessCollector.nameOf("kworker/0:1-eve", null)).isEqualTo("kworker/0:1-eve");
        assertThat(LinuxProcessCollector.nameOf("bash", "/bin/bash-other\0")).isEqualTo("bash");
    }

    @Test
    void readsWhatALifeKeepsOnceAndAgainAfterAnExec() throws IOException {
        // pid 4247 is first re-read REFRESH_EVERY collections after it is first seen
        start(4247);
        LinuxProcessCollector collector = collector(ProcessMatcher.ALL);
        collector.collect();
        Path dir = proc.resolve("4247");
        Files.writeString(dir.resolve("cmdline"), "postgres: checkpointer\0");

        assertThat(byPid(collector.collect(), 4247).commandLine()).isEqualTo("postgres -D /var/lib/pg");
        assertThat(collector.lastFullReads())
                .as("only the processes due, not all six")
                .isEqualTo(3);

        // an exec: same pid and start, new name
        replace(dir.resolve("stat"), "(postgres)", "(psql)");
        Files.writeString(dir.resolve("cmdline"), "psql\0-l\0");
        ProcessInfo psql = byPid(collector.collect(), 4247);
        assertThat(psql.name()).isEqualTo("psql");
        assertThat(psql.commandLine()).isEqualTo("psql -l");
    }

    @Test
    void rereadsEveryKnownProcessWithinSixCollections() throws IOException {
        LinuxProcessCollector collector = collector(ProcessMatcher.ALL);
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
        LinuxProcessCollector collector = collector(ProcessMatcher.ALL);
        assertThat(collector.prime()).isEqualTo(5);

        // one second later pid 4242 spent 50 more ticks: 0.5 s of 1 s
        now.addAndGet(1000);
        replace(proc.resolve("4242/stat"), " 100 50 ", " 130 70 ");

        assertThat(byPid(collector.collect(), 4242).cpuPercent()).isEqualTo(50.0);
    }

    @Test
    void parsesTheRealUidAndTheCommandLine() throws IOException {
        // alice runs passwd, which is setuid root: real uid 1000, effective, saved and fs uid 0
        byte[] status = Files.readAllBytes(NODE.resolve("5100/status"));

        assertThat(LinuxProcessCollector.realUid(status, status.length)).isEqualTo(1000);
        assertThat(LinuxProcessCollector.realUid(status, 10)).isEqualTo(-1);
        byte[] cmd = Files.readAllBytes(NODE.resolve("3000/cmdline"));
        assertThat(LinuxProcessCollector.commandLineOf(cmd, cmd.length))
                .isEqualTo("mysqld\0--password=hunter2 with space\0--user\0db");
        byte[] padded = Files.readAllBytes(NODE.resolve("5000/cmdline"));
        assertThat(LinuxProcessCollector.commandLineOf(padded, padded.length)).isEqualTo("nginx: worker process");
        assertThat(LinuxProcessCollector.parsePid("4242")).isEqualTo(4242);
        assertThat(LinuxProcessCollector.parsePid("self")).isEqualTo(-1);
        assertThat(LinuxProcessCollector.parsePid("99999999999")).isEqualTo(-1);
    }

    private LinuxProcessCollector collector(ProcessMatcher filter) {
        return collector(filter, CommandLineScrubber.defaults(), PodNames.NONE);
    }

    private LinuxProcessCollector collector(ProcessMatcher filter, CommandLineScrubber scrubber, PodNames pods) {
        return new LinuxProcessCollector(
                proc, new UserNames(PASSWD, Duration.ofSeconds(10)), filter, scrubber, pods, BOOT, 100, 4096, now::get);
    }

    private static ProcessInfo byPid(List<ProcessInfo> infos, int pid) {
        return infos.stream().filter(p -> p.pid() == pid).findFirst().orElseThrow();
    }

    /** Copies one process of the fixture node, files and links, to this test's /proc: it has started. */
    private void start(int pid) throws IOException {
        String name = Integer.toString(pid);
        Path to = Files.createDirectories(proc.resolve(name));
        try (Stream<Path> files = Files.list(NODE.resolve(name))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName().toString()));
            }
        }
        for (String line : Files.readAllLines(NODE_LINKS)) {
            if (line.startsWith(name + "/")) {
                int space = line.indexOf(' ');
                Files.createSymbolicLink(proc.resolve(line.substring(0, space)), Path.of(line.substring(space + 1)));
            }
        }
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }
}
