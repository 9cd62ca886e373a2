package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxHostTest {

    /** A current node: four processors, swap in use, Ubuntu on the host through PID 1's root. */
    private static final Path NODE = Path.of("src/test/resources/fixtures/proc/node");

    /** A 2.6-era kernel: four counters on the cpu line, no MemAvailable, no loadavg, no hostname. */
    private static final Path OLD_KERNEL = Path.of("src/test/resources/fixtures/proc/old-kernel");

    @TempDir
    Path tmp;

    @Test
    void readsCpuTicksProcessorsAndBootTimeFromStat() {
        LinuxHost.Stat stat = new LinuxHost(NODE).readStat();

        assertThat(stat.cpuTicks())
                .as("user .. steal; guest is already in user")
                .containsExactly(10132153, 290696, 3084719, 46828483, 16683, 0, 25195, 0);
        assertThat(stat.cpuCount()).isEqualTo(4);
        assertThat(stat.bootTimeMillis()).isEqualTo(1_418_183_276_000L);
    }

    @Test
    void countsMissingIowaitAndLaterFieldsAsZero() {
        LinuxHost.Stat stat = new LinuxHost(OLD_KERNEL).readStat();

        assertThat(stat.cpuTicks()).containsExactly(1000, 200, 300, 8500, 0, 0, 0, 0);
        assertThat(stat.cpuCount()).isEqualTo(2);
        assertThat(HostValues.cpuPercentBetween(new long[8], stat.cpuTicks())).isEqualTo(15.0);
    }

    @Test
    void aStatWithoutCpuOrBtimeGivesNulls() {
        LinuxHost.Stat stat = LinuxHost.parseStat(List.of("cpu  1 2", "intr 0", "btime x"));

        assertThat(stat.cpuTicks()).isNull();
        assertThat(stat.cpuCount()).isNull();
        assertThat(stat.bootTimeMillis()).isNull();
    }

    @Test
    void readsMemoryInBytes() {
        LinuxHost.Memory m = new LinuxHost(NODE).readMemory();

        assertThat(m).isEqualTo(new LinuxHost.Memory(16314484L << 10, 9875124L << 10, 2097148L << 10, 1048572L << 10));
    }

    @Test
    void meminfoBeforeMemAvailableLeavesAvailableUnknown() {
        LinuxHost.Memory m = new LinuxHost(OLD_KERNEL).readMemory();

        assertThat(m.totalBytes()).isEqualTo(2048000L << 10);
        assertThat(m.availableBytes()).isNull();
        assertThat(m.swapTotalBytes()).isZero();
        assertThat(m.swapFreeBytes()).isZero();
    }

    @Test
    void readsTheThreeLoadAverages() {
        assertThat(new LinuxHost(NODE).readLoad()).isEqualTo(new LinuxHost.Load(0.52, 0.58, 0.59));
        assertThat(LinuxHost.parseLoadavg("0.52 x 0.59 1/2 3")).isNull();
        assertThat(LinuxHost.parseLoadavg("0.52")).isNull();
    }

    @Test
    void readsKernelReleaseAndHostname() {
        LinuxHost node = new LinuxHost(NODE);

        assertThat(node.readKernelRelease()).isEqualTo("6.1.0-18-amd64");
        assertThat(node.readHostname()).isEqualTo("node-7");
    }

    @Test
    void everyMissingFileGivesNull() {
        LinuxHost empty = new LinuxHost(tmp, tmp.resolve("no-os-release"));

        assertThat(empty.readStat()).isNull();
        assertThat(empty.readMemory()).isNull();
        assertThat(empty.readLoad()).isNull();
        assertThat(empty.readKernelRelease()).isNull();
        assertThat(empty.readHostname()).isNull();
        assertThat(empty.readOsRelease()).isNull();
    }

    @Test
    void prefersTheHostsOsReleaseThroughPid1sRoot() {
        LinuxHost.OsRelease os = new LinuxHost(NODE, Path.of("/nonexistent")).readOsRelease();

        assertThat(os).isEqualTo(new LinuxHost.OsRelease("Ubuntu", "22.04.4 LTS", "Jammy Jellyfish"));
        assertThat(HostValues.osVersion(os.version(), os.codeName())).isEqualTo("22.04.4 LTS (Jammy Jellyfish)");
    }

    @Test
    void fallsBackToItsOwnOsRelease() throws IOException {
        Path own =
                Files.writeString(tmp.resolve("os-release"), "NAME=\"Debian GNU/Linux\"\nVERSION=\"12 (bookworm)\"\n");

        LinuxHost.OsRelease os = new LinuxHost(OLD_KERNEL, own).readOsRelease();

        assertThat(os).isEqualTo(new LinuxHost.OsRelease("Debian GNU/Linux", "12", "bookworm"));
        assertThat(new LinuxHost(NODE, own).readOsRelease().name())
                .as("PID 1's wins")
                .isEqualTo("Ubuntu");
    }

    @Test
    void unquotesOsReleaseValues() {
        LinuxHost.OsRelease os = LinuxHost.parseOsRelease(List.of(
                "# a comment",
                "NAME='Fedora Linux'",
                "VERSION=\"39 (Container \\\"Image\\\")\"",
                "VERSION_ID=39",
                "NAME=\"second NAME is ignored\""));

        assertThat(os.name()).isEqualTo("Fedora Linux");
        assertThat(os.version()).isEqualTo("39");
        assertThat(os.codeName()).isEqualTo("Container \"Image\"");
        assertThat(LinuxHost.unquote("plain")).isEqualTo("plain");
        assertThat(LinuxHost.unquote("\"a\\\\b\\$c\"")).isEqualTo("a\\b$c");
    }

    @Test
    void splitsVersionAsOshiDoes() {
        assertThat(LinuxHost.parseOsRelease(List.of("NAME=Ubuntu", "VERSION=\"14.04.4 LTS, Trusty Tahr\"")))
                .as("old Ubuntu's comma")
                .isEqualTo(new LinuxHost.OsRelease("Ubuntu", "14.04.4 LTS", "Trusty Tahr"));
        assertThat(LinuxHost.parseOsRelease(List.of("NAME=\"Alpine Linux\"", "VERSION_ID=3.19.1")))
                .as("no VERSION: VERSION_ID")
                .isEqualTo(new LinuxHost.OsRelease("Alpine Linux", "3.19.1", null));
        assertThat(LinuxHost.parseOsRelease(List.of("NAME=\"Arch Linux\"", "ID=arch")))
                .isEqualTo(new LinuxHost.OsRelease("Arch Linux", null, null));
    }

    @Test
    void sumsNetworkBytesOverEveryInterfaceButLoopback() throws IOException {
        long[] bytes = LinuxHost.parseNetDev(Files.readAllLines(NODE.resolve("net/dev")));

        assertThat(bytes).containsExactly(1_000_250L, 400_750L);
    }

    @Test
    void readsTheHostNetworkNamespaceThroughPid1First() throws IOException {
        Files.createDirectories(tmp.resolve("net"));
        Files.writeString(tmp.resolve("net/dev"), "h\nh\n  eth0: 5 0 0 0 0 0 0 0 7 0 0 0 0 0 0 0\n");
        assertThat(new LinuxHost(tmp).readNetDev())
                .as("no /proc/1: the reader's own")
                .containsExactly(5L, 7L);

        Files.createDirectories(tmp.resolve("1/net"));
        Files.copy(NODE.resolve("net/dev"), tmp.resolve("1/net/dev"));
        assertThat(new LinuxHost(tmp).readNetDev()).containsExactly(1_000_250L, 400_750L);
    }

    @Test
    void findsClockTicksAndPageSizeInTheAuxiliaryVector() {
        ByteBuffer b64 = ByteBuffer.allocate(8 * 8).order(ByteOrder.LITTLE_ENDIAN);
        b64.putLong(33)
                .putLong(0x7fff0000L)
                .putLong(6)
                .putLong(16384)
                .putLong(17)
                .putLong(100);
        b64.putLong(0).putLong(0);
        ByteBuffer b32 = ByteBuffer.allocate(6 * 4).order(ByteOrder.BIG_ENDIAN);
        b32.putInt(17).putInt(1024).putInt(6).putInt(4096).putInt(0).putInt(0);

        assertThat(LinuxHost.parseAuxv(b64.array(), 8, ByteOrder.LITTLE_ENDIAN))
                .isEqualTo(new LinuxHost.Auxv(100, 16384));
        assertThat(LinuxHost.parseAuxv(b32.array(), 4, ByteOrder.BIG_ENDIAN)).isEqualTo(new LinuxHost.Auxv(1024, 4096));
        assertThat(LinuxHost.parseAuxv(new byte[3], 8, ByteOrder.LITTLE_ENDIAN)).isEqualTo(new LinuxHost.Auxv(0, 0));
    }
}
