package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFsTest {

    /** A real line of this machine's /proc/1/stat. */
    private static final String INIT_STAT = "1 (process_api) S 0 0 0 0 -1 4194560 11780 1806078 0 669 37 98 8527 2265"
            + " 10 -10 12 0 14 36843520 2070 18446744073709551615 1 1 0 0 0 0 0 4096 1256 0 0 0 17 0 0 0 0 0 0";

    @TempDir
    Path proc;

    @Test
    void readsStateAndNiceFromStatLine() {
        assertThat(ProcFs.parseStat(INIT_STAT)).isEqualTo(new ProcFs.Stat('S', -10));
    }

    @Test
    void countsFieldsFromTheLastParenthesisOfTheName() {
        String line = "77 (evil) S 1 (x) R 1 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 5 1 0 3 0 0";

        assertThat(ProcFs.parseStat(line)).isEqualTo(new ProcFs.Stat('R', 5));
    }

    @Test
    void leavesNiceUnknownOnATruncatedLine() {
        assertThat(ProcFs.parseStat("9 (short) Z 1 0")).isEqualTo(new ProcFs.Stat('Z', null));
        assertThat(ProcFs.parseStat("garbage")).isNull();
    }

    @Test
    void readsCwdLinkAsTextWithoutFollowingIt() throws IOException {
        Path dir = Files.createDirectories(proc.resolve("12"));
        // a path that only exists in the monitored process's mount namespace
        Files.createSymbolicLink(dir.resolve("cwd"), Path.of("/only/in/the/container (deleted)"));

        ProcFs.Cwd cwd = new ProcFs(proc).cwd(12);

        assertThat(cwd).isEqualTo(new ProcFs.Cwd("/only/in/the/container", false));
    }

    @Test
    void tellsAGoneProcessFromAnUnreadableCwd() throws IOException {
        Files.createDirectories(proc.resolve("13"));

        assertThat(new ProcFs(proc).cwd(13)).isEqualTo(new ProcFs.Cwd(null, false));
        assertThat(new ProcFs(proc).cwd(14)).isEqualTo(new ProcFs.Cwd(null, true));
        assertThat(new ProcFs(proc).stat(14)).isNull();
    }
}
