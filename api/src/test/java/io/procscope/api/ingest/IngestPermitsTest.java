package io.procscope.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IngestPermitsTest {

    static final long MIB = 1L << 20;

    @Test
    void defaultsToTwoReportsPerProcessor() {
        assertThat(IngestPermits.defaultLimit(2, 768 * MIB, 16 * MIB)).isEqualTo(4);
        assertThat(IngestPermits.defaultLimit(1, 6144 * MIB, 16 * MIB)).isEqualTo(2);
    }

    @Test
    void takesNoMoreReportsAtOnceThanTheHeapHolds() {
        assertThat(IngestPermits.defaultLimit(8, 768 * MIB, 16 * MIB))
                .as("128 MiB of heap per 16 MiB report")
                .isEqualTo(6);
        assertThat(IngestPermits.defaultLimit(8, 768 * MIB, 64 * MIB)).isEqualTo(1);
        assertThat(IngestPermits.defaultLimit(8, 256 * MIB, 64 * MIB))
                .as("at least one")
                .isEqualTo(1);
    }
}
