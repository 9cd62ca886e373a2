package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.dto.HostInfo;
import io.procscope.dto.SystemMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxHostCollectorTest {

    private static final Path NODE = Path.of("src/test/resources/fixtures/proc/node");

    private static final Path OLD_KERNEL = Path.of("src/test/resources/fixtures/proc/old-kernel");

    @TempDir
    Path tmp;

    @Test
    void describesTheHostFromProc() {
        HostInfo info = collector(NODE, Optional.empty()).hostInfo();

        assertThat(info)
                .isEqualTo(new HostInfo(
                        "node-7",
                        "Ubuntu",
                        "22.04.4 LTS (Jammy Jellyfish)",
                        "6.1.0-18-amd64",
                        "linux",
                        System.getProperty("os.arch"),
                        4,
                        16314484L << 10,
                        1_418_183_276_000L));
    }

    @Test
    void theHostnameSettingWins() {
        assertThat(collector(NODE, Optional.of("k8s-node-1")).hostInfo().hostname())
                .isEqualTo("k8s-node-1");
    }

    @Test
    void reportsMemorySwapLoadAndNetwork() {
        SystemMetrics m = collector(NODE, Optional.empty()).metrics();

        assertThat(m.cpuPercent()).as("not primed").isNull();
        assertThat(m.memoryTotalBytes()).isEqualTo(16314484L << 10);
        assertThat(m.memoryUsedBytes()).isEqualTo((16314484L - 9875124L) << 10);
        assertThat(m.swapTotalBytes()).isEqualTo(2097148L << 10);
        assertThat(m.swapUsedBytes()).isEqualTo((2097148L - 1048572L) << 10);
        assertThat(m.load1()).isEqualTo(0.52);
        assertThat(m.load5()).isEqualTo(0.58);
        assertThat(m.load15()).isEqualTo(0.59);
        assertThat(m.networkReceivedBytes()).isEqualTo(1_000_250L);
        assertThat(m.networkSentBytes()).isEqualTo(400_750L);
    }

    @Test
    void cpuPercentComparesWithThePreviousReading() throws IOException {
        Files.writeString(tmp.resolve("stat"), "cpu  100 0 100 800 0 0 0 0\ncpu0 100 0 100 800 0 0 0 0\n");
        LinuxHostCollector host = collector(tmp, Optional.empty());
        host.prime();
        Files.writeString(tmp.resolve("stat"), "cpu  400 0 200 1300 100 0 0 0\ncpu0 400 0 200 1300 100 0 0 0\n");

        assertThat(host.metrics().cpuPercent()).isEqualTo(40.0);
    }

    @Test
    void anOldKernelLeavesUsedMemoryAndLoadUnknown() {
        LinuxHostCollector host = collector(OLD_KERNEL, Optional.empty());
        SystemMetrics m = host.metrics();
        HostInfo info = host.hostInfo();

        assertThat(m.memoryTotalBytes()).isEqualTo(2048000L << 10);
        assertThat(m.memoryUsedBytes()).as("no MemAvailable").isNull();
        assertThat(m.swapUsedBytes()).isZero();
        assertThat(m.load1()).isNull();
        assertThat(info.kernelVersion()).isEqualTo("2.6.32-754.el6.x86_64");
        assertThat(info.hostname()).as("no sys/kernel/hostname").isEqualTo("localhost");
        assertThat(info.osName()).isNull();
        assertThat(info.cpuCount()).isEqualTo(2);
    }

    @Test
    void anEmptyProcGivesNullsButAReport() {
        LinuxHostCollector host = collector(tmp, Optional.of("n"));
        host.prime();

        SystemMetrics m = host.metrics();
        HostInfo info = host.hostInfo();

        assertThat(info)
                .isEqualTo(
                        new HostInfo("n", null, null, null, "linux", System.getProperty("os.arch"), null, null, null));
        assertThat(host.bootTimeMillis()).isNull();
        assertThat(m.cpuPercent()).isNull();
        assertThat(m.memoryUsedBytes()).isNull();
        assertThat(m.memoryTotalBytes()).isNull();
        assertThat(m.swapUsedBytes()).isNull();
        assertThat(m.swapTotalBytes()).isNull();
        assertThat(m.load1()).isNull();
        assertThat(m.networkReceivedBytes()).isNull();
    }

    private LinuxHostCollector collector(Path proc, Optional<String> hostname) {
        return new LinuxHostCollector(new LinuxHost(proc, tmp.resolve("no-os-release")), proc, hostname);
    }
}
