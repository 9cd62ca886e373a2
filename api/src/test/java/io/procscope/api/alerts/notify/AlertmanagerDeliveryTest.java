package io.procscope.api.alerts.notify;

import static io.procscope.api.support.Reports.STARTED;
import static io.procscope.api.support.Reports.process;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.uniqueHost;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.procscope.api.alerts.AlertTransitioned;
import io.procscope.api.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Alertmanager (Debian's), started by the test: it holds a firing alert about a process
 * with procscope's labels and annotations, keeps holding it while procscope posts it again, and
 * lets it go once resolved, for good.
 */
@QuarkusTest
public class AlertmanagerDeliveryTest {

    private static final int PID = 4242;
    private static final long PROCESS_START = STARTED + PID;

    private static Alertmanager alertmanager;

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
