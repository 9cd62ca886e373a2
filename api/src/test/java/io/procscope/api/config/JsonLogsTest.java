package io.procscope.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.json.runtime.JsonFormatter;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API's JSON logs: off in application.properties for every profile (quarkus-logging-json alone
 * would turn them on everywhere), on in Kubernetes through {@code QUARKUS_LOG_CONSOLE_JSON_ENABLED}
 * (deploy/k8s/api-configmap.yaml, held by the deploy module's tests); and the extension's formatter,
 * as its recorder builds it with the default settings, writes each record as one JSON object on one
 * line whatever the message holds: a host name or a refused request's detail, logged as received.
 */
class JsonLogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String KEY = "quarkus.log.console.json.enabled";

    static List<String> hostileMessages() {
        return List.of(
                "plain",
                "line one\nline two\r\nthree",
                "\"}\n{\"level\":\"ERROR\",\"message\":\"forged\"}",
                "back\\slash \\u0041",
                "NUL\u0000 ESC\u001b[31mred\u001b[0m DEL\u007f C1\u0085",
                "separators \u2028 \u2029, unicode é 漢字, emoji \uD83D\uDE00");
    }

    @Test
    void jsonIsOffUnlessTheEnvironmentTurnsItOn() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(reader);
        }

        assertThat(properties.getProperty(KEY)).isEqualTo("false");
        assertThat(properties.stringPropertyNames())
                .noneSatisfy(k -> assertThat(k).startsWith("%").endsWith("." + KEY));
    }

    @ParameterizedTest
    @MethodSource("hostileMessages")
    void theFormatterWritesEachRecordAsOneJsonLine(String message) throws IOException {
        JsonFormatter formatter = new JsonFormatter();
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, message, ExtLogRecord.FormatStyle.NO_FORMAT, "test");
        record.setLoggerName("io.procscope.api.ingest.ReportResource");
        record.setThrown(new IllegalStateException("boom:\n\"quoted\""));

        String out = formatter.format(record);

        assertThat(out).endsWith("\n");
        String line = out.substring(0, out.length() - 1);
        assertThat(line).doesNotContain("\n", "\r");
        JsonNode json = JSON.readTree(line);
        assertThat(json.get("message").asText()).isEqualTo(message);
        assertThat(json.get("level").asText()).isEqualTo("WARNING");
        assertThat(json.get("loggerName").asText()).isEqualTo("io.procscope.api.ingest.ReportResource");
        assertThat(json.has("timestamp")).isTrue();
        assertThat(json.has("threadName")).isTrue();
        assertThat(json.get("exception").toString())
                .contains("IllegalStateException")
                .contains("boom");
    }
}
