package io.procscope.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code log-format=json}: one JSON object per record and per line, whatever the message holds. */
class JsonLineFormatterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Instant AT = Instant.parse("2026-11-26T10:37:52.123Z");

    private static final String LOGGER = "io.procscope.agent.ship.ReportShipper";

    /** What a process name, a command line, a URL or an API's answer could put into a message. */
    static List<String> hostileMessages() {
        return List.of(
                "plain",
                "line one\nline two",
                "carriage\rreturn and \r\n both",
                "\"}\n{\"level\":\"ERROR\",\"message\":\"forged\"}",
                "back\\slash \\u0041 \\\" \\n",
                "tab\tNUL\u0000 BEL\u0007 ESC\u001b[31mred\u001b[0m DEL\u007f C1\u0085\u009b",
                "line separators \u2028 and \u2029",
                "unicode: é ü ß 漢字 Ж",
                "emoji \uD83D\uDE00 and a family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
                "",
                "{0} {1} stays when there are no parameters",
                "x".repeat(20_000));
    }

    @AfterEach
    void resetRootLevel() {
        Logger.getLogger("").setLevel(Level.INFO);
    }

    @ParameterizedTest
    @MethodSource("hostileMessages")
    void writesAnyMessageAsOneAsciiLineThatParsesBackToIt(String message) throws IOException {
        String line = format(record(Level.WARNING, message, null));

        assertOneAsciiLine(line);
        JsonNode json = JSON.readTree(line);
        assertThat(json.get("message").asText()).isEqualTo(message);
        assertThat(json.get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("logger").asText()).isEqualTo(LOGGER);
        assertThat(json.get("timestamp").asText()).isEqualTo("2026-11-26T10:37:52.123Z");
        assertThat(json.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(json.has("exception")).isFalse();
    }

    @Test
    void aLoneSurrogateBecomesTheReplacementCharacter() throws IOException {
        String line = format(record(Level.INFO, "high \uD83D alone, low \uDE00 alone, end \uD83D", null));

        assertOneAsciiLine(line);
        assertThat(JSON.readTree(line).get("message").asText())
                .isEqualTo("high \uFFFD alone, low \uFFFD alone, end \uFFFD");
    }

    @Test
    void namesTheExceptionAndGivesItsStackTraceAtDebug() throws IOException {
        IOException thrown = new IOException("refused:\n\"quoted\"\u001b");
        String summaryOnly = format(record(Level.SEVERE, "send failed", thrown));

        assertOneAsciiLine(summaryOnly);
        JsonNode json = JSON.readTree(summaryOnly);
        assertThat(json.get("level").asText()).isEqualTo("ERROR");
        assertThat(json.get("exception").asText()).isEqualTo(thrown.toString());
        assertThat(json.has("stackTrace")).isFalse();

        Logger.getLogger("").setLevel(Level.FINE);
        String withTrace = format(record(Level.SEVERE, "send failed", thrown));

        assertOneAsciiLine(withTrace);
        assertThat(JSON.readTree(withTrace).get("stackTrace").asText())
                .startsWith(thrown.toString())
                .contains("at io.procscope.agent.JsonLineFormatterTest.namesTheExceptionAndGivesItsStackTraceAtDebug");
    }

    @Test
    void fillsInTheMessagesParametersAndKeepsHostileOnesInert() throws IOException {
        LogRecord r = record(Level.INFO, "process {0} of {1}", null);
        r.setParameters(new Object[] {"evil\n{\"x\":1}", "root"});

        String line = format(r);

        assertOneAsciiLine(line);
        assertThat(JSON.readTree(line).get("message").asText()).isEqualTo("process evil\n{\"x\":1} of root");
    }

    @Test
    void aHostileThreadNameStaysInsideItsField() throws Exception {
        String[] line = new String[1];
        Thread t = new Thread(() -> line[0] = format(record(Level.INFO, "m", null)), "worker\"\n{\"level\":\"x\"}");
        t.start();
        t.join();

        assertOneAsciiLine(line[0]);
        JsonNode json = JSON.readTree(line[0]);
        assertThat(json.get("thread").asText()).isEqualTo("worker\"\n{\"level\":\"x\"}");
        assertThat(json.get("level").asText()).isEqualTo("INFO");
    }

    @Test
    void levelsAreNamedAsInText() throws IOException {
        assertThat(JSON.readTree(format(record(Level.FINE, "m", null)))
                        .get("level")
                        .asText())
                .isEqualTo("DEBUG");
        assertThat(JSON.readTree(format(record(Level.FINEST, "m", null)))
                        .get("level")
                        .asText())
                .isEqualTo("TRACE");
        assertThat(JSON.readTree(format(record(Level.INFO, "m", null)))
                        .get("level")
                        .asText())
                .isEqualTo("INFO");
    }

    private static void assertOneAsciiLine(String line) {
        assertThat(line).endsWith("\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n", "\r");
        assertThat(line.chars())
                .allSatisfy(c -> assertThat(c == '\n' || (c >= 0x20 && c < 0x7f))
                        .as("printable ASCII, not %04x", c)
                        .isTrue());
    }

    private static String format(LogRecord r) {
        return new AgentLogging.JsonLineFormatter().format(r);
    }

    private static LogRecord record(Level level, String message, Throwable thrown) {
        LogRecord r = new LogRecord(level, message);
        r.setInstant(AT);
        r.setLoggerName(LOGGER);
        r.setThrown(thrown);
        return r;
    }
}
