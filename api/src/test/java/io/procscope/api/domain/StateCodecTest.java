package io.procscope.api.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.procscope.dto.ProcessStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;

class StateCodecTest {

    /**
     * {@link #FULL} and {@link #SPARSE} as the codec wrote them before it knew containers (version
     * 1, made with commit 37cc493): rows like it stay in host_state until each host reports again.
     */
    static final String VERSION_1_FULL_AND_SPARSE =
            "eAFjZGBgYGJg/P+fgUFgEgMD46z9ujpAISBtFnwAxABijoL84pL0otRiIFtZv7S4SD8nM0kfJliYo29oqp+UmQcXASqLg8kq6Loo6JclYtOSm5iZp6CbrJCcn5eWmR6flpmTaqufWpIMNwdiMkgZkpAeSDmao4Sx2BDswAVUBQUsUFoAQrP/////d5CDJkyagYH5AJjNBpJgYNhyCchjAoXCtukvgExYqDBwZJdkFKUmpqQABVmK8vNLPMHaIAQjCgcAl4BbCA==";

    static final TrackedProcess FULL = new TrackedProcess(
            4242,
            1,
            1_764_144_000_000L,
            "postgres",
            "/usr/lib/postgresql/15/bin/postgres",
            "postgres -D /var/lib/postgresql/15/main -c config_file=/etc/postgresql/15/main/postgresql.conf",
            "postgres",
            "/var/lib/postgresql",
            null,
            null,
            null,
            null,
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
            null,
            null,
            null,
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

    /** A process in a Kubernetes pod: every field known. */
    static final TrackedProcess IN_POD = new TrackedProcess(
            31337,
            30001,
            1_764_144_100_000L,
            "nginx",
            "/usr/sbin/nginx",
            "nginx: worker process",
            "101",
            "/",
            "9b0f3a2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8",
            "5e8f2d1c-7a3b-4c6d-9e0f-1a2b3c4d5e6f",
            "web",
            "frontend-7d9c8b6f5-x2k4q",
            ProcessStatus.SLEEPING,
            0.5,
            12L << 20,
            80L << 20,
            1,
            0,
            1_764_144_600_000L,
            ProcessStatus.SLEEPING,
            0.5,
            12L << 20,
            1,
            0);

    @Test
    void decodesWhatItEncoded() {
        List<TrackedProcess> processes = List.of(FULL, SPARSE, IN_POD);

        assertThat(StateCodec.decode(StateCodec.encode(processes))).isEqualTo(processes);
    }

    @Test
    void writesTheNewestVersion() throws Exception {
        byte[] encoded = StateCodec.encode(List.of(IN_POD));
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(encoded))) {
            assertThat(in.read()).isEqualTo(StateCodec.VERSION).isEqualTo(2);
        }
    }

    @Test
    void decodesRowsWrittenBeforeContainerAttribution() {
        byte[] version1 = Base64.getDecoder().decode(VERSION_1_FULL_AND_SPARSE);

        List<TrackedProcess> decoded = StateCodec.decode(version1);

        assertThat(decoded).containsExactly(FULL, SPARSE);
        assertThat(decoded)
                .extracting(TrackedProcess::containerId, TrackedProcess::podName)
                .containsOnly(tuple(null, null));
    }

    @Test
    void refusesAVersionItDoesNotKnow() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes)) {
            out.write(new byte[] {(byte) (StateCodec.VERSION + 1), 0, 0, 0, 0});
        }

        assertThatThrownBy(() -> StateCodec.decode(bytes.toByteArray()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version " + (StateCodec.VERSION + 1));
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
                null,
                null,
                null,
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
                    "4f2c9e0b7a1d" + "0".repeat(52),
                    "7c1e2a4b-3d5f-4e6a-8b9c-0d1e2f3a4b5c",
                    "jobs",
                    "worker-" + (pid % 20),
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
