package io.procscope.dto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessStatusTest {

    @ParameterizedTest
    @CsvSource({
        "R, RUNNING",
        "S, SLEEPING",
        "D, DISK_SLEEP",
        "I, IDLE",
        "T, STOPPED",
        "t, STOPPED",
        "Z, ZOMBIE",
        "X, UNKNOWN",
        "W, UNKNOWN",
        "P, UNKNOWN",
        "?, UNKNOWN",
    })
    void readsTheStateLettersOfProcStat(char letter, ProcessStatus expected) {
        assertThat(ProcessStatus.fromStateLetter(letter)).isEqualTo(expected);
    }

    @Test
    void readsANameThisVersionDoesNotKnowAsUnknown() {
        assertThat(ProcessStatus.fromName("PARKED")).isEqualTo(ProcessStatus.UNKNOWN);
        assertThat(ProcessStatus.fromName("ZOMBIE")).isEqualTo(ProcessStatus.ZOMBIE);
        assertThat(ProcessStatus.fromName(null)).isNull();
    }
}
