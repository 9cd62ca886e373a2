package io.procscope.api.ingest;

import static io.procscope.api.support.Reports.authorization;
import static io.procscope.api.support.Reports.postRaw;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.procscope.api.support.StoredRows.snapshotsOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.dto.HostReport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * How ingest reads a report's body: gzip-compressed or not, with fields from a newer agent, and
 * what it answers for a body that is not a report's JSON, storing nothing. On the embedded SQLite
 * database; {@link PostgresReportParsingTest} runs them on PostgreSQL.
 */
@QuarkusTest
public class ReportParsingTest {

    @Inject
    ObjectMapper json;

    @Test
    void acceptsGzipCompressedReports() throws IOException {
        String host = uniqueHost("gzip");
        HostReport report = report(host, typicalProcesses());

        given().header("Authorization", authorization(host))
                .contentType(ContentType.JSON)
                .header("Content-Encoding", "gzip")
                .body(io.procscope.api.support.Reports.gzip(json.writeValueAsBytes(report)))
                .post("/api/v1/reports")
                .then()
                .statusCode(202)
                .body("processes", equalTo(4));
    }

    @Test
    void ignoresFieldsItDoesNotKnow() throws IOException {
        HostReport report = report(uniqueHost("newer-agent"), typicalProcesses());
        String body = json.writeValueAsString(report)
                .replace("\"pid\":1,", "\"pid\":1,\"oomScoreAdj\":-1000,")
                .replaceFirst("\\{", "{\"kubernetes\":{\"node\":\"n1\"},");

        postRaw(body).statusCode(202).body("processes", equalTo(4));
    }

    @Test
    void rejectsMalformedJson() {
        postRaw("{\"schemaVersion\": 1, \"reportId\": ")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Bad Request"))
                .body("detail", startsWith("The body is not valid JSON"));
    }

    @Test
    void rejectsEmptyBody() {
        postRaw("").statusCode(400).body("detail", containsString("empty"));
    }

    @Test
    void rejectsWrongTypesAndStoresNothing() throws IOException {
        HostReport report = report(uniqueHost("types"), typicalProcesses());
        String body = json.writeValueAsString(report).replace("\"pid\":812,", "\"pid\":\"eight\",");

        postRaw(body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("processes[2].pid"))
                .body("detail", containsString("integer"));

        assertThat(snapshotsOf(report)).isZero();
    }

    @Test
    void rejectsNumbersSentAsStrings() throws IOException {
        HostReport report = report(uniqueHost("coerce"), typicalProcesses());
        String body = json.writeValueAsString(report).replace("\"pid\":812,", "\"pid\":\"812\",");

        postRaw(body).statusCode(400).body("detail", containsString("processes[2].pid"));
        assertThat(snapshotsOf(report)).isZero();
    }
}
