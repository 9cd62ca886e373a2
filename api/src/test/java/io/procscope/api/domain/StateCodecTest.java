package io.procscope.api.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.dto.ProcessStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateCodecTest {

    static final TrackedProcess FULL = new TrackedProcess(
            4242,
            1,
            1_764_144_000_000L,
            "postgres",
            "/usr/lib/postgresql/15/bin/postgres",
            "postgres -D /var/lib/postgresql/15/main -c config_file=/etc/postgresql/15/main/postgresql.conf",
            "postgres",
            "/var/lib/postgresql",
            ProcessStatus.SLEEPING,
            3.25,
            64L << 20,
            256L << 20,
            7,
            -5,
            1_764_144_600_000L,
            ProcessStatus.RUNNING,
            12.5,
            60L << 20,
            6,
            -5);

    /** A kernel thread: most fields unknown. */
    static final TrackedProcess SPARSE = new TrackedProcess(
            2,
            null,
            1_764_000_000_000L,
            "kthreadd",
            null,
            null,
            "root",
            null,
            ProcessStatus.IDLE,
            0.0,
            null,
            null,
            1,
            null,
            1_764_144_000_000L,
            ProcessStatus.IDLE,
            0.0,
            null,
            1,
            null);

    @Test
    void decodesWhatItEncoded() {
        List<TrackedProcess> processes = List.of(FULL, SPARSE);

        assertThat(StateCodec.decode(StateCodec.encode(processes))).isEqualTo(processes);
    }

    @Test
    void keepsTextOutsideAsciiAndEmptyLists() {
        TrackedProcess unicode = new TrackedProcess(
                9,
                1,
                1L,
                "日本語-worker",
                null,
                "python3 -c 'print(\"é\")'",
                "ünïcode",
                null,
                ProcessStatus.ZOMBIE,
                null,
                null,
                null,
                null,
                null,
                1L,
                null,
                null,
                null,
                null,
                null);

        assertThat(StateCodec.decode(StateCodec.encode(List.of(unicode)))).containsExactly(unicode);
        assertThat(StateCodec.decode(StateCodec.encode(List.of()))).isEmpty();
    }

    @Test
    void fiveHundredProcessesTakeAFewKilobytes() {
        List<TrackedProcess> many = new ArrayList<>();
        for (int pid = 1; pid <= 500; pid++) {
            many.add(new TrackedProcess(
                    pid,
                    1,
                    1_764_000_000_000L + pid,
                    "worker-" + (pid % 20),
                    "/usr/bin/worker",
                    "/usr/bin/worker --queue=jobs-" + (pid % 20) + " --threads=4",
                    "app",
                    "/srv/app",
                    ProcessStatus.SLEEPING,
                    0.0,
                    30L << 20,
                    200L << 20,
                    4,
                    0,
                    1_764_144_000_000L,
                    ProcessStatus.SLEEPING,
                    0.0,
                    30L << 20,
                    4,
                    0));
        }

        byte[] encoded = StateCodec.encode(many);

        assertThat(encoded.length).isLessThan(20 * 1024);
        assertThat(StateCodec.decode(encoded)).isEqualTo(many);
    }
}
