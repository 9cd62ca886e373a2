package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserNamesTest {

    private static final Path PASSWD = Path.of("src/test/resources/fixtures/passwd");
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void namesUidsFromThePasswdFile() {
        UserNames users = new UserNames(PASSWD, TEN_SECONDS);

        assertThat(users.nameOf("0")).isEqualTo("root");
        assertThat(users.nameOf("105")).isEqualTo("postgres");
        assertThat(users.nameOf("65534")).isEqualTo("nobody");
    }

    @Test
    void firstEntryOfADuplicatedUidWins() {
        assertThat(new UserNames(PASSWD, TEN_SECONDS).nameOf("0")).isEqualTo("root");
    }

    @Test
    void skipsCommentsNisEntriesAndBrokenLines() {
        assertThat(UserNames.parse(
                        List.of("# c", "+nis::::::", "broken", "a:x:notanumber:1::/:/bin/sh", "", "ok:x:7:7::/:")))
                .containsOnlyKeys("7");
    }

    @Test
    void fallsBackToTheNumericUid() {
        assertThat(new UserNames(PASSWD, TEN_SECONDS).nameOf("4321")).isEqualTo("4321");
    }

    @Test
    void unknownUidIsNull() {
        UserNames users = new UserNames(PASSWD, TEN_SECONDS);

        assertThat(users.nameOf("")).isNull();
        assertThat(users.nameOf(null)).isNull();
    }

    @Test
    void rereadsTheFileAtMostOncePerIntervalOnAMiss() throws IOException {
        Path passwd = dir.resolve("passwd");
        Files.copy(PASSWD, passwd);
        AtomicLong nanos = new AtomicLong();
        UserNames users = new UserNames(passwd, TEN_SECONDS, nanos::get);
        assertThat(users.nameOf("0")).isEqualTo("root");

        Files.writeString(passwd, "bob:x:2000:2000::/home/bob:/bin/sh\n", StandardOpenOption.APPEND);
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(users.nameOf("2000")).as("within the interval: not re-read").isEqualTo("2000");

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(users.nameOf("2000"))
                .as("interval passed: re-read on the miss")
                .isEqualTo("bob");
    }

    @Test
    void readsTheFileOnceForManyLookups() throws IOException {
        Path passwd = dir.resolve("passwd");
        Files.copy(PASSWD, passwd);
        UserNames users = new UserNames(passwd, TEN_SECONDS, () -> 0L);
        assertThat(users.nameOf("1000")).isEqualTo("alice");

        Files.delete(passwd);

        assertThat(users.nameOf("1000")).isEqualTo("alice");
        assertThat(users.size()).isEqualTo(5);
    }

    @Test
    void missingFileGivesNumericUids() {
        assertThat(new UserNames(dir.resolve("none"), TEN_SECONDS).nameOf("0")).isEqualTo("0");
    }
}
