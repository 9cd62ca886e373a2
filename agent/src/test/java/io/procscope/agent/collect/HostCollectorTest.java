package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.dto.FileSystemUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.PlatformEnum;
import oshi.hardware.CentralProcessor.TickType;
import oshi.software.os.OSFileStore;

class HostCollectorTest {

    private static final Path NET_DEV = Path.of("src/test/resources/fixtures/net-dev");

    @Test
    void cpuPercentIsEverythingButIdleAndIowaitBetweenTicks() {
        long[] prev = new long[TickType.values().length];
        long[] now = new long[TickType.values().length];
        now[TickType.USER.getIndex()] = 300;
        now[TickType.SYSTEM.getIndex()] = 100;
        now[TickType.IOWAIT.getIndex()] = 100;
        now[TickType.IDLE.getIndex()] = 500;

        assertThat(HostCollector.cpuPercentBetween(prev, now)).isEqualTo(40.0);
    }

    @Test
    void cpuPercentIsUnknownWhenNoTimePassedOrCountersReset() {
        long[] ticks = {10, 0, 10, 100, 0, 0, 0, 0};
        long[] reset = {0, 0, 0, 0, 0, 0, 0, 0};

        assertThat(HostCollector.cpuPercentBetween(ticks, ticks.clone())).isNull();
        assertThat(HostCollector.cpuPercentBetween(ticks, reset)).isNull();
    }

    @Test
    void sumsNetworkBytesOverEveryInterfaceButLoopback() throws IOException {
        long[] bytes = HostCollector.parseNetDev(Files.readAllLines(NET_DEV));

        assertThat(bytes).containsExactly(1_000_250L, 400_750L);
    }

    @Test
    void readsTheHostNetworkNamespaceThroughPid1First(@TempDir Path proc) throws IOException {
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/dev"), "h\nh\n  eth0: 5 0 0 0 0 0 0 0 7 0 0 0 0 0 0 0\n");
        assertThat(HostCollector.readNetDev(proc))
                .as("no /proc/1: the reader's own")
                .containsExactly(5L, 7L);

        Files.createDirectories(proc.resolve("1/net"));
        Files.copy(NET_DEV, proc.resolve("1/net/dev"));
        assertThat(HostCollector.readNetDev(proc)).containsExactly(1_000_250L, 400_750L);
    }

    @Test
    void reportsFileSystemsUsedAsTotalMinusFree() {
        List<FileSystemUsage> usage = HostCollector.fileSystems(List.of(
                new FakeFileStore("/", "ext4", 100L << 30, 60L << 30),
                new FakeFileStore("/", "ext4", 100L << 30, 60L << 30), // bind-mounted twice
                new FakeFileStore("/boot/efi", "vfat", 512L << 20, 500L << 20),
                new FakeFileStore("/mnt/empty", "tmpfs", 0, 0)));

        assertThat(usage)
                .containsExactly(
                        new FileSystemUsage("/", "ext4", 40L << 30, 100L << 30),
                        new FileSystemUsage("/boot/efi", "vfat", 12L << 20, 512L << 20));
    }

    @Test
    void joinsVersionAndCodeName() {
        assertThat(HostCollector.osVersion("12", "bookworm")).isEqualTo("12 (bookworm)");
        assertThat(HostCollector.osVersion("12", "")).isEqualTo("12");
        assertThat(HostCollector.osVersion("unknown", "")).isNull();
    }

    @Test
    void namesPlatformsInLowerCase() {
        assertThat(HostCollector.platformName(PlatformEnum.LINUX)).isEqualTo("linux");
        assertThat(HostCollector.platformName(PlatformEnum.MACOS)).isEqualTo("macos");
    }

    @Test
    void negativeLoadAverageMeansUnknown() {
        double[] windows = {-1, -1, -1};

        assertThat(HostCollector.loadOrNull(windows, 0)).isNull();
        assertThat(HostCollector.loadOrNull(new double[] {0.5, 0.25, 0.0}, 2)).isEqualTo(0.0);
    }

    /** The fields of an OSHI file store the agent reads. */
    private record FakeFileStore(String mount, String type, long total, long free) implements OSFileStore {

        @Override
        public String getMount() {
            return mount;
        }

        @Override
        public String getType() {
            return type;
        }

        @Override
        public long getTotalSpace() {
            return total;
        }

        @Override
        public long getFreeSpace() {
            return free;
        }

        @Override
        public long getUsableSpace() {
            throw new AssertionError("used is total minus free, as df counts it");
        }

        @Override
        public String getName() {
            return mount;
        }

        @Override
        public String getVolume() {
            return "";
        }

        @Override
        public String getLabel() {
            return "";
        }

        @Override
        public String getLogicalVolume() {
            return "";
        }

        @Override
        public String getDescription() {
            return "";
        }

        @Override
        public String getOptions() {
            return "";
        }

        @Override
        public String getUUID() {
            return "";
        }

        @Override
        public boolean isLocal() {
            return true;
        }

        @Override
        public long getFreeInodes() {
            return 0;
        }

        @Override
        public long getTotalInodes() {
            return 0;
        }

        @Override
        public boolean updateAttributes() {
            return true;
        }
    }
}
