package io.procscope.agent.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    private static final long MAX = 10_000;

    @TempDir
    Path dir;

    @Test
    void createsItsDirectoryForTheAgentsUserOnly() throws IOException {
        Path spoolDir = dir.resolve("state").resolve("spool");

        Spool.open(spoolDir, 1 << 20);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spoolDir)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spoolDir.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void listsReportsOldestFirst() throws IOException {
        Spool spool = Spool.open(dir, MAX);
        spool.add(3_000, id(3), bytes(10));
        spool.add(1_000, id(1), bytes(10));
        spool.add(20_000, id(20), bytes(10)); // sorts after 3000 though "2" < "3" as text

        assertThat(spool.entries()).extracting(Spool.Entry::reportId).containsExactly(id(1), id(3), id(20));
    }

    @Test
    void namesFilesByCollectionTimeAndIdAndLeavesNoTemporaryFiles() throws IOException {
        Spool spool = Spool.open(dir, MAX);
        spool.add(1_000, id(1), bytes(10));

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("1000-" + id(1) + ".json.gz");
        }
        assertThat(spool.read(spool.entries().get(0))).isEqualTo(bytes(10));
    }

    @Test
    void dropsTheOldestReportsWhenFullAndCountsThem() throws IOException {
        Spool spool = Spool.open(dir, MAX);
        for (int i = 1; i <= 4; i++) {
            spool.add(i * 1000L, id(i), bytes(3_000));
        }

        assertThat(spool.entries()).extracting(Spool.Entry::reportId).containsExactly(id(2), id(3), id(4));
        assertThat(spool.droppedCount()).isEqualTo(1);
        assertThat(spool.entries().stream().mapToLong(Spool.Entry::sizeBytes).sum())
                .isLessThanOrEqualTo(MAX);
    }

    @Test
    void dropsAReportLargerThanTheWholeSpool() throws IOException {
        Spool spool = Spool.open(dir, MAX);
        spool.add(1_000, id(1), bytes(10));

        assertThat(spool.add(2_000, id(2), bytes((int) MAX + 1))).isFalse();

        assertThat(spool.entries()).extracting(Spool.Entry::reportId).containsExactly(id(1));
        assertThat(spool.droppedCount()).isEqualTo(1);
    }

    @Test
    void removesAnAcceptedReport() throws IOException {
        Spool spool = Spool.open(dir, MAX);
        spool.add(1_000, id(1), bytes(10));

        spool.remove(spool.entries().get(0));

        assertThat(spool.isEmpty()).isTrue();
    }

    @Test
    void movesARejectedReportAsideAndKeepsOnlyTheNewestUpToTheBound() throws IOException {
        Spool spool = Spool.open(dir, MAX);
        spool.add(1_000, id(1), bytes(3_000));

        spool.reject(spool.entries().get(0));
        for (int i = 2; i <= 5; i++) {
            spool.addRejected(i * 1000L, id(i), bytes(3_000));
        }

        assertThat(spool.isEmpty()).isTrue();
        assertThat(spool.rejected()).extracting(Spool.Entry::reportId).containsExactly(id(3), id(4), id(5));
        assertThat(Files.exists(dir.resolve("rejected"))).isTrue();
    }

    @Test
    void requeuesRejectedReportsOldestFirstWithinTheBound() throws IOException {
        Spool spool = Spool.open(dir, MAX);
        spool.addRejected(1_000, id(1), bytes(3_000));
        spool.addRejected(2_000, id(2), bytes(3_000));
        spool.add(3_000, id(3), bytes(3_000));
        spool.add(4_000, id(4), bytes(3_000));

        assertThat(spool.requeueRejected()).isEqualTo(2);

        assertThat(spool.rejected()).isEmpty();
        assertThat(spool.entries())
                .as("four reports of 3000 bytes do not fit in 10000: the oldest goes")
                .extracting(Spool.Entry::reportId)
                .containsExactly(id(2), id(3), id(4));
        assertThat(spool.droppedCount()).isEqualTo(1);
        assertThat(spool.read(spool.entries().get(0))).isEqualTo(bytes(3_000));
    }

    @Test
    void reopeningKeepsReportsAndClearsWhatACrashLeftHalfWritten() throws IOException {
        Spool.open(dir, MAX).add(1_000, id(1), bytes(10));
        Files.write(dir.resolve(".tmp-2000-" + id(2) + ".json.gz"), bytes(5));
        Files.writeString(dir.resolve("notes.txt"), "not a report");

        Spool reopened = Spool.open(dir, MAX);

        assertThat(reopened.entries()).extracting(Spool.Entry::reportId).containsExactly(id(1));
        assertThat(dir.resolve(".tmp-2000-" + id(2) + ".json.gz")).doesNotExist();
        assertThat(dir.resolve("notes.txt")).exists();
    }

    private static UUID id(int n) {
        return UUID.nameUUIDFromBytes(("r" + n).getBytes());
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }
}
