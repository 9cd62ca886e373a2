package io.procscope.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.agent.config.ReadmeSettingSamples;
import io.procscope.agent.config.ReadmeSettings;
import io.procscope.agent.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged agent started as a real process with every setting of the README's agent table at
 * once, from each source the README names ({@code config.ReadmeSettingsTest} checks each value
 * read; this checks that the command takes them all and acts on those {@code --once} shows).
 */
class ReadmeSettingsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    @ParameterizedTest
    @ValueSource(
            strings = {"system property", "environment variable", ".env", "--config", "procscope-agent.properties"})
    void collectsOnceWithEveryReadmeSettingFrom(String source) throws Exception {
        List<ReadmeSettings.Row> rows = ReadmeSettings.agentRows();
        Map<String, String> samples = ReadmeSettingSamples.forRows(rows, workDir);
        List<String> command = new ArrayList<>(AgentProcess.command());
        List<String> args = new ArrayList<>(List.of("--once"));
        ProcessBuilder pb = new ProcessBuilder().directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PROCSCOPE_AGENT_") || k.equals("NODE_NAME"));
        switch (source) {
            case "system property" -> {
                // before the main class on the JVM; a native binary takes them as its first arguments
                int at = command.size() == 1 ? 1 : command.size() - 1;
                samples.forEach((k, v) -> command.add(at, "-D" + Setting.PROPERTY_PREFIX + k + "=" + v));
            }
            case "environment variable" -> rows.forEach(r -> pb.environment().put(r.env(), samples.get(r.key())));
            case ".env" ->
                Files.write(
                        workDir.resolve(".env"),
                        rows.stream()
                                .map(r -> r.env() + "=" + samples.get(r.key()))
                                .toList());
            case "--config" -> {
                Files.write(workDir.resolve("agent.properties"), properties(samples));
                args.addAll(List.of("--config", "agent.properties"));
            }
            case "procscope-agent.properties" ->
                Files.write(workDir.resolve("procscope-agent.properties"), properties(samples));
            default -> throw new IllegalArgumentException(source);
        }
        command.addAll(args);
        Path out = workDir.resolve("out.json");
        Path err = workDir.resolve("err.log");
        Process agent = pb.command(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            assertThat(agent.waitFor(2, TimeUnit.MINUTES)).as("--once ends").isTrue();
        } finally {
            agent.destroyForcibly();
        }
        String log = Files.readString(err);
        assertThat(agent.exitValue()).as("exit status; it printed:%n%s", log).isZero();
        assertThat(log).doesNotContain("ignoring unknown", "old name");
        // log-format=json: every line on stderr is one JSON object
        for (String line : log.lines().filter(l -> !l.isBlank()).toList()) {
            assertThat(JSON.readTree(line).path("level").asText())
                    .as("log line %s", line)
                    .isNotEmpty();
        }

        JsonNode report = JSON.readTree(out.toFile());
        assertThat(report.path("host").path("hostname").asText()).isEqualTo(ReadmeSettingSamples.HOSTNAME);
        List<JsonNode> processes = StreamSupport.stream(report.path("processes").spliterator(), false)
                .toList();
        // include-names java*,procscope*: at least the agent itself, and nothing else
        assertThat(processes)
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.path("name").asText()).matches("(java|procscope).*"));
        // drop-arguments=true: the program only
        assertThat(processes)
                .allSatisfy(p -> assertThat(p.path("commandLine").asText()).doesNotContain(" "));
        // interval=3s is what the report says it is sent every
        assertThat(report.path("intervalMillis").asLong()).isEqualTo(3000);
    }

    private static List<String> properties(Map<String, String> samples) {
        return samples.entrySet().stream()
                .map(e -> Setting.PROPERTY_PREFIX + e.getKey() + "=" + e.getValue())
                .toList();
    }
}
