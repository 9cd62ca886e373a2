package io.procscope.api.ingest;

import static io.procscope.api.support.Reports.PREVIOUS_AGENT_KEY;
import static io.procscope.api.support.Reports.post;
import static io.procscope.api.support.Reports.postRaw;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.procscope.api.support.StoredRows.snapshotsOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.dto.HostReport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Only agents with a configured key deliver reports, and a refused one is refused before its body
 * is read. On the embedded SQLite database; {@link PostgresAgentAuthTest} runs them on PostgreSQL.
 */
@QuarkusTest
public class AgentAuthTest {

    @Inject
    ObjectMapper json;

    @Test
    void acceptsEveryConfiguredKeySoKeysCanRotate() {
        post(report(uniqueHost("rotate"), typicalProcesses()), PREVIOUS_AGENT_KEY)
                .statusCode(202);
    }

    @Test
    void rejectsReportWithoutApiKey() throws IOException {
        HostReport report = report(uniqueHost("nokey"), typicalProcesses());

        given().contentType(ContentType.JSON)
                .body(json.writeValueAsString(report))
                .post("/api/v1/reports")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("detail", containsString("Authorization: Bearer"));

        assertThat(snapshotsOf(report)).isZero();
    }

    @Test
    void rejectsReportWithWrongApiKey() {
        HostReport report = report(uniqueHost("badkey"), typicalProcesses());

        post(report, "not-the-key").statusCode(401).contentType("application/problem+json");

        assertThat(snapshotsOf(report)).isZero();
    }

    @Test
    void rejectsWrongKeyBeforeReadingTheBody() {
        postRaw("{ this is not json", "not-the-key").statusCode(401);
    }
}
