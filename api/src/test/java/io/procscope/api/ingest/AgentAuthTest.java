package io.procscope.api.ingest;

import static io.procscope.api.support.Reports.ENROLL_SECRET;
import static io.procscope.api.support.Reports.PREVIOUS_ENROLL_SECRET;
import static io.procscope.api.support.Reports.authorization;
import static io.procscope.api.support.Reports.credential;
import static io.procscope.api.support.Reports.post;
import static io.procscope.api.support.Reports.postRaw;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.procscope.api.support.StoredRows.everyTable;
import static io.procscope.api.support.StoredRows.rowsOfHost;
import static io.procscope.api.support.StoredRows.snapshotsOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.support.Reports;
import io.procscope.dto.HostReport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reports are made with their host's own credential, and only for that host; a refused one is
 * refused before its body is read. On the embedded SQLite database; {@link PostgresAgentAuthTest}
 * runs them on PostgreSQL.
 */
@QuarkusTest
public class AgentAuthTest {

    static final String CHALLENGE = "Bearer realm=\"procscope\"";

    @Inject
    ObjectMapper json;

    @Test
    void storesAReportMadeWithItsHostsCredential() {
        HostReport report = report(uniqueHost("own"), typicalProcesses());

        post(report, credential(report.host().hostname()))
                .statusCode(202)
                .body("duplicate", equalTo(false))
                .body("processes", equalTo(4));

        assertThat(snapshotsOf(report)).isEqualTo(1);
    }

    @Test
    void rejectsReportWithoutCredential() throws IOException {
        HostReport report = report(uniqueHost("nokey"), typicalProcesses());

        given().contentType(ContentType.JSON)
                .body(json.writeValueAsString(report))
                .post("/api/v1/reports")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", CHALLENGE)
                .body("status", equalTo(401))
                .body("detail", containsString("Authorization: Bearer"))
                .body("detail", containsString("POST /api/v1/enroll"));

        assertThat(snapshotsOf(report)).isZero();
    }

    @Test
    void tellsAnAgentReportingWithAnEnrollmentSecretToEnroll() {
        for (String secret : List.of(ENROLL_SECRET, PREVIOUS_ENROLL_SECRET)) {
            HostReport report = report(uniqueHost("shared-key"), typicalProcesses());

            post(report, secret)
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("invalid_token"))
                    .body("type", equalTo("urn:procscope:problem:enrollment-required"))
                    .body("detail", containsString("enroll at POST /api/v1/enroll"));

            assertThat(snapshotsOf(report)).isZero();
        }
        given().get("/q/metrics")
                .then()
                .body(containsString("procscope_ingest_rejected_total{reason=\"enrollment_required\"}"));
    }

    @Test
    void rejectsACredentialNoHostHas() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String madeUp = "psh_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        for (String token : List.of(madeUp, "not-the-key")) {
            HostReport report = report(uniqueHost("unknown"), typicalProcesses());

            post(report, token)
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString(CHALLENGE))
                    .body("type", equalTo("urn:procscope:problem:credential-unknown"));

            assertThat(snapshotsOf(report)).isZero();
        }
    }

    @Test
    void rejectsAnUnknownCredentialBeforeReadingTheBody() {
        postRaw("{ this is not json", "not-the-key").statusCode(401);
    }

    @Test
    void refusesAReportOfAnotherHostAndChangesNoRow() {
        String web1 = uniqueHost("web-1");
        String web2 = uniqueHost("web-2");
        store(report(web2, typicalProcesses()));
        String asWeb1 = authorization(web1);
        Map<String, Long> tablesBefore = everyTable();
        Map<String, List<String>> web2Before = rowsOfHost(web2);

        // the other host's processes replaced, or a host invented: neither
        for (HostReport report : List.of(
                report(web2, System.currentTimeMillis() + 1_000, List.of()), report(uniqueHost("new"), List.of()))) {
            given().header("Authorization", asWeb1)
                    .contentType(ContentType.JSON)
                    .body(Reports.json(report))
                    .post("/api/v1/reports")
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:procscope:problem:wrong-host"))
                    .body("title", equalTo("Wrong host"))
                    .body("detail", containsString("bound to host '" + web1 + "'"));
        }

        assertThat(everyTable()).as("rows of every table").isEqualTo(tablesBefore);
        assertThat(rowsOfHost(web2)).as("the other host's rows").isEqualTo(web2Before);
        given().get("/q/metrics").then().body(containsString("procscope_ingest_rejected_total{reason=\"wrong_host\"}"));
    }
}
