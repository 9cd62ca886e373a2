package io.procscope.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingParsersTest {

    @ParameterizedTest
    @CsvSource({"10s, 10000", "500ms, 500", "1m, 60000", "PT10S, 10000", "pt0.5s, 500", "2h, 7200000", "15, 15000"})
    void acceptsDurationsInEveryForm(String text, long millis) {
        assertThat(SettingParsers.parseDuration(text)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({"65536, 65536", "64KiB, 65536", "64k, 65536", "64MiB, 67108864", "64M, 67108864", "1g, 1073741824"})
    void acceptsByteSizesWithBinaryUnits(String text, long bytes) {
        assertThat(SettingParsers.parseBytes(text)).contains(bytes);
    }
}
