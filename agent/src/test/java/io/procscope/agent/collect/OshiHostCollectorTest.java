package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.dto.FileSystemUsage;
import java.util.List;
import org.junit.jupiter.api.Test;
import oshi.PlatformEnum;
import oshi.software.os.OSFileStore;

class OshiHostCollectorTest {

    @Test
    void reportsFileSystemsUsedAsTotalMinusFree() {
        List<FileSystemUsage> usage = OshiHostCollector.fileSystems(List.of(
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
    void namesPlatformsInLowerCase() {
        assertThat(OshiHostCollector.platformName(PlatformEnum.LINUX)).isEqualTo("linux");
        assertThat(OshiHostCollector.platformName(PlatformEnum.MACOS)).isEqualTo("macos");
    }

    @Test
    void negativeLoadAverageMeansUnknown() {
        double[] windows = {-1, -1, -1};

        assertThat(OshiHostCollector.loadOrNull(windows, 0)).isNull();
        assertThat(OshiHostCollector.loadOrNull(new double[] {0.5, 0.25, 0.0}, 2))
                .isEqualTo(0.0);
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
