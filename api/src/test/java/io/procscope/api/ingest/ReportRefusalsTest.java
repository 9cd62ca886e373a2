package io.procscope.api.ingest;

import static io.procscope.api.support.Reports.RAW_BODY_HOST;
import static io.procscope.api.support.Reports.authorization;
import static io.procscope.api.support.Reports.credential;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.support.Reports;
import io.procscope.dto.HostReport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How the API answers the reports it does not store, and how it counts them. */
@QuarkusTest
class ReportRefusalsTest {

    /** Larger than the default procscope.ingest.max-report-size of 16 MiB. */
    static final String OVERSIZED_BODY = "{\"padding\":\"" + "x".repeat(17 << 20) + "\"}";

    @Inject
    ObjectMapper json;

    @Inject
    ProcscopeConfig config;

    @Inject
    IngestPermits permits;

    @TestHTTPResource("/api/v1/reports")
    URL reports;

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
    void refusesAGzipBodyThatInflatesPastTheLimitAmongItsProcesses() throws Exception {
        // Small on the wire, so its Content-Length says nothing: the limit is met mid-array.
        byte[] body = Reports.gzip(withProcesses(report(uniqueHost("inflating"), List.of()), 400_000)
                .getBytes(StandardCharsets.UTF_8));

        given().header("Authorization", authorization(RAW_BODY_HOST))
                .contentType(ContentType.JSON)
                .header("Content-Encoding", "gzip")
                .body(body)
                .post("/api/v1/reports")
                .then()
                .statusCode(413)
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

    @Test
    void refusesAReportOfMoreProcessesThanTheLimit() throws Exception {
        int limit = config.ingest().maxProcesses();
        String body = withProcesses(report(uniqueHost("crowded"), List.of()), limit + 1);

        post(body)
                .statusCode(413)
                .contentType("application/problem+json")
                .body(
                        "detail",
                        equalTo("The report lists " + (limit + 1) + " processes; at most " + limit
                                + " are accepted (procscope.ingest.max-processes)."));
        given().get("/q/metrics")
                .then()
                .body(containsString("procscope_ingest_rejected_total{reason=\"too_many_processes\"}"));
    }

    @Test
    void answersTooManyRequestsWithoutReadingTheBodyWhileEveryIngestPermitIsTaken() throws Exception {
        int taken = takeEveryPermit();
        try {
            post(OVERSIZED_BODY) // not read: else 413
                    .statusCode(429)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("title", equalTo("Too Many Requests"))
                    .body("detail", containsString("procscope.ingest.max-concurrent"));
            Reports.post(report(uniqueHost("busy"), typicalProcesses()), "not-the-key")
                    .statusCode(401); // the key first: only agents hear that the API is busy
        } finally {
            for (int i = 0; i < taken; i++) {
                permits.release();
            }
        }
        post(json.writeValueAsString(report(uniqueHost("not-busy"), typicalProcesses())))
                .statusCode(202);
        given().get("/q/metrics").then().body(containsString("procscope_ingest_rejected_total{reason=\"busy\"}"));
    }

    @Test
    void givesTheIngestPermitBackHoweverTheExchangeEnds() throws Exception {
        HostReport stored = report(uniqueHost("permits"), typicalProcesses());
        post(json.writeValueAsString(stored)).statusCode(202);
        post("{\"schemaVersion\": ").statusCode(400);
        post(OVERSIZED_BODY).statusCode(413);
        post(json.writeValueAsString(new HostReport(
                        stored.schemaVersion(),
                        UUID.randomUUID(),
                        stored.agentVersion(),
                        stored.collectedAtMillis(),
                        stored.host(),
                        stored.metrics(),
                        stored.processes(),
                        stored.intervalMillis())))
                .statusCode(409);
        awaitEveryPermitFree();

        // A client that goes away in the middle of its body.
        try (Socket agent = new Socket(reports.getHost(), reports.getPort())) {
            OutputStream out = agent.getOutputStream();
            out.write(("POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                            + credential(RAW_BODY_HOST)
                            + "\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n"
                            + "{\"schemaVersion\": 1, \"processes\": [")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitPermitsFree(permits.limit() - 1);
        }
        awaitEveryPermitFree();
    }

    private int takeEveryPermit() {
        int taken = 0;
        while (permits.tryAcquire()) {
            taken++;
        }
        return taken;
    }

    private void awaitEveryPermitFree() throws InterruptedException {
        awaitPermitsFree(permits.limit());
    }

    private void awaitPermitsFree(int free) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (permits.available() != free && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(permits.available()).as("ingest permits free").isEqualTo(free);
    }

    /** {@code report}'s JSON with {@code count} processes of the fewest fields, in place of its own. */
    private String withProcesses(HostReport report, int count) throws Exception {
        String empty = json.writeValueAsString(report);
        StringBuilder processes = new StringBuilder(count * 48);
        for (int pid = 1; pid <= count; pid++) {
            if (pid > 1) {
                processes.append(',');
            }
            processes
                    .append("{\"pid\":")
                    .append(pid)
                    .append(",\"startTimeMillis\":")
                    .append(Reports.STARTED);
            processes.append('}');
        }
        return empty.replace("\"processes\":[]", "\"processes\":[" + processes + "]");
    }

    /** Posts {@code body} as the agent of the host it names. */
    static ValidatableResponse post(String body) {
        return Reports.postRaw(body);
    }
}
