package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code /proc/PID/stat} lines as the kernel writes them. */
class ProcStatTest {

    private static final String POSTGRES = "4242 (postgres) S 1 4242 4242 0 -1 4194560 1520 0 0 0 150 75 0 0 20 0"
            + " 7 0 31415 230686720 12288 18446744073709551615 1 1 0 0 0 0 0 4096 16384 0 0 0 17 1 0 0 0 0 0\n";

    /** A name with spaces and parentheses: fields are counted from the last ')'. */
    private static final String TRICKY_NAME =
            "77 (my (weird) prog) R 76 77 77 0 -1 0 0 0 0 0 3 4 0 0 20 0" + " 1 0 500 1000 20 0 0 0\n";

    /** A real-time kernel thread: priority -100, nice 0, no memory. */
    private static final String REALTIME = "18 (migration/0) S 2 0 0 0 -1 69238848 0 0 0 0 0 12 0 0 -100 0"
            + " 1 0 3 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 0 0 0 17 0 99 1 0 0 0\n";

    private final ProcStat stat = new ProcStat();

    @Test
    void readsEveryFieldTheWireNeeds() {
        assertThat(parse(POSTGRES)).isTrue();

        assertThat(stat.pid).isEqualTo(4242);
        assertThat(stat.comm).isEqualTo("postgres");
        assertThat(stat.state).isEqualTo('S');
        assertThat(stat.ppid).isEqualTo(1);
        assertThat(stat.utimeTicks).isEqualTo(150);
        assertThat(stat.stimeTicks).isEqualTo(75);
        assertThat(stat.nice).isZero();
        assertThat(stat.threads).isEqualTo(7);
        assertThat(stat.startTicks).isEqualTo(31415);
        assertThat(stat.vsizeBytes).isEqualTo(230686720L);
        assertThat(stat.rssPages).isEqualTo(12288);
    }

    @Test
    void countsFieldsFromTheLastParenthesis() {
        assertThat(parse(TRICKY_NAME)).isTrue();

        assertThat(stat.comm).isEqualTo("my (weird) prog");
        assertThat(stat.state).isEqualTo('R');
        assertThat(stat.ppid).isEqualTo(76);
        assertThat(stat.startTicks).isEqualTo(500);
        assertThat(stat.rssPages).isEqualTo(20);
    }

    @Test
    void readsNiceOfRealTimeTasksFromItsOwnField() {
        assertThat(parse(REALTIME)).isTrue();

        assertThat(stat.nice).isZero();
        assertThat(stat.ppid).isEqualTo(2);
        assertThat(stat.stimeTicks).isEqualTo(12);
    }

    @Test
    void overwritesEveryFieldWhenReused() {
        parse(POSTGRES);
        parse(REALTIME);

        assertThat(stat.pid).isEqualTo(18);
        assertThat(stat.comm).isEqualTo("migration/0");
        assertThat(stat.threads).isEqualTo(1);
        assertThat(stat.vsizeBytes).isZero();
    }

    @Test
    void rejectsTruncatedAndForeignLines() {
        assertThat(parse("4242 (postgres) S 1 4242")).isFalse();
        assertThat(parse("not a stat line")).isFalse();
        assertThat(parse("")).isFalse();
    }

    @Test
    void parsesSignedNumbers() {
        byte[] b = "-20 17 x".getBytes(StandardCharsets.US_ASCII);

        assertThat(ProcStat.parseLong(b, 0, 3)).isEqualTo(-20);
        assertThat(ProcStat.parseLong(b, 4, 6)).isEqualTo(17);
        assertThat(ProcStat.parseLong(b, 7, 8)).isZero();
    }

    private boolean parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[b.length + 100];
        System.arraycopy(b, 0, buf, 0, b.length);
        return stat.parse(buf, b.length);
    }
}
