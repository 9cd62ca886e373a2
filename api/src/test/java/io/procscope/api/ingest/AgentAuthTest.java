package io.procscope.api.ingest;

import static io.procscope.api.support.Reports.AGENT_KEY;
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
import io.procscope.api.config.ProcscopeConfig;
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

    @Inject
    NewHostLimit newHosts;

    @Inject
    ProcscopeConfig config;

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

    @Test
    void limitsTheHostsOneKeyCreatesAMinuteAndNotItsKnownHosts() {
        HostReport first = report(uniqueHost("new-a"), typicalProcesses());
        HostReport second = report(uniqueHost("new-b"), typicalProcesses());
        HostReport third = report(uniqueHost("new-c"), typicalProcesses());
        newHosts.limitTo(2);
        try {
            post(first, AGENT_KEY).statusCode(202);
            post(second, AGENT_KEY).statusCode(202);

            String retryAfter = post(third, AGENT_KEY)
                    .statusCode(429)
                    .contentType("application/problem+json")
                    .body("title", equalTo("Too Many Requests"))
                    .body("detail", containsString("procscope.ingest.new-hosts-per-minute"))
                    .extract()
                    .header("Retry-After");
            assertThat(Integer.parseInt(retryAfter))
                    .as("two a minute: the next within 30 s")
                    .isBetween(1, 30);
            assertThat(snapshotsOf(third)).isZero();
            given().get("/api/v1/hosts/{host}", third.host().hostname()).then().statusCode(404);

            // a known host reports on; another key has a budget of its own
            post(report(first.host().hostname(), first.collectedAtMillis() + 10_000, typicalProcesses()), AGENT_KEY)
                    .statusCode(202);
            post(third, PREVIOUS_AGENT_KEY).statusCode(202);
        } finally {
            newHosts.limitTo(config.ingest().newHostsPerMinute());
        }
        given().get("/q/metrics").then().body(containsString("procscope_ingest_rejected_total{reason=\"new_hosts\"}"));
    }
}
