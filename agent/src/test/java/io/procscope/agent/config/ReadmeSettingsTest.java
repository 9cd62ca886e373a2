package io.procscope.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.agent.AgentMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The README's agent settings table is the agent's own: every row is a setting with the environment
 * variable and default it shows, {@code --help} prints it, and each one is read from every source
 * the README names (system property, environment variable, {@code .env}, {@code --config} file,
 * {@code procscope-agent.properties}). The rows are read from README.md itself, so a row added there
 * without a working setting fails here, by its line.
 */
class ReadmeSettingsTest {

    /** The sources the README names, each writing every setting its own way. */
    enum Source {
        SYSTEM_PROPERTY("system property " + Setting.PROPERTY_PREFIX, false),
        ENVIRONMENT_VARIABLE("environment variable ", true),
        DOT_ENV(SettingSources.DOTENV_FILE + " entry ", true),
        CONFIG_OPTION_FILE("readme.properties key " + Setting.PROPERTY_PREFIX, false),
        WORKING_DIRECTORY_PROPERTIES(SettingSources.DEFAULT_PROPERTIES_FILE + " key " + Setting.PROPERTY_PREFIX, false);

        private final String origin;
        private final boolean byEnvironmentName;

        Source(String origin, boolean byEnvironmentName) {
            this.origin = origin;
            this.byEnvironmentName = byEnvironmentName;
        }

        /** How {@link AgentConfig#originOf} names a value of {@code row} from this source. */
        String originOf(ReadmeSettings.Row row) {
            return origin + (byEnvironmentName ? row.env() : row.key());
        }
    }

    private static final List<ReadmeSettings.Row> ROWS = ReadmeSettings.agentRows();

    @TempDir
    Path workDir;

    @Test
    void everyReadmeRowIsASettingWithTheEnvironmentVariableAndDefaultItShows() {
        SoftAssertions soft = new SoftAssertions();
        for (ReadmeSettings.Row row : ROWS) {
            Setting s = Setting.byName(row.key()).orElse(null);
            soft.assertThat(s).as("%s names no setting of the agent", row).isNotNull();
            if (s == null) {
                continue;
            }
            soft.assertThat(s.key())
                    .as("%s is an old name; the README shows the new one", row)
                    .isEqualTo(row.key());
            soft.assertThat(row.env()).as("%s: environment variable", row).isEqualTo(s.envName());
            soft.assertThat(row.defaultValue().equals("none") ? "" : row.defaultValue())
                    .as("%s: default", row)
                    .isEqualTo(s.defaultValue());
        }
        soft.assertAll();
    }

    @Test
    void everySettingIsInTheReadme() {
        List<String> documented = ROWS.stream().map(ReadmeSettings.Row::key).toList();
        assertThat(Arrays.stream(Setting.values()).map(Setting::key))
                .as("settings of the agent, each a row of the README's agent table")
                .containsExactlyElementsOf(documented);
    }

    @Test
    void helpPrintsEveryReadmeRowWithItsEnvironmentVariableAndDefault() {
        String help = AgentMain.usage();
        SoftAssertions soft = new SoftAssertions();
        for (ReadmeSettings.Row row : ROWS) {
            String line = "^  " + Pattern.quote(row.key()) + " +" + Pattern.quote(row.env()) + " +default: "
                    + Pattern.quote(row.defaultValue().equals("none") ? "(none)" : row.defaultValue()) + "$";
            soft.assertThat(Pattern.compile(line, Pattern.MULTILINE)
                            .matcher(help)
                            .find())
                    .as("%s in --help as /%s/:%n%s", row, line, help)
                    .isTrue();
        }
        soft.assertAll();
    }

    @ParameterizedTest
    @EnumSource(Source.class)
    void readsEveryReadmeSettingFrom(Source source) throws IOException {
        Map<String, String> samples = ReadmeSettingSamples.forRows(ROWS, workDir);
        Map<String, String> env = new HashMap<>();
        Properties sys = new Properties();
        Path configFile = null;
        switch (source) {
            case SYSTEM_PROPERTY -> samples.forEach((k, v) -> sys.setProperty(Setting.PROPERTY_PREFIX + k, v));
            case ENVIRONMENT_VARIABLE -> ROWS.forEach(r -> env.put(r.env(), samples.get(r.key())));
            case DOT_ENV -> Files.write(workDir.resolve(SettingSources.DOTENV_FILE), dotEnv(samples));
            case CONFIG_OPTION_FILE -> configFile = properties(samples, workDir.resolve("readme.properties"));
            case WORKING_DIRECTORY_PROPERTIES ->
                properties(samples, workDir.resolve(SettingSources.DEFAULT_PROPERTIES_FILE));
        }

        AgentConfig read = AgentConfig.load(configFile, workDir, env, sys);

        Map<String, String> direct = AgentConfig.fromMap(samples).asMap();
        Map<String, String> defaults = AgentConfig.defaults().asMap();
        SoftAssertions soft = new SoftAssertions();
        for (ReadmeSettings.Row row : ROWS) {
            Setting s = Setting.byName(row.key()).orElseThrow();
            soft.assertThat(read.originOf(s))
                    .as("%s: where it was read from", row)
                    .isEqualTo(source.originOf(row));
            soft.assertThat(read.asMap().get(row.key()))
                    .as("%s: the value read, as the sample parses", row)
                    .isEqualTo(direct.get(row.key()))
                    .as("%s: the sample is no default", row)
                    .isNotEqualTo(defaults.get(row.key()));
        }
        soft.assertThat(read.warnings()).noneMatch(w -> w.contains("unknown") || w.contains("old name"));
        soft.assertThat(read.enrollSecret()).as("enroll-secret-file wins").isEqualTo(ReadmeSettingSamples.FILE_SECRET);
        soft.assertAll();
    }

    private static List<String> dotEnv(Map<String, String> samples) {
        return ROWS.stream()
                .map(r -> r.env() + "=\"" + samples.get(r.key()).replace("\\", "\\\\") + "\"")
                .toList();
    }

    private static Path properties(Map<String, String> samples, Path file) throws IOException {
        Properties p = new Properties();
        samples.forEach((k, v) -> p.setProperty(Setting.PROPERTY_PREFIX + k, v));
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "every setting of the README's agent table");
        }
        return file;
    }
}
