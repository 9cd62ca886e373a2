package io.procscope.api.health;

import static io.procscope.api.support.Reports.authorization;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.problem.Problem;
import io.procscope.api.support.InjectPostgresProxy;
import io.procscope.api.support.PostgresDatabase;
import io.procscope.api.support.PostgresProxyProfile;
import io.procscope.api.support.TcpProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Readiness follows the database both ways, by itself: DOWN while PostgreSQL cannot be reached, so
 * that Kubernetes takes the replica out of its Service, and UP again soon after it can, without a
 * restart; meanwhile reads, reports and pages answer 503 with {@code Retry-After}, never a 500. The
 * database is reached through a proxy the test cuts and restores.
 */
@QuarkusTest
@TestProfile(PostgresProxyProfile.class)
@EnabledIfEnvironmentVariable(named = PostgresDatabase.ENV, matches = ".+")
class PostgresReadinessTest {

    static final Duration PATIENCE = Duration.ofSeconds(15);
    static final ObjectMapper JSON = new ObjectMapper();

    @InjectPostgresProxy
    TcpProxy database;

    @Test
    void readinessGoesDownWithTheDatabaseAndRecoversByItself() throws Exception {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        try {
            database.stop();
            awaitReadiness(503, "DOWN");
        } finally {
            database.start();
        }
        awaitReadiness(200, "UP");
        given().get("/api/v1/hosts").then().statusCode(200);
    }

    @Test
    void livenessStaysUpWhileTheDatabaseIsAway() throws Exception {
        try {
            database.stop();
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            database.start();
        }
        awaitReadiness(200, "UP");
    }

    @Test
    void readsAndReportsAnswer503WithRetryAfterWhileTheDatabaseIsAway() throws Exception {
        String host = uniqueHost("outage");
        String report = JSON.writeValueAsString(report(host, typicalProcesses()));
        String agent = authorization(host); // enrolled while the database is there
        try {
            database.stop();
            awaitReadiness(503, "DOWN");

            given().get("/api/v1/hosts")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", "5")
                    .contentType(Problem.MEDIA_TYPE)
                    .body("status", equalTo(503), "detail", containsString("database cannot be reached"));
            given().header("Authorization", agent)
                    .contentType(ContentType.JSON)
                    .body(report)
                    .post("/api/v1/reports")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", "5")
                    .contentType(Problem.MEDIA_TYPE);
            given().accept("text/html,application/xhtml+xml,*/*;q=0.8")
                    .get("/hosts")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", "5")
                    .contentType(ContentType.HTML)
                    .body(containsString("procscope cannot reach its database"));
        } finally {
            database.start();
        }
        awaitReadiness(200, "UP");
        // The refused report was not half-stored: sent again, as the agent does, it is stored once.
        given().header("Authorization", agent)
                .contentType(ContentType.JSON)
                .body(report)
                .post("/api/v1/reports")
                .then()
                .statusCode(202)
                .body("duplicate", equalTo(false));
    }

    private static void awaitReadiness(int status, String state) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = given().get("/q/health/ready");
            if (last.statusCode() == status && state.equals(last.path("status"))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Readiness was not " + status + " " + state + " within " + PATIENCE + "; last: "
                + (last == null ? "none" : last.statusCode() + " " + last.asString()));
    }
}
