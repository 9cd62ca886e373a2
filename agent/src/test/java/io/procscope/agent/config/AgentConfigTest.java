package io.procscope.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentConfigTest {

    @TempDir
    Path workDir;

    private final Map<String, String> env = new HashMap<>();
    private final Properties sys = new Properties();

    @Test
    void startsWithNoConfigurationAtAll() {
        AgentConfig c = load();

        assertThat(c.apiUrl()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(c.enrollSecret()).isEqualTo("procscope-dev-key");
        assertThat(c.usesDevEnrollSecret()).isTrue();
        assertThat(c.enrollSecretFile()).isEmpty();
        assertThat(c.credentialFile()).isEqualTo(Path.of(SettingParsers.stateHome(), "credential"));
        assertThat(c.enrollRetry()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.hostname()).isEmpty();
        assertThat(c.procPath()).isEqualTo(Path.of("/proc"));
        assertThat(c.passwdPath()).isEqualTo(Path.of("/etc/passwd"));
        assertThat(c.spoolDir()).isEqualTo(Path.of(SettingParsers.stateHome(), "spool"));
        assertThat(c.spoolDir().startsWith(System.getProperty("java.io.tmpdir")))
                .isFalse();
        assertThat(c.spoolMaxBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.logLevel()).isEqualTo(Level.INFO);
        assertThat(c.logFormat()).isEqualTo(AgentConfig.LogFormat.TEXT);
        assertThat(c.healthPort()).isZero();
        assertThat(c.includeNames()).isEmpty();
        assertThat(c.excludeCommand()).isEmpty();
        assertThat(c.scrubCommandLine()).isTrue();
        assertThat(c.scrubWords()).isEmpty();
        assertThat(c.dropArguments()).isFalse();
        assertThat(c.kubernetesApi()).isEqualTo("auto");
        assertThat(c.originOf(Setting.INTERVAL)).isEqualTo("default");
        assertThat(c.warnings()).isEmpty();
        assertThat(AgentConfig.defaults().asMap()).isEqualTo(c.asMap());
    }

    @Test
    void systemPropertyBeatsEnvironmentBeatsDotEnvBeatsPropertiesFile() throws IOException {
        Files.writeString(workDir.resolve("procscope-agent.properties"), "procscope.agent.interval=4s\n");
        assertThat(load().interval()).isEqualTo(Duration.ofSeconds(4));

        Files.writeString(workDir.resolve(".env"), "PROCSCOPE_AGENT_INTERVAL=3s\n");
        assertThat(load().interval()).isEqualTo(Duration.ofSeconds(3));

        env.put("PROCSCOPE_AGENT_INTERVAL", "2s");
        assertThat(load().interval()).isEqualTo(Duration.ofSeconds(2));

        sys.setProperty("procscope.agent.interval", "1s");
        AgentConfig c = load();
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.originOf(Setting.INTERVAL)).isEqualTo("system property procscope.agent.interval");
    }

    @Test
    void readsEnvironmentInEveryMicroProfileSpelling() {
        env.put("PROCSCOPE_AGENT_API_URL", "http://api:8080/");
        env.put("procscope_agent_timeout", "3s");
        env.put("procscope.agent.spool-max-bytes", "1MiB");

        AgentConfig c = load();

        assertThat(c.apiUrl()).hasToString("http://api:8080");
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.spoolMaxBytes()).isEqualTo(1L << 20);
    }

    @Test
    void configFileOptionReplacesTheWorkingDirectoryFile() throws IOException {
        Files.writeString(workDir.resolve("procscope-agent.properties"), "procscope.agent.interval=4s\n");
        Path other = Files.writeString(workDir.resolve("other.properties"), "# bare keys work too\ninterval=7s\n");

        AgentConfig c = AgentConfig.load(other, workDir, env, sys);

        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(7));
        assertThat(c.originOf(Setting.INTERVAL)).isEqualTo("other.properties key interval");
    }

    @Test
    void missingConfigFileIsAnError() {
        assertThatThrownBy(() -> AgentConfig.load(workDir.resolve("nope.properties"), workDir, env, sys))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.properties");
    }

    @Test
    void badValueNamesTheSettingTheValueAndWhereItCameFrom() {
        env.put("PROCSCOPE_AGENT_INTERVAL", "often");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid interval 'often' (environment variable PROCSCOPE_AGENT_INTERVAL): "
                        + "expected a duration such as 10s, 500ms, 1m or PT10S");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "api-url | ftp://host/",
                "api-url | localhost:8080",
                "api-url | http://api:8080/?x=1",
                "enroll-secret | '   '",
                "enroll-secret | 'two words'",
                "enroll-retry | 10ms",
                "enroll-retry | 2h",
                "credential-file | ${no.such.property}/credential",
                "interval | 0s",
                "interval | 50ms",
                "interval | 2d",
                "timeout | -1s",
                "spool-max-bytes | 12x",
                "spool-max-bytes | 1k",
                "log-level | LOUD",
                "log-format | xml",
                "hostname | 'a b'",
                "spool-dir | ${no.such.property}/spool",
                "health-port | 70000",
                "health-port | web",
                "include-command | '(unclosed'",
                "scrub-command-line | maybe",
                "drop-arguments | 2",
                "kubernetes-api | sometimes",
            })
    void rejectsBadValues(String key, String value) {
        assertThatThrownBy(() -> AgentConfig.fromMap(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid " + key);
    }

    @Test
    void readsTheLogFormatInAnyCase() {
        assertThat(AgentConfig.fromMap(Map.of("log-format", "JSON")).logFormat())
                .isEqualTo(AgentConfig.LogFormat.JSON);
        assertThat(AgentConfig.fromMap(Map.of("log-format", "text")).logFormat())
                .isEqualTo(AgentConfig.LogFormat.TEXT);
    }

    @Test
    void readsFiltersScrubbingAndHealthFromTheEnvironment() {
        env.put("PROCSCOPE_AGENT_HEALTH_PORT", "9101");
        env.put("PROCSCOPE_AGENT_EXCLUDE_NAMES", "kworker/*, sshd ,");
        env.put("PROCSCOPE_AGENT_INCLUDE_USERS", "app");
        env.put("PROCSCOPE_AGENT_EXCLUDE_COMMAND", "--internal\\b");
        env.put("PROCSCOPE_AGENT_SCRUB_WORDS", "bearer*,session-key");
        env.put("PROCSCOPE_AGENT_SCRUB_COMMAND_LINE", "false");
        env.put("PROCSCOPE_AGENT_DROP_ARGUMENTS", "yes");
        env.put("PROCSCOPE_AGENT_KUBERNETES_API", "https://10.96.0.1:443");

        AgentConfig c = load();

        assertThat(c.healthPort()).isEqualTo(9101);
        assertThat(c.excludeNames()).containsExactly("kworker/*", "sshd");
        assertThat(c.includeUsers()).containsExactly("app");
        assertThat(c.excludeCommand())
                .hasValueSatisfying(p -> assertThat(p.pattern()).isEqualTo("--internal\\b"));
        assertThat(c.scrubWords()).containsExactly("bearer*", "session-key");
        assertThat(c.scrubCommandLine()).isFalse();
        assertThat(c.dropArguments()).isTrue();
        assertThat(c.kubernetesApi()).isEqualTo("https://10.96.0.1:443");
        assertThat(c.warnings()).isEmpty();
        assertThat(AgentConfig.fromMap(c.asMap()).asMap()).isEqualTo(c.asMap());
    }

    @Test
    void neverEchoesAnApiKeyInAnError() {
        assertThatThrownBy(() -> AgentConfig.fromMap(Map.of("api-key", "s3cr3t\tkey")))
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void fromMapRejectsAnUnknownSetting() {
        assertThatThrownBy(() -> AgentConfig.fromMap(Map.of("intervall", "1s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown setting 'intervall'");
    }

    @Test
    void fromMapAcceptsKeysAndPropertyNames() {
        AgentConfig c = AgentConfig.fromMap(Map.of("interval", "2s", "procscope.agent.timeout", "3s"));

        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.with(Map.of("interval", "5s")).timeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void dotEnvLineWithoutEqualsIsAnErrorWithItsLineNumber() throws IOException {
        Files.writeString(workDir.resolve(".env"), "# ok\nPROCSCOPE_AGENT_INTERVAL 5s\n");

        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class).hasMessageContaining(".env line 2");
    }

    @Test
    void hostnameFallsBackToKubernetesNodeName() {
        env.put("NODE_NAME", "worker-3");
        assertThat(load().hostname()).contains("worker-3");

        env.put("PROCSCOPE_AGENT_HOSTNAME", "db-1");
        assertThat(load().hostname()).contains("db-1");
    }

    @Test
    void warnsAboutUnknownAgentVariablesButNotTheLauncherOnes() throws IOException {
        env.put("PROCSCOPE_AGENT_INTERVALL", "5s");
        env.put("PROCSCOPE_AGENT_JAVA_OPTS", "-Xmx32m");
        sys.setProperty("procscope.agent.api-ur1", "http://x");
        Files.writeString(workDir.resolve("procscope-agent.properties"), "procscope.agent.spool-size=1\n");

        assertThat(load().warnings())
                .containsExactlyInAnyOrder(
                        "ignoring unknown environment variable PROCSCOPE_AGENT_INTERVALL",
                        "ignoring unknown system property procscope.agent.api-ur1",
                        "ignoring unknown procscope-agent.properties key procscope.agent.spool-size");
    }

    @Test
    void masksARealEnrollmentSecretInToString() {
        AgentConfig c = AgentConfig.fromMap(Map.of("enroll-secret", "prod-secret-123"));

        assertThat(c.toString()).doesNotContain("prod-secret-123").contains("enroll-secret=****");
        assertThat(c.usesDevEnrollSecret()).isFalse();
    }

    @Test
    void readsTheEnrollmentSecretFromAMountedSecretFile() throws IOException {
        Path secret = Files.writeString(workDir.resolve("enroll-secret"), "file-secret-456\n");
        env.put("PROCSCOPE_AGENT_ENROLL_SECRET_FILE", secret.toString());

        AgentConfig c = load();

        assertThat(c.enrollSecret()).isEqualTo("file-secret-456");
        assertThat(c.enrollSecretFile()).contains(secret);
        assertThat(c.warnings()).isEmpty();
        assertThat(c.toString()).doesNotContain("file-secret-456");
        assertThat(AgentConfig.fromMap(c.asMap()).enrollSecret()).isEqualTo("file-secret-456");
    }

    @Test
    void theSecretFileWinsOverAnInlineSecretWithAWarning() throws IOException {
        Path secret = Files.writeString(workDir.resolve("enroll-secret"), "file-secret-456\r\n");
        env.put("PROCSCOPE_AGENT_ENROLL_SECRET", "inline-secret-789");
        sys.setProperty("procscope.agent.enroll-secret-file", secret.toString());

        AgentConfig c = load();

        assertThat(c.enrollSecret()).isEqualTo("file-secret-456");
        assertThat(c.warnings())
                .singleElement()
                .asString()
                .contains("ignoring enroll-secret (environment variable PROCSCOPE_AGENT_ENROLL_SECRET)", "wins")
                .doesNotContain("inline-secret-789");
    }

    @Test
    void anUnreadableSecretFileIsAnErrorNamingTheSetting() throws IOException {
        env.put("PROCSCOPE_AGENT_ENROLL_SECRET_FILE", workDir.resolve("missing").toString());
        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid enroll-secret-file '" + workDir.resolve("missing") + "'")
                .hasMessageContaining(
                        "environment variable PROCSCOPE_AGENT_ENROLL_SECRET_FILE", "cannot read the file");

        Files.writeString(workDir.resolve("empty"), "\n");
        env.put("PROCSCOPE_AGENT_ENROLL_SECRET_FILE", workDir.resolve("empty").toString());
        assertThatThrownBy(this::load).hasMessageContaining("enroll-secret-file", "the file is empty");

        Files.writeString(workDir.resolve("two"), "two words-secret\n");
        env.put("PROCSCOPE_AGENT_ENROLL_SECRET_FILE", workDir.resolve("two").toString());
        assertThatThrownBy(this::load)
                .hasMessageContaining("enroll-secret-file", "one secret")
                .hasMessageNotContaining("words-secret");
    }

    @Test
    void readsTheOldNamesApiKeyAndApiKeyFileAndSaysSo() throws IOException {
        env.put("PROCSCOPE_AGENT_API_KEY", "old-name-secret");
        AgentConfig c = load();

        assertThat(c.enrollSecret()).isEqualTo("old-name-secret");
        assertThat(c.originOf(Setting.ENROLL_SECRET)).isEqualTo("environment variable PROCSCOPE_AGENT_API_KEY");
        assertThat(c.warnings())
                .containsExactly("environment variable PROCSCOPE_AGENT_API_KEY is the old name of enroll-secret"
                        + " (PROCSCOPE_AGENT_ENROLL_SECRET or procscope.agent.enroll-secret); it still works");

        Path secret = Files.writeString(workDir.resolve("key"), "old-file-secret\n");
        Files.writeString(workDir.resolve("procscope-agent.properties"), "api-key-file=" + secret + "\n");
        assertThat(load().enrollSecret()).isEqualTo("old-file-secret");
        assertThat(AgentConfig.fromMap(Map.of("api-key", "map-secret")).enrollSecret())
                .isEqualTo("map-secret");
    }

    @Test
    void theNewNameWinsOverTheOldOneInTheSameSource() throws IOException {
        env.put("PROCSCOPE_AGENT_API_KEY", "old-name-secret");
        env.put("PROCSCOPE_AGENT_ENROLL_SECRET", "new-name-secret");
        assertThat(load().enrollSecret()).isEqualTo("new-name-secret");
        assertThat(load().warnings()).isEmpty();

        Files.writeString(
                workDir.resolve("procscope-agent.properties"),
                "procscope.agent.api-key=old-file\nprocscope.agent.enroll-secret=new-file\n");
        env.clear();
        assertThat(load().enrollSecret()).isEqualTo("new-file");
        assertThat(AgentConfig.fromMap(Map.of("api-key", "old", "enroll-secret", "new"))
                        .enrollSecret())
                .isEqualTo("new");

        // across sources the usual order holds: a system property of the old name beats the file
        sys.setProperty("procscope.agent.api-key", "old-property");
        assertThat(load().enrollSecret()).isEqualTo("old-property");
    }

    @Test
    void everySettingHasAnEnvironmentVariableAndAPropertyName() {
        for (Setting s : Setting.values()) {
            assertThat(s.envName()).startsWith("PROCSCOPE_AGENT_").doesNotContain("-", ".");
            assertThat(Setting.byName(s.propertyName())).contains(s);
        }
        assertThat(Setting.API_URL.envName()).isEqualTo("PROCSCOPE_AGENT_API_URL");
    }

    private AgentConfig load() {
        return AgentConfig.load(null, workDir, env, sys);
    }
}
