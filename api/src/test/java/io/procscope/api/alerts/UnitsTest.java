package io.procscope.api.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

    @ParameterizedTest
    @CsvSource({"0,0", "90s,90000", "2m,120000", "1h30m,5400000", "500ms,500", "7d,604800000", "1m30s,90000"})
    void readsPrometheusDurations(String text, long millis) {
        assertThat(Units.parseDuration(text)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2", "2 m", "m", "-1m", "1w", "PT2M", "1.5h"})
    void refusesOtherDurations(String text) {
        assertThat(Units.parseDuration(text)).isEmpty();
    }

    @Test
    void writesDurationsShortest() {
        assertThat(Units.formatDuration(Duration.ofSeconds(5400))).isEqualTo("1h30m");
        assertThat(Units.formatDuration(Duration.ZERO)).isEqualTo("0s");
        assertThat(Units.formatDuration(Duration.ofMillis(90_500))).isEqualTo("1m30s500ms");
    }

    @ParameterizedTest
    @CsvSource({"2GiB,2147483648", "2G,2147483648", "1.5GB,1500000000", "512 MiB,536870912", "100,100", "1KB,1000"})
    void readsByteSizes(String text, long bytes) {
        assertThat(Units.parseBytes(text)).hasValue(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "GiB", "2 parsecs", "-1G", "99999999999999T"})
    void refusesOtherSizes(String text) {
        assertThat(Units.parseBytes(text)).isEmpty();
    }
}
