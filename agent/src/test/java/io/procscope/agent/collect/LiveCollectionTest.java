package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procscope.agent.AgentWiring;
import io.procscope.agent.config.AgentConfig;
import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import io.procscope.dto.SystemMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import oshi.SystemInfo;

/**
 * The real collector on this machine: the only tests here that read the live system, and compare the
 * Linux readers with OSHI (which tests may load; the agent on Linux does not).
 */
class LiveCollectionTest {

    private static final long PID = ProcessHandle.current().pid();

    @BeforeAll
    static void onLinux() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "reads Linux's /proc");
    }

    @Test
    void findsItsOwnProcessWithEveryField() throws InterruptedException {
        HostReport report = collectAfterPriming(Duration.ofMillis(500));
        long now = System.currentTimeMillis();

        ProcessInfo me = report.processes().stream()
                .filter(p -> p.pid() == PID)
                .findFirst()
                .orElseThrow();

        assertThat(me.name()).isEqualTo("java");
        assertThat(me.exe()).endsWith("/java");
        assertThat(Path.of(me.exe())).exists();
        assertThat(me.rssBytes()).isGreaterThan(10L << 20);
        assertThat(me.vmsBytes()).isGreaterThan(me.rssBytes());
        assertThat(me.threads()).isGreaterThan(1);
        assertThat(me.startTimeMillis()).isBetween(now - TimeUnit.HOURS.toMillis(1), now);
        assertThat(me.user()).isEqualTo(System.getProperty("user.name"));
        assertThat(me.cwd()).isEqualTo(Path.of("").toAbsolutePath().toString());
        assertThat(me.commandLine()).contains(mainClassOrJar());
        assertThat(me.ppid())
                .isEqualTo((int) ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(me.status()).isIn(ProcessStatus.RUNNING, ProcessStatus.SLEEPING);
        assertThat(me.cpuPercent()).isNotNull().isGreaterThanOrEqualTo(0.0);
        assertThat(me.nice()).isBetween(-20, 19);
    }

    @Test
    void describesTheHostAndItsResourceUse() throws InterruptedException {
        HostReport report = collectAfterPriming(Duration.ofMillis(300));

        assertThat(report.host().hostname()).isNotBlank();
        assertThat(report.host().platform()).isEqualTo("linux");
        assertThat(report.host().kernelVersion()).isEqualTo(System.getProperty("os.version"));
        assertThat(report.host().architecture()).isEqualTo(System.getProperty("os.arch"));
        assertThat(report.host().cpuCount()).isPositive();
        assertThat(report.host().bootTimeMillis()).isLessThan(report.collectedAtMillis());
        assertThat(report.metrics().cpuPercent())
                .as("primed: known in the first report")
                .isBetween(0.0, 100.0);
        assertThat(report.metrics().memoryUsedBytes())
                .isPositive()
                .isLessThanOrEqualTo(report.metrics().memoryTotalBytes());
        assertThat(report.metrics().load1()).isNotNull();
        assertThat(report.metrics().networkReceivedBytes()).isNotNull();
        assertThat(report.metrics().fileSystems()).isNotEmpty();
        assertThat(report.processes())
                .hasSizeGreaterThan(1)
                .extracting(ProcessInfo::pid)
                .isSorted();
    }

    @Test
    void readsTheHostAsOshiDoes() throws InterruptedException {
        SystemInfo si = new SystemInfo();
        HostCollector oshi = new OshiHostCollector(
                si.getOperatingSystem(), si.getHardware(), SystemInfo.getCurrentPlatform(), Optional.empty());
        HostCollector proc = new LinuxHostCollector(Path.of("/proc"), Optional.empty());
        oshi.prime();
        proc.prime();
        TimeUnit.MILLISECONDS.sleep(500);
        SystemMetrics expected = oshi.metrics();
        SystemMetrics actual = proc.metrics();
        HostInfo expectedHost = oshi.hostInfo();
        HostInfo actualHost = proc.hostInfo();

        assertThat(actualHost)
                .usingRecursiveComparison()
                .ignoringFields("bootTimeMillis")
                .isEqualTo(expectedHost);
        assertThat(actualHost.bootTimeMillis()).isCloseTo(expectedHost.bootTimeMillis(), within(2000L));
        assertThat(actual.cpuPercent()).isCloseTo(expected.cpuPercent(), within(20.0));
        assertThat(actual.memoryTotalBytes()).isEqualTo(expected.memoryTotalBytes());
        assertThat(actual.memoryUsedBytes())
                .isCloseTo(expected.memoryUsedBytes(), within(expected.memoryTotalBytes() / 50));
        assertThat(actual.swapTotalBytes()).isEqualTo(expected.swapTotalBytes());
        assertThat(actual.swapUsedBytes()).isCloseTo(expected.swapUsedBytes(), within(64L << 20));
        // /proc/loadavg is rounded to 0.01; the averages move every 5 s
        assertThat(actual.load1()).isCloseTo(expected.load1(), within(0.5));
        assertThat(actual.load15()).isCloseTo(expected.load15(), within(0.1));
    }

    @Test
    void primesCpuSoFirstReportShowsABusyThread() throws InterruptedException {
        AtomicBoolean spin = new AtomicBoolean(true);
        Thread busy = new Thread(() -> {
            long x = 0;
            while (spin.get()) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.print("");
            }
        });
        busy.start();
        try {
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getThreadCpuTime(busy.getId());
            long wall0 = System.nanoTime();
            HostReport report = collectAfterPriming(Duration.ofSeconds(1));
            double spun = 100.0 * (threads.getThreadCpuTime(busy.getId()) - cpu0) / (System.nanoTime() - wall0);
            ProcessInfo me = report.processes().stream()
                    .filter(p -> p.pid() == PID)
                    .findFirst()
                    .orElseThrow();

            // one spinning thread is near 100 % of a processor on an idle machine, less on a busy
            // one: the report shows at least most of what the thread itself measured
            assertThat(me.cpuPercent()).isGreaterThan(Math.max(5.0, spun * 0.6));
        } finally {
            spin.set(false);
            busy.join();
        }
    }

    private static HostReport collectAfterPriming(Duration wait) throws InterruptedException {
        ReportCollector collector = AgentWiring.collector(AgentConfig.defaults(), "test");
        collector.prime();
        TimeUnit.NANOSECONDS.sleep(wait.toNanos());
        return collector.collect();
    }

    /** Something this JVM's command line certainly holds: its main class or jar (surefire's booter). */
    private static String mainClassOrJar() {
        String command = System.getProperty("sun.java.command", "");
        String first = command.split(" ")[0];
        assertThat(first).isNotEmpty();
        return Files.exists(Path.of(first)) ? Path.of(first).getFileName().toString() : first;
    }
}
