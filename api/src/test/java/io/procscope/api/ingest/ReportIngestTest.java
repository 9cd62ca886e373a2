package io.procscope.api.ingest;

import static io.procscope.api.support.Reports.AGENT_KEY;
import static io.procscope.api.support.Reports.PREVIOUS_AGENT_KEY;
import static io.procscope.api.support.Reports.inPod;
import static io.procscope.api.support.Reports.process;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.domain.Host;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Ingest and the newest-state queries, on the embedded SQLite database. */
@QuarkusTest
public class ReportIngestTest {

    /** A container id as containerd makes them: 64 hex digits. */
    static final String CONTAINER_ID = "3f4e5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081";

    static final String POD_UID = "5e8f2d1c-7a3b-4c6d-9e0f-1a2b3c4d5e6f";

    @Inject
    ObjectMapper json;

    @Test
    void storesReportAndReadsItBack() {
        String host = uniqueHost("store");
        HostReport report = report(host, typicalProcesses());

        post(report, AGENT_KEY)
                .statusCode(202)
                .body("reportId", equalTo(report.reportId().toString()))
                .body("duplicate", equalTo(false))
                .body("processes", equalTo(4));

        given().get("/api/v1/hosts/{host}/processes", host)
                .then()
                .statusCode(200)
                .body("hostname", equalTo(host))
                .body("total", equalTo(4))
                .body("collectedAtMillis", equalTo(report.collectedAtMillis()))
                .body("processes[0].name", equalTo("java"))
                .body("processes[0].cpuPercent", equalTo(87.5f))
                .body("processes[0].rssBytes", equalTo(1536 << 20))
                .body("processes[0].user", equalTo("app"))
                .body("processes[0].commandLine", equalTo("java -Xmx2g -jar app.jar --server.port=8080"))
                .body("processes[0].status", equalTo("SLEEPING"))
                .body(
                        "processes[0].startTimeMillis",
                        equalTo(report.processes().get(3).startTimeMillis()))
                .body("processes.find { it.pid == 2 }.exe", equalTo(null))
                .body("processes.find { it.pid == 2 }.status", equalTo("IDLE"));

        given().get("/api/v1/hosts")
                .then()
                .statusCode(200)
                .body("hostname", hasItem(host))
                .body("find { it.hostname == '%s' }.status".formatted(host), equalTo("REPORTING"))
                .body("find { it.hostname == '%s' }.processCount".formatted(host), equalTo(4))
                .body("find { it.hostname == '%s' }.cpuCount".formatted(host), equalTo(2))
                .body("find { it.hostname == '%s' }.fileSystems[0].mountPoint".formatted(host), equalTo("/"));

        given().get("/api/v1/hosts/{host}", host)
                .then()
                .statusCode(200)
                .body("osName", equalTo("Debian GNU/Linux"))
                .body("memoryUsedBytes", equalTo(6L << 30))
                .body("load1", equalTo(0.42f));
    }

    @Test
    void storesAProcessIdentityOnceAndSamplesOnlyWhatChanged() {
        String host = uniqueHost("identity");
        long t0 = System.currentTimeMillis() - 20_000;
        List<ProcessInfo> first = typicalProcesses();
        List<ProcessInfo> second = new ArrayList<>(first);
        ProcessInfo java = first.get(3);
        second.set(
                3,
                process(java.pid(), java.ppid(), java.name(), java.commandLine(), java.user(), 12.0, java.rssBytes()));
        post(report(host, t0, first), AGENT_KEY).statusCode(202);
        post(report(host, t0 + 10_000, second), AGENT_KEY).statusCode(202);

        assertThat(count(
                        "select count(p) from ProcessIdentity p, Host h where h.id = p.hostId and h.hostname = ?1",
                        host))
                .isEqualTo(4);
        // Every process once when first seen, then only the java process, whose CPU fell from 87.5 to 12.
        assertThat(count(
                        "select count(s) from ProcessSample s, Host h where h.id = s.hostId and h.hostname = ?1", host))
                .isEqualTo(5);
        given().get(
                        "/api/v1/hosts/{host}/processes/{pid}/history?start={start}&from={from}",
                        host,
                        java.pid(),
                        java.startTimeMillis(),
                        t0 - 1000)
                .then()
                .statusCode(200)
                .body("points.cpuPercent", org.hamcrest.Matchers.contains(87.5f, 12.0f));
    }

    @Test
    void recordsExitsAndStartsAsChanges() {
        String host = uniqueHost("changes");
        long t0 = System.currentTimeMillis() - 20_000;
        List<ProcessInfo> first = typicalProcesses();
        List<ProcessInfo> second = new ArrayList<>(first.subList(0, 3));
        second.add(process(5000, 1, "cron", "/usr/sbin/cron -f", "root", 0.0, 2L << 20));
        post(report(host, t0, first), AGENT_KEY).statusCode(202);
        post(report(host, t0 + 10_000, second), AGENT_KEY).statusCode(202);

        given().get("/api/v1/hosts/{host}/changes?from={from}", host, t0 - 1000)
                .then()
                .statusCode(200)
                .body("exited.name", org.hamcrest.Matchers.contains("java"))
                .body("exited[0].endedMillis", equalTo(t0 + 10_000));
        given().get(
                        "/api/v1/hosts/{host}/processes/1204?start={start}",
                        host,
                        first.get(3).startTimeMillis())
                .then()
                .statusCode(200)
                .body("running", equalTo(false))
                .body("endedMillis", equalTo(t0 + 10_000))
                .body("process.name", equalTo("java"));
    }

    @Test
    void followsAnExecThatChangesTheCommandLine() {
        String host = uniqueHost("exec");
        long t0 = System.currentTimeMillis() - 20_000;
        ProcessInfo shell = process(4242, 1, "bash", "bash -c ./start.sh", "app", 0.0, 4L << 20);
        ProcessInfo exec = process(4242, 1, "server", "./server --port 9000", "app", 1.0, 40L << 20);
        post(report(host, t0, List.of(shell)), AGENT_KEY).statusCode(202);
        post(report(host, t0 + 10_000, List.of(exec)), AGENT_KEY).statusCode(202);

        given().get("/api/v1/hosts/{host}/processes", host)
                .then()
                .body("processes[0].name", equalTo("server"))
                .body("processes[0].commandLine", equalTo("./server --port 9000"));
    }

    @Test
    void storesContainerAttributionWithStateAndIdentity() {
        String host = uniqueHost("pod");
        long t0 = System.currentTimeMillis() - 30_000;
        ProcessInfo nginx = process(3100, 1, "nginx", "nginx: master process", "root", 0.5, 12L << 20);
        // The agent may list pods only from the second report on: the pod's name comes late.
        ProcessInfo unnamed = inPod(nginx, CONTAINER_ID, POD_UID, null, null);
        ProcessInfo named = inPod(nginx, CONTAINER_ID, POD_UID, "web", "frontend-7d9c8b6f5-x2k4q");
        List<ProcessInfo> first = new ArrayList<>(typicalProcesses());
        first.add(unnamed);
        List<ProcessInfo> second = new ArrayList<>(typicalProcesses());
        second.add(named);
        post(report(host, t0, first), AGENT_KEY).statusCode(202);
        post(report(host, t0 + 10_000, second), AGENT_KEY).statusCode(202);

        given().get("/api/v1/hosts/{host}/processes?sort=pid", host)
                .then()
                .statusCode(200)
                .body("processes.find { it.pid == 3100 }.containerId", equalTo(CONTAINER_ID))
                .body("processes.find { it.pid == 3100 }.podUid", equalTo(POD_UID))
                .body("processes.find { it.pid == 3100 }.podNamespace", equalTo("web"))
                .body("processes.find { it.pid == 3100 }.podName", equalTo("frontend-7d9c8b6f5-x2k4q"))
                .body("processes.find { it.pid == 812 }.containerId", equalTo(null))
                .body("processes.find { it.pid == 812 }.podName", equalTo(null));
        given().get("/api/v1/hosts/{host}/processes/3100", host)
                .then()
                .statusCode(200)
                .body("running", equalTo(true))
                .body("process.containerId", equalTo(CONTAINER_ID))
                .body("process.podName", equalTo("frontend-7d9c8b6f5-x2k4q"));

        // Once it exited, its detail comes from its identity row, which learnt the pod's name.
        post(report(host, t0 + 20_000, typicalProcesses()), AGENT_KEY).statusCode(202);
        given().get("/api/v1/hosts/{host}/processes/3100?start={start}", host, nginx.startTimeMillis())
                .then()
                .statusCode(200)
                .body("running", equalTo(false))
                .body("process.containerId", equalTo(CONTAINER_ID))
                .body("process.podUid", equalTo(POD_UID))
                .body("process.podNamespace", equalTo("web"))
                .body("process.podName", equalTo("frontend-7d9c8b6f5-x2k4q"));
        assertThat(count(
                        "select count(p) from ProcessIdentity p, Host h where h.id = p.hostId and h.hostname = ?1"
                                + " and p.podName is not null",
                        host))
                .isEqualTo(1);
    }

    @Test
    void keepsNewestStateWhenAnOlderReportArrivesLate() {
        String host = uniqueHost("late");
        long now = System.currentTimeMillis();
        post(report(host, now, typicalProcesses()), AGENT_KEY).statusCode(202);
        post(report(host, now - 60_000, typicalProcesses().subList(0, 1)), AGENT_KEY)
                .statusCode(202);

        given().get("/api/v1/hosts/{host}/processes", host)
                .then()
                .body("total", equalTo(4))
                .body("collectedAtMillis", equalTo(now));
    }

    @Test
    void storesDuplicateReportIdOnce() {
        String host = uniqueHost("dup");
        HostReport report = report(host, typicalProcesses());

        post(report, AGENT_KEY).statusCode(202).body("duplicate", equalTo(false));
        post(report, AGENT_KEY).statusCode(202).body("duplicate", equalTo(true)).body("processes", equalTo(0));

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

        post(report, AGENT_KEY).statusCode(202).body("duplicate", equalTo(false));
        post(again, AGENT_KEY).statusCode(202).body("duplicate", equalTo(true));

        given().get("/api/v1/hosts/{host}", host).then().statusCode(200).body("agentVersion", equalTo("0.1.0-test"));
        assertThat(snapshotsOf(report)).isEqualTo(1);
    }

    @Test
    void storesConcurrentDeliveriesOfOneReportOfAKnownHostOnce() throws Exception {
        String host = uniqueHost("race-known");
        long now = System.currentTimeMillis();
        post(report(host, now - 10_000, typicalProcesses()), AGENT_KEY).statusCode(202);
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
                        () -> post(report, AGENT_KEY).statusCode(202).extract().<Boolean>path("duplicate"), pool));
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

    @Test
    void acceptsGzipCompressedReports() throws IOException {
        String host = uniqueHost("gzip");
        HostReport report = report(host, typicalProcesses());

        given().header("Authorization", "Bearer " + AGENT_KEY)
                .contentType(ContentType.JSON)
                .header("Content-Encoding", "gzip")
                .body(io.procscope.api.support.Reports.gzip(json.writeValueAsBytes(report)))
                .post("/api/v1/reports")
                .then()
                .statusCode(202)
                .body("processes", equalTo(4));
    }

    @Test
    void acceptsEveryConfiguredKeySoKeysCanRotate() {
        post(report(uniqueHost("rotate"), typicalProcesses()), PREVIOUS_AGENT_KEY)
                .statusCode(202);
    }

    @Test
    void ignoresFieldsItDoesNotKnow() throws IOException {
        HostReport report = report(uniqueHost("newer-agent"), typicalProcesses());
        String body = json.writeValueAsString(report)
                .replace("\"pid\":1,", "\"pid\":1,\"oomScoreAdj\":-1000,")
                .replaceFirst("\\{", "{\"kubernetes\":{\"node\":\"n1\"},");

        postRaw(body, AGENT_KEY).statusCode(202).body("processes", equalTo(4));
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
    void rejectsMalformedJson() {
        postRaw("{\"schemaVersion\": 1, \"reportId\": ", AGENT_KEY)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Bad Request"))
                .body("detail", startsWith("The body is not valid JSON"));
    }

    @Test
    void rejectsEmptyBody() {
        postRaw("", AGENT_KEY).statusCode(400).body("detail", containsString("empty"));
    }

    @Test
    void rejectsWrongTypesAndStoresNothing() throws IOException {
        HostReport report = report(uniqueHost("types"), typicalProcesses());
        String body = json.writeValueAsString(report).replace("\"pid\":812,", "\"pid\":\"eight\",");

        postRaw(body, AGENT_KEY)
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

        postRaw(body, AGENT_KEY).statusCode(400).body("detail", containsString("processes[2].pid"));
        assertThat(snapshotsOf(report)).isZero();
    }

    @Test
    void rejectsMissingRequiredFieldsAndStoresNothing() throws IOException {
        HostReport report = report(uniqueHost("missing"), typicalProcesses());
        String body = json.writeValueAsString(report)
                .replace("\"pid\":812,", "")
                .replaceFirst("\"collectedAtMillis\":\\d+,", "");

        postRaw(body, AGENT_KEY)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("2 fields are invalid."))
                .body("errors.field", hasItem("collectedAtMillis"))
                .body("errors.field", hasItem("processes[2].pid"));

        assertThat(snapshotsOf(report)).isZero();
    }

    @Test
    void namesTheOneInvalidProcessFieldInTheDetail() {
        List<ProcessInfo> processes = new ArrayList<>(typicalProcesses());
        ProcessInfo p = processes.get(1);
        processes.set(
                1,
                new ProcessInfo(
                        p.pid(),
                        p.ppid(),
                        p.name(),
                        p.exe(),
                        p.commandLine(),
                        p.user(),
                        p.status(),
                        p.startTimeMillis(),
                        p.cpuPercent(),
                        -1L,
                        p.vmsBytes(),
                        p.threads(),
                        p.nice(),
                        p.cwd()));
        HostReport report = report(uniqueHost("negative"), processes);

        post(report, AGENT_KEY)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Bad Request"))
                .body("detail", equalTo("Field 'processes[1].rssBytes' must be greater than or equal to 0."))
                .body("errors.field", contains("processes[1].rssBytes"))
                .body("errors.message", contains("must be greater than or equal to 0"));
        assertThat(snapshotsOf(report)).isZero();
    }

    @Test
    void listsInvalidProcessFieldsWithTheReportsOwnSortedByField() throws IOException {
        List<ProcessInfo> processes = new ArrayList<>(typicalProcesses());
        ProcessInfo p = processes.get(3);
        processes.set(
                3,
                new ProcessInfo(
                        p.pid(),
                        p.ppid(),
                        "j".repeat(1025),
                        p.exe(),
                        p.commandLine(),
                        p.user(),
                        p.status(),
                        p.startTimeMillis(),
                        p.cpuPercent(),
                        p.rssBytes(),
                        p.vmsBytes(),
                        -4,
                        p.nice(),
                        p.cwd()));
        HostReport report = report(uniqueHost("sizes"), processes);
        String body = json.writeValueAsString(report)
                .replace("\"schemaVersion\":1,", "\"schemaVersion\":0,")
                .replace("\"cpuCount\":2,", "\"cpuCount\":-1,");

        postRaw(body, AGENT_KEY)
                .statusCode(400)
                .body("detail", equalTo("4 fields are invalid."))
                .body(
                        "errors.field",
                        contains("host.cpuCount", "processes[3].name", "processes[3].threads", "schemaVersion"))
                .body(
                        "errors.message",
                        contains(
                                "must be greater than or equal to 0",
                                "size must be between 0 and 1024",
                                "must be greater than or equal to 0",
                                "must be greater than 0"));
        assertThat(snapshotsOf(report)).isZero();
    }

    @Test
    void rejectsANullProcess() throws IOException {
        HostReport report = report(uniqueHost("null"), typicalProcesses());
        String body = json.writeValueAsString(report).replace("\"processes\":[", "\"processes\":[null,");

        postRaw(body, AGENT_KEY).statusCode(400).body("detail", equalTo("Field 'processes[0]' must not be null."));
        assertThat(snapshotsOf(report)).isZero();
    }

    @Test
    void rejectsAProcessListedTwice() {
        List<ProcessInfo> processes = new ArrayList<>(typicalProcesses());
        processes.add(processes.get(0));
        HostReport report = report(uniqueHost("twice"), processes);

        post(report, AGENT_KEY).statusCode(400).body("detail", containsString("pid 1 "));
        assertThat(snapshotsOf(report)).isZero();
    }

    @Test
    void answersUnknownHostWithNotFound() {
        given().get("/api/v1/hosts/{host}/processes", "never-reported")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("never-reported"));
        given().get("/api/v1/hosts/{host}", "never-reported").then().statusCode(404);
    }

    ValidatableResponse post(HostReport report, String key) {
        try {
            return postRaw(json.writeValueAsString(report), key);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ValidatableResponse postRaw(String body, String key) {
        return given().header("Authorization", "Bearer " + key)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/reports")
                .then();
    }

    static long snapshotsOf(HostReport report) {
        return count(
                "select count(s) from Snapshot s where s.reportId = ?1",
                report.reportId().toString());
    }

    static long count(String query, Object parameter) {
        return QuarkusTransaction.requiringNew()
                .call(() -> Host.getEntityManager()
                        .createQuery(query, Long.class)
                        .setParameter(1, parameter)
                        .getSingleResult());
    }
}
