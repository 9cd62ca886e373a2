package io.procscope.api.identity;

import static io.procscope.api.support.Reports.ENROLL_SECRET;
import static io.procscope.api.support.Reports.gzip;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.procscope.api.problem.Problem;
import io.procscope.api.support.StoredRows;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Hostile enrollment requests, as {@link io.procscope.api.ingest.HostileReportsTest} sends hostile
 * reports: each is refused with its status and problem details, and changes no row of any table:
 * no credential is issued. On the embedded SQLite database; {@link PostgresHostileEnrollmentsTest}
 * sends them to PostgreSQL.
 */
@QuarkusTest
public class HostileEnrollmentsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A hostile request: its body, Content-Type and Content-Encoding as sent, and the status it earns. */
    record Hostile(String name, byte[] body, String contentType, String encoding, int status, String detailPart) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> hostileEnrollments() throws IOException {
        List<Hostile> cases = new ArrayList<>();
        String valid = validJson();
        // Framing
        cases.add(raw("empty body", "", 400, "empty"));
        cases.add(raw("only whitespace", " \n\t ", 400, "empty"));
        cases.add(raw("the literal null", "null", 400, "empty"));
        cases.add(raw("an array", "[]", 400, null));
        cases.add(raw("a string", "\"web-1\"", 400, null));
        cases.add(raw("cut in half", valid.substring(0, valid.length() / 2), 400, null));
        cases.add(raw("a second value after the request", valid + " {}", 400, null));
        cases.add(raw("nested 5000 deep", "[".repeat(5000) + "]".repeat(5000), 400, null));
        cases.add(raw("a key given twice", valid.replaceFirst("\\{", "{\"hostname\":\"other\","), 400, "Duplicate"));
        cases.add(new Hostile("invalid UTF-8", invalidUtf8(valid), "application/json", null, 400, null));
        cases.add(raw(
                "padded past 16 KiB",
                valid.replaceFirst("\\{", "{\"padding\":\"" + "x".repeat(17 << 10) + "\","),
                413,
                "16384"));
        // Media type and encoding
        cases.add(new Hostile("no Content-Type", bytes(valid), null, null, 415, "application/json"));
        cases.add(new Hostile("text/plain", bytes(valid), "text/plain", null, 415, "application/json"));
        cases.add(new Hostile("a form", bytes("hostname=web-1"), "application/x-www-form-urlencoded", null, 415, null));
        cases.add(new Hostile("gzip claimed, plain sent", bytes(valid), "application/json", "gzip", 400, "gzip"));
        cases.add(new Hostile("gzip bomb", bomb(1 << 20), "application/json", "gzip", 413, "16384"));
        cases.add(new Hostile("brotli", bytes(valid), "application/json", "br", 415, "gzip"));
        // Types
        cases.add(edited("hostname as a number", r -> r.put("hostname", 12), 400, "hostname"));
        cases.add(edited("hostname as a boolean", r -> r.put("hostname", true), 400, "hostname"));
        cases.add(edited("hostname as an object", r -> r.putObject("hostname"), 400, "hostname"));
        cases.add(edited("hostname as an array", r -> r.putArray("hostname").add("web-1"), 400, "hostname"));
        cases.add(edited("agentVersion as a number", r -> r.put("agentVersion", 1.5), 400, "agentVersion"));
        // Values
        cases.add(edited("no hostname", r -> r.remove("hostname"), 400, "hostname"));
        cases.add(edited("hostname null", r -> r.putNull("hostname"), 400, "hostname"));
        cases.add(edited("a blank hostname", r -> r.put("hostname", "  "), 400, "hostname"));
        cases.add(edited("a hostname of 254 characters", r -> r.put("hostname", "h".repeat(254)), 400, "hostname"));
        cases.add(edited(
                "an agent version of 65 characters", r -> r.put("agentVersion", "v".repeat(65)), 400, "agentVersion"));
        cases.add(edited("NUL in the hostname", r -> r.put("hostname", "web\u00001"), 400, "NUL"));
        cases.add(edited("NUL in the agent version", r -> r.put("agentVersion", "1\u0000"), 400, "NUL"));
        // Enrollment ids: optional, but 22 to 64 base64url characters when sent
        cases.add(edited("an empty enrollment id", r -> r.put("enrollmentId", ""), 400, "enrollmentId"));
        cases.add(edited(
                "an enrollment id of 21 characters", r -> r.put("enrollmentId", "a".repeat(21)), 400, "enrollmentId"));
        cases.add(edited(
                "an enrollment id of 65 characters", r -> r.put("enrollmentId", "a".repeat(65)), 400, "enrollmentId"));
        cases.add(edited(
                "an enrollment id of 15 KiB", r -> r.put("enrollmentId", "a".repeat(15 << 10)), 400, "enrollmentId"));
        cases.add(edited(
                "an enrollment id in standard base64",
                r -> r.put("enrollmentId", "ab+/cdefghijklmnopqrstuv"),
                400,
                "base64url"));
        cases.add(edited(
                "an enrollment id with padding",
                r -> r.put("enrollmentId", "abcdefghijklmnopqrstuv=="),
                400,
                "base64url"));
        cases.add(edited(
                "an enrollment id with a space",
                r -> r.put("enrollmentId", "abcdefghijk mnopqrstuvw"),
                400,
                "base64url"));
        cases.add(edited(
                "NUL in the enrollment id",
                r -> r.put("enrollmentId", "abcdefghijk\u0000mnopqrstuvw"),
                400,
                "base64url"));
        cases.add(edited(
                "a non-ASCII letter in the enrollment id",
                r -> r.put("enrollmentId", "abcdefghijk\u00e9mnopqrstuvw"),
                400,
                "base64url"));
        cases.add(edited(
                "an enrollment id as a number", r -> r.put("enrollmentId", 1234567890123456789L), 400, "enrollmentId"));
        cases.add(edited(
                "an enrollment id as an array",
                r -> r.putArray("enrollmentId").add("a".repeat(22)),
                400,
                "enrollmentId"));
        cases.add(edited("an enrollment id as an object", r -> r.putObject("enrollmentId"), 400, "enrollmentId"));
        return cases.stream().map(Arguments::of);
    }

    @Test
    void theUneditedRequestEnrolls() {
        send(bytes(validJson()), "application/json", null).then().statusCode(201);
    }

    @Test
    void enrollmentIdsOfEveryAcceptedLengthEnroll() throws IOException {
        for (int length : new int[] {22, 43, 64}) {
            ObjectNode request = (ObjectNode) JSON.readTree(validJson());
            request.put("enrollmentId", "aZ09-_".repeat(11).substring(0, length));
            send(bytes(JSON.writeValueAsString(request)), "application/json", null)
                    .then()
                    .statusCode(201);
        }
    }

    @Test
    void aGzipCompressedRequestEnrolls() throws IOException {
        send(gzip(bytes(validJson())), "application/json; charset=UTF-8", "gzip")
                .then()
                .statusCode(201);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileEnrollments")
    void refusesWithProblemDetailsAndChangesNoRow(Hostile hostile) throws IOException {
        Map<String, Long> before = StoredRows.everyTable();

        Response response = send(hostile.body(), hostile.contentType(), hostile.encoding());

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

    private static Response send(byte[] body, String contentType, String encoding) {
        RequestSpecification request = given().header("Authorization", "Bearer " + ENROLL_SECRET);
        // RestAssured encodes a form itself, from text only
        request = contentType != null && contentType.startsWith("application/x-www-form-urlencoded")
                ? request.body(new String(body, StandardCharsets.UTF_8))
                : request.body(body);
        if (contentType != null) {
            request = request.contentType(contentType);
        } else {
            request = request.noContentType();
        }
        if (encoding != null) {
            request = request.header("Content-Encoding", encoding);
        }
        return request.post("/api/v1/enroll");
    }

    /** A valid enrollment of a host no other test uses, as JSON. */
    static String validJson() {
        return "{\"hostname\":\"" + uniqueHost("hostile-enroll") + "\",\"agentVersion\":\"0.1.0-test\"}";
    }

    static Hostile raw(String name, String body, int status, String detailPart) {
        return new Hostile(name, bytes(body), "application/json", null, status, detailPart);
    }

    static Hostile edited(String name, Consumer<ObjectNode> edit, int status, String detailPart) throws IOException {
        ObjectNode request = (ObjectNode) JSON.readTree(validJson());
        edit.accept(request);
        return new Hostile(name, bytes(JSON.writeValueAsString(request)), "application/json", null, status, detailPart);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The request with an invalid UTF-8 sequence inside the hostname. */
    static byte[] invalidUtf8(String json) {
        byte[] valid = bytes(json.replaceFirst("hostile-enroll", "hostile@@nroll"));
        String text = new String(valid, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("@@");
        valid[at] = (byte) 0xC3;
        valid[at + 1] = (byte) 0x28;
        return valid;
    }

    /** gzip of {@code size} bytes inside a JSON string: a few KiB on the wire. */
    static byte[] bomb(int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes("{\"padding\":\""));
            byte[] filler = new byte[size];
            Arrays.fill(filler, (byte) 'a');
            gz.write(filler);
            gz.write(bytes("\"}"));
        }
        return out.toByteArray();
    }
}
