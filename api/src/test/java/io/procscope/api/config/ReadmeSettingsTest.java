package io.procscope.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.support.ReadmeSettings;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * What {@link ReadmeSettingsIT} needs of the README's API and alert settings tables, checked without
 * starting anything: each row has a sample value to start with, and the environment variable it
 * shows is the one the MicroProfile rules derive from the setting's name.
 */
class ReadmeSettingsTest {

    private static final List<ReadmeSettings.Row> ROWS = ReadmeSettings.apiRows();

    @Test
    void everyReadmeRowHasASampleToStartTheApplicationWith() {
        SoftAssertions soft = new SoftAssertions();
        for (ReadmeSettings.Row row : ROWS) {
            soft.assertThat(ReadmeSettingSamples.of(row))
                    .as("%s has no sample value in ReadmeSettingSamples: add one, valid and not the default", row)
                    .isNotNull();
        }
        soft.assertAll();
    }

    @Test
    void everyEnvironmentVariableTheReadmeShowsIsTheSettingsOwn() {
        SoftAssertions soft = new SoftAssertions();
        for (ReadmeSettings.Row row : ROWS) {
            if (!row.env().isEmpty()) {
                soft.assertThat(row.env()).as("%s: environment variable", row).isEqualTo(row.derivedEnv());
            }
        }
        soft.assertAll();
    }

    @Test
    void readsBothTablesEachSettingOnce() {
        List<String> settings = ROWS.stream().map(ReadmeSettings.Row::setting).toList();
        assertThat(settings)
                .doesNotHaveDuplicates()
                .contains("procscope.enroll-secrets", "quarkus.http.port", "procscope.alerts.request-timeout");
    }
}
