package io.procscope.api.ingest;

import static io.procscope.api.support.Reports.authorization;
import static io.procscope.api.support.Reports.gzip;
import static io.procscope.api.support.Reports.json;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.procscope.api.problem.Problem;
import io.procscope.api.support.StoredRows;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile reports, byte by byte: framing, encoding, types, ranges and shapes. Each is refused with
 * its status and problem details, and changes no row of any table: the host stays unknown. On the
 * embedded SQLite database; {@link PostgresHostileReportsTest} sends them to PostgreSQL.
 */
@QuarkusTest
public class HostileReportsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long HOUR = Duration.ofHours(1).toMillis();

    /** A hostile request: its body as sent, its Content-Encoding (or null) and the status it earns. */
    record Hostile(String name, byte[] body, String encoding, int status, String detailPart) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The host whose agent sends the hostile reports: each names another, a host of its own. */
    static final String HOSTILE_AGENT = "hostile-agent";

    static Stream<Arguments> hostileReports() throws IOException {
        List<Hostile> cases = new ArrayList<>();
        String valid = validJson();
        // Identity
        cases.add(raw("a valid report of another host than the credential's", valid, 403, "bound to host"));
        // Framing
        cases.add(raw("empty body", "", 400, "empty"));
        cases.add(raw("only whitespace", " \n\t ", 400, "empty"));
        cases.add(raw("the literal null", "null", 400, null));
        cases.add(raw("an array", "[]", 400, null));
        cases.add(raw("a string", "\"report\"", 400, null));
        cases.add(raw("cut in half", valid.substring(0, valid.length() / 2), 400, null));
        cases.add(raw("a second value after the report", valid + " {}", 400, null));
        cases.add(raw("nested 5000 deep", "[".repeat(5000) + "]".repeat(5000), 400, null));
        cases.add(raw("a key given twice", valid.replaceFirst("\\{", "{\"schemaVersion\":1,"), 400, "Duplicate"));
        cases.add(raw(
                "a process key given twice",
                valid.replaceFirst("\"pid\":1,", "\"pid\":1,\"pid\":2,"),
                400,
                "Duplicate"));
        cases.add(raw(
                "a key given twice in an unknown field's object, which is skipped",
                valid.replaceFirst("\\{", "{\"extra\":[{\"a\":1,\"b\":{},\"a\":2}],"),
                400,
                "Duplicate"));
        cases.add(raw(
                "a key given twice among many more than are compared one by one",
                valid.replaceFirst("\\{", "{\"extra\":{" + manyKeys(3 * DuplicateKeyParser.SCANNED) + ",\"k40\":0},"),
                400,
                "Duplicate"));
        cases.add(raw(
                "a key of one object given again in its parent and its sibling",
                valid.replaceFirst(
                        "\\{", "{\"extra\":{\"a\":{\"a\":1},\"b\":[{\"a\":1},{\"a\":2}]," + manyKeys(40) + "},"),
                403,
                "bound to host"));
        cases.add(new Hostile("invalid UTF-8", invalidUtf8(valid), null, 400, null));
        // Encoding
        cases.add(new Hostile("gzip claimed, plain sent", bytes(valid), "gzip", 400, "gzip"));
        byte[] zipped = gzip(bytes(valid));
        cases.add(new Hostile("gzip cut short", Arrays.copyOf(zipped, zipped.length / 2), "gzip", 400, null));
        cases.add(new Hostile("gzip of text that is no JSON", gzip(bytes("hello, world")), "gzip", 400, null));
        cases.add(new Hostile("gzip of nothing", gzip(new byte[0]), "gzip", 400, "empty"));
        cases.add(new Hostile("gzip bomb past the size limit", bomb(17 << 20), "gzip", 413, "larger than"));
        cases.add(new Hostile("brotli", bytes(valid), "br", 415, "gzip"));
        cases.add(new Hostile("deflate", bytes(valid), "deflate", 415, "gzip"));
        // Types
        cases.add(edited("pid as a string", r -> process(r).put("pid", "12"), 400, "pid"));
        cases.add(edited("pid as a fraction", r -> process(r).put("pid", 1.5), 400, "pid"));
        cases.add(edited("pid as a boolean", r -> process(r).put("pid", true), 400, "pid"));
        cases.add(edited("a 2000-digit pid", r -> process(r).putRawValue("pid", raw("9".repeat(2000))), 400, null));
        cases.add(edited("processes as an object", r -> r.putObject("processes"), 400, "processes"));
        cases.add(edited("host as an array", r -> r.putArray("host"), 400, "host"));
        cases.add(edited("collectedAtMillis as a string", r -> r.put("collectedAtMillis", "now"), 400, null));
        cases.add(edited("reportId that is no UUID", r -> r.put("reportId", "42"), 400, "reportId"));
        cases.add(edited("cpuPercent as a string", r -> process(r).put("cpuPercent", "high"), 400, null));
        cases.add(edited("threads as a fraction", r -> process(r).put("threads", 2.5), 400, "threads"));
        cases.add(
                raw("NaN as a number", valid.replaceFirst("\"cpuPercent\":[0-9.]+", "\"cpuPercent\":NaN"), 400, null));
        // Ranges
        cases.add(edited("negative pid", r -> process(r).put("pid", -1), 400, "pid"));
        cases.add(edited("pid past an int", r -> process(r).put("pid", 2_147_483_648L), 400, "pid"));
        cases.add(edited("negative CPU", r -> process(r).put("cpuPercent", -1.0), 400, "cpuPercent"));
        cases.add(edited("negative RSS", r -> process(r).put("rssBytes", -5), 400, "rssBytes"));
        cases.add(edited(
                "stamped in the year 3000", r -> r.put("collectedAtMillis", 32_503_680_000_000L), 400, "Clock skew"));
        cases.add(edited(
                "stamped ten minutes ahead",
                r -> r.put("collectedAtMillis", System.currentTimeMillis() + 10 * 60_000),
                400,
                "Clock skew"));
        cases.add(edited(
                "stamped at Long.MAX_VALUE", r -> r.put("collectedAtMillis", Long.MAX_VALUE), 400, "Clock skew"));
        cases.add(edited(
                "collected three days ago",
                r -> r.put("collectedAtMillis", System.currentTimeMillis() - 72 * HOUR),
                400,
                "retention"));
        cases.add(edited("collected at the epoch", r -> r.put("collectedAtMillis", 0), 400, "collectedAtMillis"));
        cases.add(edited("an interval of 0", r -> r.put("intervalMillis", 0), 400, "intervalMillis"));
        cases.add(edited("an interval of 50 ms", r -> r.put("intervalMillis", 50), 400, "intervalMillis"));
        cases.add(edited("an interval of 10 hours", r -> r.put("intervalMillis", 10 * HOUR), 400, "intervalMillis"));
        cases.add(edited("schema version 0", r -> r.put("schemaVersion", 0), 400, "schemaVersion"));
        cases.add(edited("a name of 1025 characters", r -> process(r).put("name", "n".repeat(1025)), 400, "name"));
        cases.add(edited(
                "a command line of 32769 characters",
                r -> process(r).put("commandLine", "c".repeat(32_769)),
                400,
                "commandLine"));
        cases.add(
                edited("a hostname of 254 characters", r -> host(r).put("hostname", "h".repeat(254)), 400, "hostname"));
        cases.add(edited("a blank hostname", r -> host(r).put("hostname", "  "), 400, "hostname"));
        cases.add(edited(
                "an agent version of 65 characters", r -> r.put("agentVersion", "v".repeat(65)), 400, "agentVersion"));
        cases.add(edited(
                "1001 file systems",
                r -> {
                    ArrayNode fs = ((ObjectNode) r.get("metrics")).putArray("fileSystems");
                    for (int i = 0; i < 1001; i++) {
                        fs.addObject().put("mountPoint", "/m" + i);
                    }
                },
                400,
                "fileSystems"));
        cases.add(edited("NUL in a command line", r -> process(r).put("commandLine", "a\u0000b"), 400, "NUL"));
        cases.add(edited("NUL in the hostname", r -> host(r).put("hostname", "web\u00001"), 400, "NUL"));
        cases.add(edited("NUL in a user", r -> process(r).put("user", "\u0000"), 400, "NUL"));
        cases.add(edited(
                "NUL in a mount point",
                r -> ((ObjectNode) r.get("metrics").get("fileSystems").get(0)).put("mountPoint", "/\u0000"),
                400,
                "NUL"));
        // Shapes
        cases.add(edited(
                "one pid twice, with two start times",
                r -> ((ArrayNode) r.get("processes"))
                        .add(process(r).deepCopy().put("startTimeMillis", 1_764_000_000_000L)),
                400,
                "pid 1 appears twice"));
        cases.add(edited(
                "one process twice",
                r -> ((ArrayNode) r.get("processes")).add(process(r).deepCopy()),
                400,
                "more than once"));
        cases.add(edited("processes null", r -> r.putNull("processes"), 400, "processes"));
        cases.add(edited("a process that is null", r -> ((ArrayNode) r.get("processes")).addNull(), 400, "processes"));
        cases.add(edited(
                "a process without its start time", r -> process(r).remove("startTimeMillis"), 400, "startTimeMillis"));
        cases.add(edited("no host", r -> r.remove("host"), 400, "host"));
        cases.add(edited("no report id", r -> r.remove("reportId"), 400, "reportId"));
        return cases.stream().map(Arguments::of);
    }

    @Test
    void theUneditedReportIsStored() throws IOException {
        ObjectNode report = (ObjectNode) JSON.readTree(validJson());
        String host = uniqueHost("hostile-control");
        host(report).put("hostname", host);

        send(gzip(bytes(JSON.writeValueAsString(report))), "gzip", authorization(host))
                .then()
                .statusCode(202);
        given().get("/api/v1/hosts/{h}", host).then().statusCode(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileReports")
    void refusesWithProblemDetailsAndChangesNoRow(Hostile hostile) throws IOException {
        String agent = authorization(HOSTILE_AGENT); // enrolled before the rows are counted
        Map<String, Long> before = StoredRows.everyTable();

        Response response = send(hostile.body(), hostile.encoding(), agent);

        assertThat(response.statusCode())
                .as(hostile.name() + ": " + response.asString())
                .isEqualTo(hostile.status());
        assertThat(response.contentType()).as(hostile.name()).startsWith(Problem.MEDIA_TYPE);
        JsonNode problem = JSON.readTree(response.asString());
        assertThat(problem.path("status").asInt()).isEqualTo(hostile.status());
        assertThat(problem.path("detail").asText()).as(hostile.name()).isNotBlank();
        if (hostile.detailPart() != null) {
            assertThat(response.asString()).as(hostile.name()).containsIgnoringCase(hostile.detailPart());
        }
        assertThat(StoredRows.everyTable())
                .as(hostile.name() + ": rows changed")
                .isEqualTo(before);
    }

    @Test
    void aClockSkewSaysByHowMuchAndIsTypedForAgents() throws IOException {
        ObjectNode report = (ObjectNode) JSON.readTree(validJson());
        report.put("collectedAtMillis", System.currentTimeMillis() + 3 * HOUR);

        Response response = send(bytes(JSON.writeValueAsString(report)), null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getString("type")).isEqualTo("urn:procscope:problem:clock-skew");
        assertThat(response.jsonPath().getString("title")).isEqualTo("Clock skew");
        assertThat(response.jsonPath().getString("detail")).contains("3 h", "ahead of the API's clock", "5 min");
    }

    @Test
    void aReportOlderThanTheRetentionIsTypedForAgentsToDrop() throws IOException {
        ObjectNode report = (ObjectNode) JSON.readTree(validJson());
        report.put("collectedAtMillis", System.currentTimeMillis() - 49 * HOUR);

        Response response = send(bytes(JSON.writeValueAsString(report)), null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getString("type")).isEqualTo("urn:procscope:problem:report-expired");
    }

    private static Response send(byte[] body, String encoding) {
        return send(body, encoding, authorization(HOSTILE_AGENT));
    }

    private static Response send(byte[] body, String encoding, String authorization) {
        RequestSpecification request = given().header("Authorization", authorization)
                .contentType("application/json")
                .body(body);
        if (encoding != null) {
            request = request.header("Content-Encoding", encoding);
        }
        return request.post("/api/v1/reports");
    }

    /** A valid report of a host no other test uses, as JSON. */
    static String validJson() {
        return json(report(uniqueHost("hostile"), typicalProcesses()));
    }

    /** {@code "k0":0,"k1":0,...} with {@code count} keys, as the members of an object. */
    static String manyKeys(int count) {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < count; i++) {
            keys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":0");
        }
        return keys.toString();
    }

    static Hostile raw(String name, String body, int status, String detailPart) {
        return new Hostile(name, bytes(body), null, status, detailPart);
    }

    static Hostile edited(String name, Consumer<ObjectNode> edit, int status, String detailPart) throws IOException {
        ObjectNode report = (ObjectNode) JSON.readTree(validJson());
        edit.accept(report);
        return new Hostile(name, bytes(JSON.writeValueAsString(report)), null, status, detailPart);
    }

    static ObjectNode process(ObjectNode report) {
        return (ObjectNode) report.get("processes").get(0);
    }

    static ObjectNode host(ObjectNode report) {
        return (ObjectNode) report.get("host");
    }

    static com.fasterxml.jackson.databind.util.RawValue raw(String json) {
        return new com.fasterxml.jackson.databind.util.RawValue(json);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The report with an invalid UTF-8 sequence inside a process name. */
    static byte[] invalidUtf8(String json) {
        byte[] valid = bytes(json.replaceFirst("\"systemd\"", "\"sys@@md\""));
        String text = new String(valid, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("@@");
        valid[at] = (byte) 0xC3;
        valid[at + 1] = (byte) 0x28;
        return valid;
    }

    /** gzip of {@code size} zero bytes inside a JSON string: a few KiB on the wire. */
    static byte[] bomb(int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes("{\"padding\":\""));
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) 'a');
            for (int i = 0; i < size >> 20; i++) {
                gz.write(spaces);
            }
            gz.write(bytes("\"}"));
        }
        return out.toByteArray();
    }
}
