package io.procscope.api.alerts;

import static io.procscope.api.support.Reports.process;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.procscope.api.problem.Problem;
import io.procscope.api.support.Reports;
import io.procscope.api.support.StoringTransactionProbe;
import io.procscope.api.support.TestClock;
import io.procscope.dto.FileSystemUsage;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.SystemMetrics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts end to end on the embedded SQLite database, with the API's clock moved by the test:
 * each condition goes pending, fires once its for elapsed (not before) and resolves; the timer
 * fires stale and gone hosts, and a stale host fires nothing else; two evaluations at once record
 * one transition; a report that rolls back records none; the rules API refuses what is wrong,
 * naming the field. {@link PostgresAlertsTest} runs them on PostgreSQL.
 */
@QuarkusTest
public class AlertsTest {

    /** The agents of these tests report every minute: a host is stale after 3 minutes' silence. */
    private static final long INTERVAL = 60_000;

    private static final ProcessInfo NGINX =
            process(100, 1, "nginx", "nginx -g daemon off;", "www-data", 0.5, 20L << 20);
    private static final ProcessInfo JAVA = process(200, 1, "java", "java -jar orders.jar", "app", 95.0, 3L << 30);
    private static final ProcessInfo JAVA_TOO = process(201, 1, "java", "java -jar billing.jar", "app", 1.0, 64L << 20);
    private static final ProcessInfo SSHD = process(300, 1, "sshd", "/usr/sbin/sshd -D", "root", 0.0, 8L << 20);

    private static final SystemMetrics BUSY = metrics(95.0, 23L << 30, 3L << 30, 9.0, 97L << 30);
    private static final SystemMetrics CALM = metrics(20.0, 6L << 30, 0L, 0.5, 40L << 30);

    @Inject
    AlertTimer timer;

    @Inject
    StoringTransactionProbe probe;

    @Inject
    TransitionsHeard heard;

    @Inject
    EntityManager em;

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        created.forEach(name -> admin().delete("/api/v1/alerts/rules/{name}", name));
        TestClock.reset();
    }

    @Test
    void eachConditionGoesPendingFiresAfterForAndResolves() {
        String host = uniqueHost("alerts-each");
        String sel = "\"hosts\":{\"hostnames\":[\"" + host + "\"]},\"for\":\"1m\"";
        Map<String, String> conditions = new HashMap<>();
        conditions.put("absent", "{\"processAbsent\":{\"name\":[\"nginx\"]}}");
        conditions.put("count", "{\"processCount\":{\"match\":{\"name\":\"java\"},\"max\":1}}");
        conditions.put("restarts", "{\"restarts\":{\"match\":{\"name\":\"worker\"},\"moreThan\":1,\"within\":\"1m\"}}");
        conditions.put("cpu", "{\"processCpu\":{\"match\":{\"user\":\"app\"},\"abovePercent\":90}}");
        conditions.put("rss", "{\"processRss\":{\"match\":{\"name\":\"java\"},\"aboveBytes\":\"2GiB\"}}");
        conditions.put("rss-share", "{\"processRss\":{\"match\":{\"name\":\"java\"},\"abovePercentOfHost\":10}}");
        conditions.put("host-cpu", "{\"host\":{\"metric\":\"cpu\",\"above\":90}}");
        conditions.put("memory", "{\"host\":{\"metric\":\"memory\",\"above\":90}}");
        conditions.put("swap", "{\"host\":{\"metric\":\"swap\",\"above\":50}}");
        conditions.put("load", "{\"host\":{\"metric\":\"loadPerCpu\",\"above\":2}}");
        conditions.put("disk", "{\"host\":{\"metric\":\"fileSystem\",\"above\":90,\"mountPoint\":\"/\"}}");
        conditions.forEach((name, c) -> createRule("{\"name\":\"" + host + "-" + name + "\"," + sel
                + ",\"severity\":\"critical\",\"labels\":{\"team\":\"web\"},\"condition\":" + c + "}"));
        long t0 = Instant.now().toEpochMilli();
        long t1 = t0 + 10_000;

        at(t0, host, CALM, NGINX, SSHD);
        assertThat(active(host)).as("all is well").isEmpty();

        at(t1, host, BUSY, SSHD, JAVA, JAVA_TOO, worker(1000, t1 - 5_000), worker(1001, t1 - 4_000));
        assertThat(states(host))
                .as("every condition holds, none for a minute yet")
                .hasSize(conditions.size())
                .allSatisfy((rule, state) -> assertThat(state).isEqualTo("pending"));

        at(t1 + 30_000, host, BUSY, SSHD, JAVA, JAVA_TOO, worker(1002, t1 + 25_000));
        assertThat(states(host))
                .as("for is honoured")
                .allSatisfy((rule, state) -> assertThat(state).isEqualTo("pending"));

        at(t1 + 61_000, host, BUSY, SSHD, JAVA, JAVA_TOO, worker(1003, t1 + 55_000));
        assertThat(states(host))
                .hasSize(conditions.size())
                .allSatisfy((rule, state) -> assertThat(state).isEqualTo("firing"));
        JsonPath firing = given().get("/api/v1/alerts?limit=1000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(firing.getList("alerts.findAll { it.hostname == '" + host + "' }.severity"))
                .containsOnly("critical");
        assertThat(firing.getString("alerts.find { it.rule == '" + host + "-cpu' }.subject"))
                .isEqualTo("200:" + JAVA.startTimeMillis());
        assertThat(firing.getString("alerts.find { it.rule == '" + host + "-absent' }.summary"))
                .isEqualTo("no process matching name nginx on " + host);
        timer.evaluate(); // refreshes the gauge
        given().get("/q/metrics")
                .then()
                .body(containsString(
                        "procscope_alerts_firing{rule=\"" + host + "-absent\",severity=\"critical\"} 1.0"));

        // the last worker start is over a minute old by now
        at(t1 + 130_000, host, CALM, NGINX, SSHD, JAVA_TOO);
        assertThat(active(host)).as("all resolved").isEmpty();

        JsonPath history = given().get("/api/v1/alerts/history?host={h}&limit=1000", host)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        for (String name : conditions.keySet()) {
            String rule = host + "-" + name;
            assertThat(history.getList("events.findAll { it.rule == '" + rule + "' }.transition"))
                    .as(rule)
                    .containsExactly("resolved", "firing", "pending");
        }
        assertThat(history.getMap("events[0].labels")).isEqualTo(Map.of("team", "web"));
        assertThat(heard.of(host))
                .extracting(AlertTransitioned::transition)
                .hasSize(2 * conditions.size())
                .containsOnly("firing", "resolved");
    }

    @Test
    void theTimerFiresElapsedForAndStaleHostsButNoProcessRuleOfAStaleHost() {
        String host = uniqueHost("alerts-timer");
        String quiet = uniqueHost("alerts-quiet");
        createRule(
                "{\"name\":\"" + host + "-absent\",\"hosts\":{\"hostnames\":[\"alerts-timer-*\",\"alerts-quiet-*\"]},"
                        + "\"condition\":{\"processAbsent\":{\"name\":\"nginx\"}},\"for\":\"1m\"}");
        createRule("{\"name\":\"" + host + "-stale\",\"hosts\":{\"hostnames\":[\"" + host + "\",\"" + quiet + "\"]},"
                + "\"condition\":{\"host\":{\"stale\":true}}}");
        createRule("{\"name\":\"" + host + "-gone\",\"hosts\":{\"hostnames\":[\"" + quiet + "\"]},"
                + "\"condition\":{\"host\":{\"gone\":true}},\"for\":\"1h\"}");
        long t0 = Instant.now().toEpochMilli();

        at(t0, host, CALM, SSHD);
        at(t0, quiet, CALM, NGINX, SSHD);
        assertThat(states(host)).containsOnly(Map.entry(host + "-absent", "pending"));

        TestClock.travelTo(Instant.ofEpochMilli(t0 + 50_000));
        timer.evaluate();
        assertThat(states(host))
                .as("for is honoured between reports")
                .containsOnly(Map.entry(host + "-absent", "pending"));

        TestClock.travelTo(Instant.ofEpochMilli(t0 + 61_000));
        timer.evaluate();
        assertThat(states(host)).as("fired without a new report").containsOnly(Map.entry(host + "-absent", "firing"));

        // silent for longer than three intervals: stale
        TestClock.travelTo(Instant.ofEpochMilli(t0 + 4 * INTERVAL));
        timer.evaluate();
        assertThat(states(host))
                .as("its process alert stays as it was")
                .containsOnly(Map.entry(host + "-absent", "firing"), Map.entry(host + "-stale", "firing"));
        assertThat(states(quiet))
                .as("a stale host fires its staleness only")
                .containsOnly(Map.entry(host + "-stale", "firing"));

        TestClock.travelTo(Instant.ofEpochMilli(t0 + 25 * 3_600_000L));
        timer.evaluate();
        assertThat(states(quiet))
                .containsOnly(Map.entry(host + "-stale", "firing"), Map.entry(host + "-gone", "pending"));
        TestClock.travelTo(Instant.ofEpochMilli(t0 + 26 * 3_600_000L + 1_000));
        timer.evaluate();
        assertThat(states(quiet))
                .containsOnly(Map.entry(host + "-stale", "firing"), Map.entry(host + "-gone", "firing"));

        long back = t0 + 26 * 3_600_000L + 10_000;
        at(back, quiet, CALM, SSHD);
        assertThat(states(quiet))
                .as("back: stale and gone resolve, and now nginx is missing")
                .containsOnly(Map.entry(host + "-absent", "pending"));
        assertThat(transitions(quiet))
                .as("newest first; one report's transitions in the order of their rules")
                .containsExactly("resolved", "resolved", "pending", "firing", "pending", "firing");
    }

    @Test
    void twoEvaluationsAtOnceRecordEachTransitionOnce() throws Exception {
        String host = uniqueHost("alerts-replicas");
        createRule("{\"name\":\"" + host + "-stale\",\"hosts\":{\"hostnames\":[\"" + host + "\"]},"
                + "\"condition\":{\"host\":{\"stale\":true}},\"for\":\"2m\"}");
        long t0 = Instant.now().toEpochMilli();
        at(t0, host, CALM, SSHD);

        for (long at : new long[] {t0 + 4 * INTERVAL, t0 + 7 * INTERVAL}) {
            TestClock.travelTo(Instant.ofEpochMilli(at));
            ExecutorService replicas = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> runs = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    runs.add(replicas.submit(() -> {
                        start.await();
                        return timer.evaluate();
                    }));
                }
                start.countDown();
                for (Future<Integer> run : runs) {
                    run.get(60, TimeUnit.SECONDS);
                }
            } finally {
                replicas.shutdownNow();
            }
        }

        assertThat(transitions(host)).as("one event per transition").containsExactly("firing", "pending");
        assertThat(states(host)).containsOnly(Map.entry(host + "-stale", "firing"));
        assertThat(heard.of(host)).extracting(AlertTransitioned::transition).containsExactly("firing");
    }

    @Test
    void aReportThatRollsBackRecordsNoTransition() {
        String host = uniqueHost("alerts-rollback");
        createRule("{\"name\":\"" + host + "-absent\",\"hosts\":{\"hostnames\":[\"" + host + "\"]},"
                + "\"condition\":{\"processAbsent\":{\"name\":\"nginx\"}}}");
        long t0 = Instant.now().toEpochMilli();
        at(t0, host, CALM, NGINX, SSHD);
        long[] written = new long[1];
        probe.armFor(host, () -> {
            written[0] = ((Number) em.createNativeQuery("select count(*) from alert_state s join host h"
                                    + " on h.id = s.host_id where h.hostname = ?1")
                            .setParameter(1, host)
                            .getSingleResult())
                    .longValue();
            throw new IllegalStateException("the database went away");
        });

        TestClock.travelTo(Instant.ofEpochMilli(t0 + 10_000));
        Reports.post(report(host, t0 + 10_000, CALM, SSHD)).statusCode(500);

        assertThat(written[0])
                .as("the transition was written in the transaction")
                .isEqualTo(1);
        assertThat(states(host)).isEmpty();
        assertThat(transitions(host)).isEmpty();
        assertThat(heard.of(host)).isEmpty();
    }

    @Test
    void rulesAreCreatedEditedDisabledAndDeletedAndFileRulesAreReadOnly() {
        String host = uniqueHost("alerts-api");
        String name = host + "-java";
        String rule = "{\"name\":\"" + name + "\",\"hosts\":{\"hostnames\":[\"" + host + "\"]},"
                + "\"condition\":{\"processCpu\":{\"match\":{\"name\":\"java\"},\"abovePercent\":90}}}";
        given().contentType(ContentType.JSON)
                .body(rule)
                .post("/api/v1/alerts/rules")
                .then()
                .statusCode(401)
                .contentType(Problem.MEDIA_TYPE);
        admin().contentType(ContentType.JSON)
                .body(rule)
                .post("/api/v1/alerts/rules")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/alerts/rules/" + name))
                .body("source", equalTo("api"))
                .body("for", equalTo("0s"))
                .body("severity", equalTo("warning"))
                .body("condition.processCpu.match.name", equalTo(List.of("java")));
        created.add(name);
        admin().contentType(ContentType.JSON)
                .body(rule)
                .post("/api/v1/alerts/rules")
                .then()
                .statusCode(409)
                .contentType(Problem.MEDIA_TYPE);
        long t0 = Instant.now().toEpochMilli();
        at(t0, host, CALM, JAVA, SSHD);
        assertThat(states(host)).containsOnly(Map.entry(name, "firing"));

        // sent back as read, with a change
        String read = given().get("/api/v1/alerts/rules/{n}", name)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        admin().contentType(ContentType.JSON)
                .body(read.replace("\"warning\"", "\"critical\""))
                .put("/api/v1/alerts/rules/{n}", name)
                .then()
                .statusCode(200)
                .body("severity", equalTo("critical"));
        admin().contentType(ContentType.JSON)
                .body(read.replace("\"enabled\":true", "\"enabled\":false"))
                .put("/api/v1/alerts/rules/{n}", name)
                .then()
                .statusCode(200)
                .body("enabled", equalTo(false));
        assertThat(states(host)).as("disabling resolves").isEmpty();
        assertThat(transitions(host)).containsExactly("resolved", "firing");
        admin().contentType(ContentType.JSON)
                .body(read)
                .put("/api/v1/alerts/rules/{n}", name + "-other")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("name"));
        admin().delete("/api/v1/alerts/rules/{n}", name).then().statusCode(204);
        given().get("/api/v1/alerts/rules/{n}", name).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        admin().delete("/api/v1/alerts/rules/{n}", name).then().statusCode(404);

        // the rules file's rule: listed, evaluated, read-only
        String fileHost = uniqueHost("alerts-file");
        given().get("/api/v1/alerts/rules")
                .then()
                .statusCode(200)
                .body("find { it.name == 'file-sshd-down' }.source", equalTo("file"))
                .body("find { it.name == 'file-sshd-down' }.labels.team", equalTo("platform"));
        at(t0, fileHost, CALM, NGINX);
        assertThat(states(fileHost)).containsOnly(Map.entry("file-sshd-down", "pending"));
        String fileRule = given().get("/api/v1/alerts/rules/file-sshd-down")
                .then()
                .extract()
                .asString();
        admin().contentType(ContentType.JSON)
                .body(fileRule)
                .put("/api/v1/alerts/rules/file-sshd-down")
                .then()
                .statusCode(409)
                .body("detail", containsString("rules file"));
        admin().delete("/api/v1/alerts/rules/file-sshd-down").then().statusCode(409);
        admin().contentType(ContentType.JSON)
                .body(fileRule.replace("file-sshd-down", "file-sshd-down"))
                .post("/api/v1/alerts/rules")
                .then()
                .statusCode(409);

        given().get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/api/v1/alerts/rules/{name}"))
                .body(containsString("/api/v1/alerts/history"));
    }

    @Test
    void hostileRulesAreRefusedNamingTheFieldAndNothingIsStored() {
        String bomb = "{\"name\":\"bomb\",\"condition\":{\"processAbsent\":{\"commandLine\":\"(a+)+$\"}}}";
        String nul = "{\"name\":\"n\\u0000ul\",\"condition\":{\"host\":{\"stale\":true}}}";
        String longName = "{\"name\":\"" + "a".repeat(10_000) + "\",\"condition\":{\"host\":{\"stale\":true}}}";
        String twice = "{\"name\":\"a\",\"name\":\"b\",\"condition\":{\"host\":{\"stale\":true}}}";
        String typo = "{\"name\":\"typo\",\"condition\":{\"host\":{\"stale\":true}},\"sevrity\":\"critical\"}";
        String cpu = "{\"name\":\"cpu\",\"condition\":{\"processCpu\":{\"match\":{},\"abovePercent\":-1}}}";
        int before = given().get("/api/v1/alerts/rules")
                .then()
                .extract()
                .jsonPath()
                .getList("$")
                .size();

        refused(bomb, "condition.processAbsent.commandLine", "must not repeat a group");
        refused(nul, "name", "must not contain control characters");
        refused(longName, "name", "must be at most 100 characters");
        refused(typo, "sevrity", "is not a field");
        refused(cpu, "condition.processCpu.abovePercent", "must be above 0");
        admin().contentType(ContentType.JSON)
                .body(twice)
                .post("/api/v1/alerts/rules")
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("twice"));
        admin().contentType(ContentType.JSON)
                .body("{\"name\":\"" + "x".repeat(70_000) + "\"}")
                .post("/api/v1/alerts/rules")
                .then()
                .statusCode(413)
                .contentType(Problem.MEDIA_TYPE);
        admin().contentType(ContentType.JSON)
                .body("[")
                .post("/api/v1/alerts/rules")
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE);
        given().get("/api/v1/alerts?limit=0").then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        given().get("/api/v1/alerts/history?before=x").then().statusCode(400).contentType(Problem.MEDIA_TYPE);

        assertThat(given().get("/api/v1/alerts/rules")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("$"))
                .hasSize(before);
    }

    private static void refused(String body, String field, String message) {
        admin().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/alerts/rules")
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo(field))
                .body("errors[0].message", containsString(message));
    }

    private void createRule(String json) {
        JsonPath created = admin().contentType(ContentType.JSON)
                .body(json)
                .post("/api/v1/alerts/rules")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        this.created.add(created.getString("name"));
    }

    /** Stores a report of {@code host} collected at {@code millis}, the API's clock moved there. */
    private static void at(long millis, String host, SystemMetrics metrics, ProcessInfo... processes) {
        TestClock.travelTo(Instant.ofEpochMilli(millis));
        store(report(host, millis, metrics, processes));
    }

    private static HostReport report(String host, long millis, SystemMetrics metrics, ProcessInfo... processes) {
        HostReport r = Reports.report(host, millis, List.of(processes));
        return new HostReport(
                r.schemaVersion(),
                UUID.randomUUID(),
                r.agentVersion(),
                millis,
                r.host(),
                metrics,
                r.processes(),
                INTERVAL);
    }

    /** The host's active alerts: state by rule, for those about the host or its first process. */
    private static Map<String, String> states(String host) {
        Map<String, String> states = new HashMap<>();
        for (Map<String, Object> a : active(host)) {
            states.putIfAbsent((String) a.get("rule"), (String) a.get("state"));
        }
        return states;
    }

    private static List<Map<String, Object>> active(String host) {
        return given().get("/api/v1/alerts?limit=1000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("alerts.findAll { it.hostname == '" + host + "' }");
    }

    /** The host's recorded transitions, newest first. */
    private static List<String> transitions(String host) {
        return given().get("/api/v1/alerts/history?host={h}&limit=1000", host)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("events.transition");
    }

    private static ProcessInfo worker(int pid, long startedMillis) {
        ProcessInfo w = process(pid, 1, "worker", "worker --queue=mail", "app", 0.0, 10L << 20);
        return new ProcessInfo(
                w.pid(),
                w.ppid(),
                w.name(),
                w.exe(),
                w.commandLine(),
                w.user(),
                w.status(),
                startedMillis,
                w.cpuPercent(),
                w.rssBytes(),
                w.vmsBytes(),
                w.threads(),
                w.nice(),
                w.cwd(),
                null,
                null,
                null,
                null);
    }

    private static SystemMetrics metrics(double cpu, long memoryUsed, long swapUsed, double load1, long rootUsed) {
        return new SystemMetrics(
                cpu,
                memoryUsed,
                24L << 30,
                swapUsed,
                4L << 30,
                load1,
                load1,
                load1,
                List.of(new FileSystemUsage("/", "ext4", rootUsed, 100L << 30)),
                1L,
                1L);
    }

    /** Rules are changed by operators: an admin key, as every admin action needs. */
    private static io.restassured.specification.RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + Reports.ADMIN_KEY);
    }
}
