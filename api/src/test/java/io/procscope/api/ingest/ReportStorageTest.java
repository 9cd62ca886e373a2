package io.procscope.api.ingest;

import static io.procscope.api.support.Reports.CONTAINER_ID;
import static io.procscope.api.support.Reports.POD_UID;
import static io.procscope.api.support.Reports.inPod;
import static io.procscope.api.support.Reports.post;
import static io.procscope.api.support.Reports.process;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.procscope.api.support.StoredRows.count;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.procscope.api.support.Reports;
import io.procscope.dto.FileSystemUsage;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What ingest stores of a report and what the newest-state queries then answer: processes, their
 * identities and samples, starts, exits and execs, container attribution, late reports. On the
 * embedded SQLite database; {@link PostgresReportStorageTest} runs them on PostgreSQL.
 */
@QuarkusTest
public class ReportStorageTest {

    @Test
    void storesReportAndReadsItBack() {
        String host = uniqueHost("store");
        HostReport report = report(host, typicalProcesses());

        post(report)
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

        given().get("/api/v1/hosts?host={host}", host)
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
        post(report(host, t0, first)).statusCode(202);
        post(report(host, t0 + 10_000, second)).statusCode(202);

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
    void carriesTheSampleHoldingAtARangesStartHoweverFarBackItWasWritten() {
        String host = uniqueHost("gap");
        // One report over 4 h ago, then none: the range below starts 2 h after the only samples,
        // far more than a keyframe, as after an outage or a keyframe setting made longer. (3 h ago
        // is FleetIndexTest's, whose fleet bucket must hold its own hosts only.)
        long t0 = System.currentTimeMillis() - 4 * 3_600_000L - 17 * 60_000L;
        List<ProcessInfo> processes = typicalProcesses();
        ProcessInfo java = processes.get(3);
        post(report(host, t0, processes)).statusCode(202);
        long from = t0 + 2 * 3_600_000L;
        long to = from + 600_000;

        given().get(
                        "/api/v1/hosts/{host}/processes/{pid}/history?start={start}&from={from}&to={to}",
                        host,
                        java.pid(),
                        java.startTimeMillis(),
                        from,
                        to)
                .then()
                .statusCode(200)
                .body("points.atMillis", org.hamcrest.Matchers.contains(from))
                .body("points.cpuPercent", org.hamcrest.Matchers.contains(87.5f))
                .body(
                        "points.rssBytes",
                        org.hamcrest.Matchers.contains(java.rssBytes().intValue()));

        // A sample inside the range comes after the carried one; one at the range's start replaces it.
        List<ProcessInfo> later = new ArrayList<>(processes);
        later.set(
                3,
                process(java.pid(), java.ppid(), java.name(), java.commandLine(), java.user(), 12.0, java.rssBytes()));
        post(report(host, from + 60_000, later)).statusCode(202);
        given().get(
                        "/api/v1/hosts/{host}/processes/{pid}/history?start={start}&from={from}&to={to}",
                        host,
                        java.pid(),
                        java.startTimeMillis(),
                        from,
                        to)
                .then()
                .statusCode(200)
                .body("points.atMillis", org.hamcrest.Matchers.contains(from, from + 60_000))
                .body("points.cpuPercent", org.hamcrest.Matchers.contains(87.5f, 12.0f));
        given().get(
                        "/api/v1/hosts/{host}/processes/{pid}/history?start={start}&from={from}&to={to}",
                        host,
                        java.pid(),
                        java.startTimeMillis(),
                        from + 60_000,
                        to)
                .then()
                .statusCode(200)
                .body("points.atMillis", org.hamcrest.Matchers.contains(from + 60_000))
                .body("points.cpuPercent", org.hamcrest.Matchers.contains(12.0f));
    }

    @Test
    void recordsExitsAndStartsAsChanges() {
        String host = uniqueHost("changes");
        long t0 = System.currentTimeMillis() - 20_000;
        List<ProcessInfo> first = typicalProcesses();
        List<ProcessInfo> second = new ArrayList<>(first.subList(0, 3));
        second.add(process(5000, 1, "cron", "/usr/sbin/cron -f", "root", 0.0, 2L << 20));
        post(report(host, t0, first)).statusCode(202);
        post(report(host, t0 + 10_000, second)).statusCode(202);

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
        post(report(host, t0, List.of(shell))).statusCode(202);
        post(report(host, t0 + 10_000, List.of(exec))).statusCode(202);

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
        post(report(host, t0, first)).statusCode(202);
        post(report(host, t0 + 10_000, second)).statusCode(202);

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
        post(report(host, t0 + 20_000, typicalProcesses())).statusCode(202);
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
        post(report(host, now, typicalProcesses())).statusCode(202);
        HostReport late = report(host, now - 60_000, typicalProcesses().subList(0, 1));
        post(Reports.withFileSystems(late, List.of(new FileSystemUsage("/late", "ext4", 1L << 30, 2L << 30))))
                .statusCode(202);

        given().get("/api/v1/hosts/{host}/processes", host)
                .then()
                .body("total", equalTo(4))
                .body("collectedAtMillis", equalTo(now));
        // The host keeps the file systems of its newest report, not the late one's.
        given().get("/api/v1/hosts/{host}", host)
                .then()
                .statusCode(200)
                .body("fileSystems.mountPoint", org.hamcrest.Matchers.contains("/"));
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
}
