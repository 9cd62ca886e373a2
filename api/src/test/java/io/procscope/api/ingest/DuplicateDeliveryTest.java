package io.procscope.api.ingest;

import static io.procscope.api.support.Reports.post;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.procscope.api.support.StoredRows.count;
import static io.procscope.api.support.StoredRows.snapshotsOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.procscope.dto.HostReport;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Agents deliver at least once: a report that arrives again, after itself or at the same time as
 * itself, is stored once and changes nothing the second time. On the embedded SQLite database;
 * {@link PostgresDuplicateDeliveryTest} runs them on PostgreSQL.
 */
@QuarkusTest
public class DuplicateDeliveryTest {

    @Test
    void storesDuplicateReportIdOnce() {
        String host = uniqueHost("dup");
        HostReport report = report(host, typicalProcesses());

        post(report).statusCode(202).body("duplicate", equalTo(false));
        post(report).statusCode(202).body("duplicate", equalTo(true)).body("processes", equalTo(0));

        assertThat(snapshotsOf(report)).isEqualTo(1);
        assertThat(count(
                        "select count(s) from ProcessSample s, Host h where h.id = s.hostId and h.hostname = ?1",
                        report.host().hostname()))
                .isEqualTo(4);
    }

    @Test
    void changesNothingOfTheHostForADuplicate() {
        String host = uniqueHost("dup-host");
        HostReport report = report(host, typicalProcesses());
        HostReport again = new HostReport(
                report.schemaVersion(),
                report.reportId(),
                "9.9.9-retried",
                report.collectedAtMillis(),
                report.host(),
                report.metrics(),
                report.processes(),
                report.intervalMillis());

        post(report).statusCode(202).body("duplicate", equalTo(false));
        post(again).statusCode(202).body("duplicate", equalTo(true));

        given().get("/api/v1/hosts/{host}", host).then().statusCode(200).body("agentVersion", equalTo("0.1.0-test"));
        assertThat(snapshotsOf(report)).isEqualTo(1);
    }

    @Test
    void storesConcurrentDeliveriesOfOneReportOfAKnownHostOnce() throws Exception {
        String host = uniqueHost("race-known");
        long now = System.currentTimeMillis();
        post(report(host, now - 10_000, typicalProcesses())).statusCode(202);
        HostReport report = report(host, now, typicalProcesses().subList(0, 3));
        assertThat(deliverAtOnce(report, 4)).containsOnlyOnce(false);
        assertThat(snapshotsOf(report)).isEqualTo(1);
        given().get("/api/v1/hosts/{host}/processes", host)
                .then()
                .body("total", equalTo(3))
                .body("collectedAtMillis", equalTo(now));
    }

    @Test
    void storesConcurrentDeliveriesOfOneReportOnce() throws Exception {
        HostReport report = report(uniqueHost("race"), typicalProcesses());
        assertThat(deliverAtOnce(report, 4)).containsOnlyOnce(false);
        assertThat(snapshotsOf(report)).isEqualTo(1);
    }

    /** Posts one report from several threads at once; each answer's {@code duplicate}. */
    private List<Boolean> deliverAtOnce(HostReport report, int deliveries) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        try {
            List<CompletableFuture<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                answers.add(CompletableFuture.supplyAsync(
                        () -> post(report).statusCode(202).extract().<Boolean>path("duplicate"), pool));
            }
            List<Boolean> duplicates = new ArrayList<>();
            for (CompletableFuture<Boolean> a : answers) {
                duplicates.add(a.get());
            }
            return duplicates;
        } finally {
            pool.shutdown();
        }
    }
}
