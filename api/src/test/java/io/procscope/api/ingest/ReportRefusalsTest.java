package io.procscope.api.ingest;

import static io.procscope.api.support.Reports.AGENT_KEY;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.dto.HostReport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How the API answers the reports it does not store, and how it counts them. */
@QuarkusTest
class ReportRefusalsTest {

    /** Larger than the default procscope.ingest.max-report-size of 16 MiB. */
    static final String OVERSIZED_BODY = "{\"padding\":\"" + "x".repeat(17 << 20) + "\"}";

    @Inject
    ObjectMapper json;

    @Test
    void answersConflictForADifferentReportOfTheSameInstant() throws Exception {
        HostReport first = report(uniqueHost("same-instant"), typicalProcesses());
        HostReport second = new HostReport(
                first.schemaVersion(),
                UUID.randomUUID(),
                first.agentVersion(),
                first.collectedAtMillis(),
                first.host(),
                first.metrics(),
                first.processes(),
                first.intervalMillis());
        post(json.writeValueAsString(first)).statusCode(202);

        post(json.writeValueAsString(second))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("title", equalTo("Conflict"))
                .body(
                        "detail",
                        equalTo("Host '" + first.host().hostname() + "' already has a different report collected at "
                                + first.collectedAtMillis() + "."));
    }

    @Test
    void refusesABodyThatDeclaresMoreThanTheLimit() {
        post(OVERSIZED_BODY)
                .statusCode(413)
                .contentType("application/problem+json")
                .body("title", equalTo("Request Entity Too Large"))
                .body(
                        "detail",
                        equalTo("The report is larger than 16777216 bytes (procscope.ingest.max-report-size)."));
    }

    @Test
    void countsEveryRefusedReportByItsReason() {
        post("{\"schemaVersion\": ").statusCode(400);
        post("{\"schemaVersion\": 0}").statusCode(400);
        post(OVERSIZED_BODY).statusCode(413);

        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("procscope_ingest_rejected_total{reason=\"malformed\"}"))
                .body(containsString("procscope_ingest_rejected_total{reason=\"invalid\"}"))
                .body(containsString("procscope_ingest_rejected_total{reason=\"too_large\"}"));
    }

    static ValidatableResponse post(String body) {
        return given().header("Authorization", "Bearer " + AGENT_KEY)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/reports")
                .then();
    }
}
