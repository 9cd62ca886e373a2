package io.procscope.api.ingest;

import static io.procscope.api.support.Reports.credential;
import static io.procscope.api.support.Reports.post;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.procscope.api.support.StoredRows.count;
import static io.procscope.api.support.StoredRows.everyTable;
import static io.procscope.api.support.StoredRows.snapshotsOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.procscope.api.problem.Problem;
import io.procscope.api.support.InjectPostgresProxy;
import io.procscope.api.support.PostgresDatabase;
import io.procscope.api.support.PostgresProxyProfile;
import io.procscope.api.support.StoringTransactionProbe;
import io.procscope.api.support.TcpProxy;
import io.procscope.dto.HostReport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The connection to PostgreSQL breaks in the middle of storing a report, once every row of it is
 * written and before the commit: the database keeps none of it, the new host included, the agent
 * is told to try again, and the report sent again is stored once. The database is reached through
 * a proxy the test cuts from inside the transaction.
 */
@QuarkusTest
@TestProfile(PostgresProxyProfile.class)
@EnabledIfEnvironmentVariable(named = PostgresDatabase.ENV, matches = ".+")
class PostgresConnectionCutTest {

    static final Duration PATIENCE = Duration.ofSeconds(15);

    @InjectPostgresProxy
    TcpProxy database;

    @Inject
    StoringTransactionProbe probe;

    @Test
    void aConnectionCutBeforeTheCommitLeavesNoRowOfTheReport() throws Exception {
        String host = uniqueHost("cut");
        HostReport report = report(host, typicalProcesses());
        credential(host); // enrolled before: the rows counted are the report's
        Map<String, Long> tablesBefore = everyTable();
        probe.armFor(host, database::stop);
        try {
            // The 503 of an outage, which the agent retries: the commit's I/O error reaches the
            // mapper as a suppressed exception of the RollbackException.
            post(report).statusCode(503).header("Retry-After", "5").contentType(Problem.MEDIA_TYPE);
        } finally {
            database.start();
        }

        assertThat(probe.rowsSeen())
                .as("what the transaction had written when its connection broke")
                .isEqualTo(Map.of("host", 1L, "snapshot", 1L, "host_state", 1L, "process", 4L, "process_sample", 4L));
        assertThat(everyTableOnceReachable()).as("rows of every table").isEqualTo(tablesBefore);
        assertThat(count("select count(h) from Host h where h.hostname = ?1", host))
                .as("the new host")
                .isZero();
        given().get("/api/v1/hosts/{host}", host).then().statusCode(404);

        // As the agent does: the same report again, until the API takes it.
        awaitAccepted(report).body("duplicate", equalTo(false)).body("processes", equalTo(4));
        assertThat(snapshotsOf(report)).isEqualTo(1);
        given().get("/api/v1/hosts/{host}/processes", host)
                .then()
                .statusCode(200)
                .body("total", equalTo(4));
    }

    /** {@link io.procscope.api.support.StoredRows#everyTable()} as soon as the pool has a working connection again. */
    private static Map<String, Long> everyTableOnceReachable() throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                return everyTable();
            } catch (RuntimeException e) {
                // a pooled connection that the cut broke; the pool drops it and opens another
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    private static ValidatableResponse awaitAccepted(HostReport report) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Response last;
        do {
            last = post(report).extract().response();
            if (last.statusCode() == 202) {
                return last.then();
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("The report was not accepted within " + PATIENCE + "; last: " + last.statusCode() + " "
                + last.asString());
    }
}
