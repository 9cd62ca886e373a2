package io.procscope.api.query;

import static io.procscope.api.support.Reports.RAW_BODY_HOST;
import static io.procscope.api.support.Reports.authorization;
import static io.procscope.api.support.Reports.inPod;
import static io.procscope.api.support.Reports.process;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.procscope.api.support.Reports.withInterval;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON queries over a host with a small but real process tree. */
@QuarkusTest
public class FleetQueriesTest {

    static final String WEB_CONTAINER = "3f4e5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081";
    static final String SIDECAR_CONTAINER = "9a8b7c6d5e4f30211f2e3d4c5b6a798897a6b5c4d3e2f1009a8b7c6d5e4f3021";
    static final String OTHER_CONTAINER = "9f0e1d2c3b4a59687766554433221100ffeeddccbbaa99887766554433221100";
    static final String WEB_POD_UID = "5e8f2d1c-7a3b-4c6d-9e0f-1a2b3c4d5e6f";
    static final String OTHER_POD_UID = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9";

    /** The marker every fixture process's command line carries, unique to this test's host. */
    String marker;

    String host;
    long collectedAt;

    @BeforeEach
    void storeHost() throws Exception {
        host = uniqueHost("query");
        marker = "m" + host.substring(host.length() - 8);
        collectedAt = System.currentTimeMillis() - 5_000;
        List<ProcessInfo> processes = new ArrayList<>();
        processes.add(process(1, 0, "systemd", "/sbin/init " + marker, "root", 0.5, 10L << 20));
        processes.add(process(100, 1, "postgres", "postgres -D /data " + marker, "postgres", 10.0, 200L << 20));
        processes.add(process(101, 100, "postgres", "postgres: checkpointer " + marker, "postgres", 1.0, 50L << 20));
        processes.add(process(102, 100, "postgres", "postgres: walwriter " + marker, "postgres", 2.0, 30L << 20));
        processes.add(process(200, 1, "java", "java -jar app.jar " + marker, "app", 55.0, 900L << 20));
        // Its parent is not in the report: a root.
        processes.add(process(300, 299, "orphan", "orphan --x " + marker, "app", 0.0, 1L << 20));
        ProcessInfo zombie = process(400, 200, "defunct", "defunct " + marker, "app", 0.0, 0L);
        processes.add(new ProcessInfo(
                zombie.pid(),
                zombie.ppid(),
                zombie.name(),
                zombie.exe(),
                zombie.commandLine(),
                zombie.user(),
                ProcessStatus.ZOMBIE,
                zombie.startTimeMillis(),
                zombie.cpuPercent(),
                zombie.rssBytes(),
                zombie.vmsBytes(),
                zombie.threads(),
                zombie.nice(),
                zombie.cwd()));
        store(report(host, collectedAt, processes));
    }

    @Test
    void sortsFiltersAndPagesAHostsProcesses() {
        given().get("/api/v1/hosts/{h}/processes?sort=-memory&limit=2", host)
                .then()
                .statusCode(200)
                .body("total", equalTo(7))
                .body("limit", equalTo(2))
                .body("processes.pid", contains(200, 100));
        given().get("/api/v1/hosts/{h}/processes?sort=pid&offset=2&limit=2", host)
                .then()
                .body("processes.pid", contains(101, 102));
        given().get("/api/v1/hosts/{h}/processes?user=postgres&sort=-cpu", host)
                .then()
                .body("total", equalTo(3))
                .body("processes.pid", contains(100, 102, 101));
        given().get("/api/v1/hosts/{h}/processes?status=zombie", host).then().body("processes.pid", contains(400));
        given().get("/api/v1/hosts/{h}/processes?q=CHECKPOINTER", host).then().body("processes.pid", contains(101));
        given().get("/api/v1/hosts/{h}/processes", host).then().body("processes[0].memoryPercent", equalTo((float)
                (100.0 * (900L << 20) / (24L << 30))));
    }

    @Test
    void filtersByContainerAndPod() {
        String cluster = uniqueHost("node");
        ProcessInfo nginx = process(3100, 1, "nginx", "nginx: master process", "root", 0.5, 12L << 20);
        ProcessInfo worker = process(3101, 3100, "nginx", "nginx: worker process", "101", 1.5, 8L << 20);
        ProcessInfo sidecar = process(3200, 1, "envoy", "envoy -c /etc/envoy.yaml", "101", 2.0, 40L << 20);
        ProcessInfo other = process(4100, 1, "nginx", "nginx: master process", "root", 0.5, 12L << 20);
        store(report(
                cluster,
                List.of(
                        process(1, 0, "systemd", "/sbin/init", "root", 0.1, 10L << 20),
                        inPod(nginx, WEB_CONTAINER, WEB_POD_UID, "web", "frontend-x2k4q"),
                        inPod(worker, WEB_CONTAINER, WEB_POD_UID, "web", "frontend-x2k4q"),
                        inPod(sidecar, SIDECAR_CONTAINER, WEB_POD_UID, "web", "frontend-x2k4q"),
                        // The same pod name in another namespace, and a container outside Kubernetes.
                        inPod(other, OTHER_CONTAINER, OTHER_POD_UID, "staging", "frontend-x2k4q"))));

        given().get("/api/v1/hosts/{h}/processes?sort=pid&container={c}", cluster, WEB_CONTAINER.substring(0, 12))
                .then()
                .statusCode(200)
                .body("processes.pid", contains(3100, 3101))
                .body("processes[0].containerId", equalTo(WEB_CONTAINER));
        given().get("/api/v1/hosts/{h}/processes?sort=pid&container={c}", cluster, WEB_CONTAINER.toUpperCase())
                .then()
                .body("processes.pid", contains(3100, 3101));
        given().get("/api/v1/hosts/{h}/processes?sort=pid&container=9", cluster)
                .then()
                .body("processes.pid", contains(3200, 4100));
        given().get("/api/v1/hosts/{h}/processes?sort=pid&pod=web/frontend-x2k4q", cluster)
                .then()
                .body("total", equalTo(3))
                .body("processes.pid", contains(3100, 3101, 3200))
                .body("processes.podNamespace", everyItem(equalTo("web")));
        given().get("/api/v1/hosts/{h}/processes?sort=pid&pod=frontend-x2k4q", cluster)
                .then()
                .body("processes.pid", contains(3100, 3101, 3200, 4100));
        given().get("/api/v1/hosts/{h}/processes?sort=pid&pod={uid}", cluster, OTHER_POD_UID)
                .then()
                .body("processes.pid", contains(4100));
        given().get(
                        "/api/v1/hosts/{h}/processes?sort=pid&pod=web/frontend-x2k4q&container={c}&q=worker",
                        cluster,
                        WEB_CONTAINER.substring(0, 12))
                .then()
                .body("processes.pid", contains(3101));
        given().get("/api/v1/hosts/{h}/processes?pod=kube-system/frontend-x2k4q", cluster)
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        given().get("/api/v1/hosts/{h}/processes?pod=web", cluster).then().body("total", equalTo(0));
        String csv = given().get("/api/v1/hosts/{h}/processes/export?format=csv", cluster)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(csv.lines().findFirst().orElseThrow())
                .contains(",cwd,container_id,pod_namespace,pod_name,pod_uid,command_line");
        assertThat(csv).contains("," + WEB_CONTAINER + ",web,frontend-x2k4q," + WEB_POD_UID + ",");
    }

    @Test
    void fleetSearchFindsPodNamesAndContainerIds() {
        String cluster = uniqueHost("node");
        String podName = "billing-" + marker;
        ProcessInfo app = process(3300, 1, "python3", "python3 -m billing", "app", 4.0, 90L << 20);
        store(report(cluster, List.of(inPod(app, SIDECAR_CONTAINER, WEB_POD_UID, "payments", podName))));

        given().queryParam("q", podName.toUpperCase())
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .body("hostname", contains(cluster))
                .body("[0].processes.pid", contains(3300))
                .body("[0].processes[0].podNamespace", equalTo("payments"));
        given().queryParam("q", SIDECAR_CONTAINER.substring(0, 12))
                .get("/api/v1/search")
                .then()
                .body("hostname", hasItem(cluster));
        // A container id matches from its start only, as docker ps shows it.
        given().queryParam("q", SIDECAR_CONTAINER.substring(20, 32))
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .body("hostname", not(hasItem(cluster)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sort=size",
                "status=parked",
                "limit=0",
                "limit=5001",
                "offset=-1",
                "limit=abc",
                "container=xyz",
                "container=3f4e-5a6b",
                "container=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
                "pod=web/frontend/x",
                "pod=-web",
                "pod=web/",
                "pod=<script>",
                "pod=web/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            })
    void rejectsBadParametersWithProblemDetails(String query) {
        given().get("/api/v1/hosts/{h}/processes?" + query, host)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400));
    }

    @ParameterizedTest
    @ValueSource(strings = {"' or 1=1 --", "%", "_", "\\", "\"; drop table process; --", "postgres' union select"})
    void searchTextIsOnlyText(String text) {
        given().queryParam("q", text)
                .get("/api/v1/hosts/{h}/processes", host)
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        given().queryParam("q", text).get("/api/v1/search").then().statusCode(200);
        given().get("/api/v1/hosts/{h}/processes", host).then().body("total", equalTo(7));
    }

    @Test
    void buildsTheTreeWithSubtreeTotals() {
        given().get("/api/v1/hosts/{h}/tree", host)
                .then()
                .statusCode(200)
                .body("processCount", equalTo(7))
                .body("roots.process.pid", contains(1, 300))
                .body("roots[0].subtreeProcesses", equalTo(6))
                .body("roots[0].subtreeCpuPercent", equalTo(68.5f))
                .body("roots[0].children.process.pid", contains(200, 100))
                .body("roots[0].children[1].subtreeProcesses", equalTo(3))
                .body("roots[0].children[1].subtreeRssBytes", equalTo((200 + 50 + 30) << 20))
                .body("roots[0].children[0].children.process.pid", contains(400));
    }

    @Test
    void findsWhichHostsRunAProcess() {
        given().queryParam("q", "walwriter " + marker)
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .body("hostname", contains(host))
                .body("[0].processes.pid", contains(102));
        given().get("/api/v1/search").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void ranksTheFleetsBusiestProcesses() {
        List<Float> cpu = given().get("/api/v1/top?by=cpu&limit=500")
                .then()
                .statusCode(200)
                .body("hostname", hasItem(host))
                .extract()
                .path("process.cpuPercent");
        assertThat(cpu).isSortedAccordingTo((a, b) -> Float.compare(b, a));
        given().get("/api/v1/top?by=memory&limit=1").then().body("$", hasSize(1));
        given().get("/api/v1/top?by=threads").then().statusCode(400);
    }

    @Test
    void showsOneProcessWithItsFamily() {
        given().get("/api/v1/hosts/{h}/processes/100", host)
                .then()
                .statusCode(200)
                .body("running", equalTo(true))
                .body("process.name", equalTo("postgres"))
                .body("parent.pid", equalTo(1))
                .body("children.pid", contains(102, 101));
        given().get("/api/v1/hosts/{h}/processes/99999", host).then().statusCode(404);
    }

    @Test
    void answersTheTreeOfAHostWhoseParentsLoopWithEachProcessOnce() throws Exception {
        String hostile = uniqueHost("loops");
        List<ProcessInfo> processes = new ArrayList<>();
        processes.add(process(1, 0, "init", "init", "root", 1.0, 1L << 20));
        // 500 -> 502 -> 501 -> 500, 500 the first to start: the loop is cut there.
        processes.add(process(500, 502, "a", "a", "app", 1.0, 1L << 20));
        processes.add(process(501, 500, "b", "b", "app", 1.0, 1L << 20));
        processes.add(process(502, 501, "c", "c", "app", 1.0, 1L << 20));
        processes.add(process(600, 600, "self", "self", "app", 1.0, 1L << 20));
        processes.add(process(700, 699, "orphan", "orphan", "app", 1.0, 1L << 20));
        // 600 levels: deeper than a JSON writer nests (about 500 tree levels) or a browser (about 250).
        int deepest = 1000 + 3 * ProcessTree.MAX_DEPTH;
        for (int pid = 1000; pid <= deepest; pid++) {
            processes.add(process(pid, pid == 1000 ? 1 : pid - 1, "deep", "deep", "app", 1.0, 1L << 20));
        }
        int count = processes.size();
        store(report(hostile, processes));

        String json = given().get("/api/v1/hosts/{h}/tree", hostile)
                .then()
                .time(lessThan(5_000L))
                .statusCode(200)
                .body("processCount", equalTo(count))
                .extract()
                .asString();
        Map<Integer, Integer> inTree = new HashMap<>();
        Deque<JsonNode> nodes = new ArrayDeque<>();
        int rootTotal = 0;
        for (JsonNode root : new ObjectMapper().readTree(json).get("roots")) {
            rootTotal += root.get("subtreeProcesses").asInt();
            nodes.push(root);
        }
        while (!nodes.isEmpty()) {
            JsonNode node = nodes.pop();
            inTree.merge(node.get("process").get("pid").asInt(), 1, Integer::sum);
            node.get("children").forEach(nodes::push);
        }
        assertThat(rootTotal).isEqualTo(count);
        assertThat(inTree)
                .hasSize(count)
                .allSatisfy((pid, times) -> assertThat(times).as("pid %d", pid).isEqualTo(1));

        String html = given().queryParam("host", hostile)
                .get("/tree")
                .then()
                .time(lessThan(5_000L))
                .statusCode(200)
                .extract()
                .asString();
        Map<String, Integer> onPage = new HashMap<>();
        Matcher item =
                Pattern.compile("<li role=\"treeitem\" data-pid=\"(\\d+)\"").matcher(html);
        while (item.find()) {
            onPage.merge(item.group(1), 1, Integer::sum);
        }
        // The page holds its first screen of the tree (the roots and their children; the rest
        // loads on open), each process once, and counts them all.
        assertThat(onPage)
                .containsKeys("1", "500", "600", "700", "1000")
                .hasSizeLessThanOrEqualTo(Math.min(count, io.procscope.api.dashboard.TreeView.NODES_SHOWN))
                .allSatisfy((pid, times) -> assertThat(times).as("pid %s", pid).isEqualTo(1));
        assertThat(html).contains("<span data-testid=\"tree-count\">" + count + "</span>");

        // The process page follows the same parents: the loop ends at 500.
        given().get("/api/v1/hosts/{h}/processes/500", hostile)
                .then()
                .statusCode(200)
                .body("parent", equalTo(null))
                .body("parentLoop", equalTo(true))
                .body("children.pid", contains(501));
        given().get("/api/v1/hosts/{h}/processes/502", hostile)
                .then()
                .body("parent.pid", equalTo(501))
                .body("children", hasSize(0));
        given().get("/api/v1/hosts/{h}/processes/600", hostile)
                .then()
                .body("parent", equalTo(null))
                .body("parentLoop", equalTo(true));
        given().get("/hosts/{h}/processes/500", hostile)
                .then()
                .statusCode(200)
                .body(containsString("its parents lead back to it"));
    }

    @Test
    void exportsCsvAndJson() {
        String csv = given().get("/api/v1/hosts/{h}/processes/export?format=csv", host)
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("attachment"))
                .extract()
                .asString();
        assertThat(csv.lines()).hasSize(8).first().asString().startsWith("pid,ppid,name,user,status");
        assertThat(csv).contains("\r\n100,1,postgres,postgres,sleeping,10.0,");
        given().get("/api/v1/hosts/{h}/processes/export?format=json", host)
                .then()
                .statusCode(200)
                .body("processes", hasSize(7));
        given().get("/api/v1/hosts/{h}/processes/export?format=xml", host)
                .then()
                .statusCode(400);
    }

    @Test
    void answersHostMetricsOverARange() {
        given().get("/api/v1/hosts/{h}/metrics?from=-1h", host)
                .then()
                .statusCode(200)
                .body("resolutionMillis", equalTo(10_000))
                .body("points", hasSize(1))
                .body("points[0].cpuPercent", equalTo(23.5f))
                .body("points[0].processCount", equalTo(7.0f))
                .body("points[0].statusCounts.zombie", equalTo(1));
        given().get("/api/v1/hosts/{h}/metrics?from=yesterday", host).then().statusCode(400);
        given().get("/api/v1/hosts/{h}/metrics?from=-1h&to=-2h", host).then().statusCode(400);
    }

    @Test
    void marksAHostStaleAfterMissedIntervalsByTheApisClock() throws InterruptedException {
        String quiet = uniqueHost("quiet");
        store(withInterval(report(quiet, List.of(process(1, 0, "init", "init", "root", 0.0, 1L))), 100L));
        Thread.sleep(600); // three of its 100 ms intervals, and then some

        given().get("/api/v1/hosts/{h}", quiet).then().body("status", equalTo("STALE"));
        given().get("/api/v1/hosts/{h}", host).then().body("status", equalTo("REPORTING"));
        given().get("/api/v1/hosts").then().body("status", everyItem(not(equalTo(null))));
    }

    @Test
    void aReportCollectedLongAgoButReceivedNowKeepsItsHostReporting() {
        // An agent catching up on its spool after an outage, or one whose clock runs late: alive.
        String late = uniqueHost("late");
        store(report(
                late, System.currentTimeMillis() - 120_000, List.of(process(1, 0, "init", "init", "root", 0.0, 1L))));

        given().get("/api/v1/hosts/{h}", late).then().body("status", equalTo("REPORTING"));
    }

    @Test
    void refusesReportsLargerThanTheLimitEvenWhenCompressed() throws Exception {
        String padded = "{\"padding\":\"" + "x".repeat(17 << 20) + "\"}";
        given().header("Authorization", authorization(RAW_BODY_HOST))
                .contentType(ContentType.JSON)
                .header("Content-Encoding", "gzip")
                .body(io.procscope.api.support.Reports.gzip(padded.getBytes()))
                .post("/api/v1/reports")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("larger than"));
    }
}
