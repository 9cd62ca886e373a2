package io.procscope.api.alerts.notify;

import static io.procscope.api.support.Reports.STARTED;
import static io.procscope.api.support.Reports.process;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.procscope.agent.Agent;
import io.procscope.api.alerts.AlertTransitioned;
import io.procscope.api.support.RealAgent;
import io.procscope.api.support.Reports;
import io.procscope.api.support.TestClock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Alertmanager (Debian's), started by the test: it holds a firing alert about a process
 * with procscope's labels and annotations, keeps holding it while procscope posts it again, and
 * lets it go once resolved, for good. And the whole path: the real agent reports this machine, the
 * test kills a real process, a "process absent" rule fires and Alertmanager holds the alert, then
 * the process runs again and Alertmanager has it resolved.
 */
@QuarkusTest
public class AlertmanagerDeliveryTest {

    private static final int PID = 4242;
    private static final long PROCESS_START = STARTED + PID;

    /** How long each step of the killed-process scenario may take, on a loaded machine. */
    private static final Duration STEP = Duration.ofSeconds(90);

    /** The agent's first report, a cold collection of every process of a loaded machine, may take longer. */
    private static final Duration FIRST_REPORT = Duration.ofSeconds(240);

    private static Alertmanager alertmanager;

    @TestHTTPResource("/")
    URL api;

    @Inject
    Event<AlertTransitioned> events;

    @Inject
    Receivers receivers;

    @Inject
    DeliveryJob job;

    @BeforeAll
    static void startAlertmanager() throws Exception {
        alertmanager = Alertmanager.start();
    }

    @AfterAll
    static void stopAlertmanager() throws Exception {
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    @AfterEach
    void configuredReceiversAndClockAgain() {
        receivers.useConfigured();
        TestClock.reset();
    }

    @Test
    void alertmanagerHoldsTheFiringAlertWithProcscopesLabelsThenLetsItResolve() throws Exception {
        String host = uniqueHost("am");
        store(report(host, List.of(process(PID, 1, "nginx", "nginx: master process", "root", 95.0, 20L << 20))));
        receivers.use(new Receivers.Settings(
                Optional.of(alertmanager.url()),
                Duration.ofMinutes(1),
                Map.of(),
                Optional.of(URI.create("https://procscope.example/"))));
        String rule = "am-cpu-" + Transitions.nextEventId();
        long firedAt = System.currentTimeMillis() - 1000;
        AlertTransitioned firing = new AlertTransitioned(
                Transitions.nextEventId(),
                rule,
                host,
                "pid:" + PID + ":" + PROCESS_START,
                PID,
                PROCESS_START,
                "firing",
                firedAt,
                95.0,
                "critical",
                Map.of("team", "web", "alertname", "spoofed"),
                "nginx (pid 4242) on " + host + " uses 95 % CPU");
        Transitions.record(events, firing);
        assertThat(Transitions.rowOf(firing.eventId()).processName()).isEqualTo("nginx");

        long sentAfter = System.currentTimeMillis();
        job.runOnce();
        assertThat(Transitions.rowOf(firing.eventId()).state()).isEqualTo("sent");
        List<JsonNode> held = alertmanager.alerts(rule);
        assertThat(held).hasSize(1);
        JsonNode alert = held.get(0);
        List<String> names = new java.util.ArrayList<>();
        alert.get("labels").fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("alertname", "host", "severity", "process", "pid", "team");
        assertThat(alert.get("labels").get("alertname").asText()).isEqualTo(rule);
        assertThat(alert.get("labels").get("host").asText()).isEqualTo(host);
        assertThat(alert.get("labels").get("severity").asText()).isEqualTo("critical");
        assertThat(alert.get("labels").get("process").asText()).isEqualTo("nginx");
        assertThat(alert.get("labels").get("pid").asText()).isEqualTo("4242");
        assertThat(alert.get("labels").get("team").asText()).isEqualTo("web");
        assertThat(alert.get("annotations").get("summary").asText()).isEqualTo(firing.summary());
        assertThat(alert.get("annotations").get("dashboard").asText())
                .isEqualTo("https://procscope.example/hosts/" + host + "/processes/4242?start=" + PROCESS_START);
        assertThat(alert.get("annotations").get("description").asText()).contains("event " + firing.eventId());
        assertThat(alert.get("status").get("state").asText()).isEqualTo("active");
        assertThat(Instant.parse(alert.get("startsAt").asText())).isEqualTo(Instant.ofEpochMilli(firedAt));
        Instant endsAt = Instant.parse(alert.get("endsAt").asText());
        assertThat(endsAt)
                .isBetween(
                        Instant.ofEpochMilli(sentAfter + 239_000), Instant.now().plusSeconds(241));

        // A minute on, procscope posts it again, so that Alertmanager does not resolve it by itself.
        TestClock.travelTo(Instant.now().plusSeconds(61));
        job.runOnce();
        Instant extended =
                Instant.parse(alertmanager.alerts(rule).get(0).get("endsAt").asText());
        assertThat(extended).isAfterOrEqualTo(endsAt.plusSeconds(60));
        TestClock.reset();

        AlertTransitioned resolved = new AlertTransitioned(
                Transitions.nextEventId(),
                rule,
                host,
                firing.subject(),
                PID,
                PROCESS_START,
                "resolved",
                System.currentTimeMillis(),
                3.0,
                "critical",
                firing.labels(),
                "nginx (pid 4242) on " + host + " is back under 90 % CPU");
        Transitions.record(events, resolved);
        job.runOnce();
        assertThat(Transitions.rowOf(resolved.eventId()).state()).isEqualTo("sent");
        assertThat(alertmanager.alerts(rule)).as("resolved: no longer active").isEmpty();

        // Later runs do not post the resolved alert's firing again.
        TestClock.travelTo(Instant.now().plusSeconds(130));
        job.runOnce();
        assertThat(alertmanager.alerts(rule))
                .as("still resolved after the resend period")
                .isEmpty();
    }

    @Test
    void alertmanagerHoldsTheAlertOfAProcessTheTestKillsThenHasItResolvedWhenItRunsAgain(@TempDir Path dir)
            throws Exception {
        // A program of its own, so that no other process of this machine matches the rule.
        String name = "procscope-am-" + HexFormat.of().formatHex(randomBytes(5));
        Path program = Files.copy(Path.of("/bin/sleep"), dir.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
        String host = uniqueHost("am-killed");
        String rule = "am-absent-" + Transitions.nextEventId();
        receivers.use(new Receivers.Settings(
                Optional.of(alertmanager.url()), Duration.ofMinutes(1), Map.of(), Optional.empty()));
        Process watched = start(program);
        Files.createDirectories(dir.resolve("spool"));
        try (Agent.Running agent = RealAgent.start(api, host, dir.resolve("spool"), Duration.ofSeconds(1))) {
            try {
                awaitStep("the agent reports " + name, FIRST_REPORT, () -> runs(host, name, watched.pid()));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; the host is known to the API: "
                        + (given().get("/api/v1/hosts/{host}", host).statusCode() == 200));
            }
            admin().contentType(ContentType.JSON)
                    .body("{\"name\":\"" + rule + "\",\"hosts\":{\"hostnames\":[\"" + host + "\"]},"
                            + "\"condition\":{\"processAbsent\":{\"name\":[\"" + name + "\"]}},"
                            + "\"for\":\"0s\",\"severity\":\"critical\",\"labels\":{\"team\":\"procscope-e2e\"}}")
                    .post("/api/v1/alerts/rules")
                    .then()
                    .statusCode(201);
            try {
                // While it runs, the host's reports under the rule fire nothing.
                long ruleAt = System.currentTimeMillis();
                awaitStep("a report after the rule", STEP, () -> reportedSince(host, ruleAt));
                job.runOnce();
                assertThat(alertmanager.alerts(rule)).as("before the kill").isEmpty();

                watched.destroyForcibly();
                assertThat(watched.waitFor(30, TimeUnit.SECONDS)).isTrue();
                long killedAt = System.currentTimeMillis();
                List<JsonNode> held = awaitAlerts(rule, "Alertmanager holds the alert of the killed process", 1);
                JsonNode alert = held.get(0);
                JsonNode labels = alert.get("labels");
                assertThat(labels.get("alertname").asText()).isEqualTo(rule);
                assertThat(labels.get("host").asText()).isEqualTo(host);
                assertThat(labels.get("process").asText()).isEqualTo(name);
                assertThat(labels.get("severity").asText()).isEqualTo("critical");
                assertThat(labels.get("team").asText()).isEqualTo("procscope-e2e");
                assertThat(labels.has("pid"))
                        .as("no process runs to have a pid")
                        .isFalse();
                assertThat(alert.get("status").get("state").asText()).isEqualTo("active");
                assertThat(alert.get("annotations").get("summary").asText())
                        .contains(name)
                        .contains(host);
                assertThat(Instant.parse(alert.get("startsAt").asText()))
                        .isAfterOrEqualTo(Instant.ofEpochMilli(killedAt).minusSeconds(1));
                assertThat(Instant.parse(alert.get("endsAt").asText())).isAfter(Instant.now());

                Process again = start(program);
                try {
                    awaitAlerts(rule, "Alertmanager has the alert resolved once the process runs again", 0);
                    // Alertmanager lists no alert whose endsAt passed; the resolution it was sent ends it.
                    assertThat(Transitions.ofRule(rule))
                            .as("the outbox: firing, then resolved, both sent to Alertmanager")
                            .extracting(Transitions.Row::receiver, Transitions.Row::state)
                            .containsExactly(
                                    org.assertj.core.groups.Tuple.tuple("alertmanager", "sent"),
                                    org.assertj.core.groups.Tuple.tuple("alertmanager", "sent"));
                    List<String> transitions = given().get("/api/v1/alerts/history?rule={r}&host={h}", rule, host)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("events.transition");
                    assertThat(transitions)
                            .as("the alert's history, newest first")
                            .filteredOn(t -> !t.equals("pending"))
                            .containsExactly("resolved", "firing");
                } finally {
                    again.destroyForcibly();
                }
            } finally {
                admin().delete("/api/v1/alerts/rules/{name}", rule);
            }
        } finally {
            watched.destroyForcibly();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static Process start(Path program) throws java.io.IOException {
        return new ProcessBuilder(program.toString(), "600")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + Reports.ADMIN_KEY);
    }

    /** Whether the host's newest stored report lists {@code name} as {@code pid}. */
    private static boolean runs(String host, String name, long pid) {
        Response r = given().get("/api/v1/hosts/{host}/processes?limit=5000", host);
        return r.statusCode() == 200
                && r.jsonPath().getList("processes.findAll { it.name == '" + name + "' }.pid", Long.class).stream()
                        .anyMatch(p -> p == pid);
    }

    /** Whether the API stored a report of the host since {@code millis}. */
    private static boolean reportedSince(String host, long millis) {
        Response r = given().get("/api/v1/hosts/{host}", host);
        return r.statusCode() == 200 && r.jsonPath().getLong("lastReportMillis") > millis;
    }

    /** Runs the sender until Alertmanager holds {@code count} active alerts of {@code rule}. */
    private List<JsonNode> awaitAlerts(String rule, String what, int count) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (true) {
            job.runOnce();
            List<JsonNode> held = alertmanager.alerts(rule);
            if (held.size() == count) {
                return held;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + STEP + "; it holds " + held);
            }
            Thread.sleep(250);
        }
    }

    private static void awaitStep(String what, Duration within, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + within);
            }
            Thread.sleep(250);
        }
    }

    @Test
    void hostAlertReachesAlertmanagerOnceItIsUp() throws Exception {
        receivers.use(new Receivers.Settings(
                Optional.of(URI.create("http://127.0.0.1:9")), Duration.ofMinutes(1), Map.of(), Optional.empty()));
        String rule = "am-stale-" + Transitions.nextEventId();
        String host = uniqueHost("am-host");
        Instant t0 = Instant.now();
        AlertTransitioned firing = Transitions.host(rule, host, "firing", t0.toEpochMilli());
        Transitions.record(events, firing);
        job.runOnce();
        assertThat(Transitions.rowOf(firing.eventId()))
                .extracting(Transitions.Row::state, Transitions.Row::attempts)
                .containsExactly("due", 1);

        receivers.use(new Receivers.Settings(
                Optional.of(alertmanager.url()), Duration.ofMinutes(1), Map.of(), Optional.empty()));
        TestClock.travelTo(t0.plusSeconds(45));
        job.runOnce();
        TestClock.reset();
        List<JsonNode> held = alertmanager.alerts(rule);
        assertThat(held).hasSize(1);
        assertThat(held.get(0).get("labels").get("host").asText()).isEqualTo(host);
        assertThat(held.get(0).get("labels").has("process")).isFalse();
        assertThat(held.get(0).get("annotations").has("dashboard")).isFalse();
    }
}
