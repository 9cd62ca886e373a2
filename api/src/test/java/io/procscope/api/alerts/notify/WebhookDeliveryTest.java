package io.procscope.api.alerts.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.procscope.api.alerts.AlertTransitioned;
import io.procscope.api.alerts.notify.DeliveryConfig.WebhookFormat;
import io.procscope.api.support.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks against a receiver in the test that fails, then recovers, with a clock the test moves:
 * nothing is lost, the backoff is honoured, nothing is sent again once delivered, and a
 * notification is given up only at its maximum age. The sender job is run by the test (it is off
 * on schedule in tests), as two replicas would run it.
 */
@QuarkusTest
public class WebhookDeliveryTest {

    private static final String ADMIN = "Bearer test-admin-key";

    @Inject
    Event<AlertTransitioned> events;

    @Inject
    Receivers receivers;

    @Inject
    DeliveryJob job;

    @Inject
    MeterRegistry registry;

    @AfterEach
    void configuredReceiversAndClockAgain() {
        receivers.useConfigured();
        TestClock.reset();
    }

    @Test
    void receiverThatFailsGetsEveryNotificationInOrderOnceItRecoversAfterTheBackoff() throws Exception {
        try (WebhookServer server = WebhookServer.failingFirst(3);
                LogCapture log = LogCapture.of("io.procscope.api.alerts")) {
            String hook = use(server, "flaky", WebhookFormat.JSON);
            String receiver = "webhook:" + hook;
            Instant t0 = Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            TestClock.travelTo(t0);
            AlertTransitioned firing = Transitions.host("web-down", "web-1", "firing", t0.toEpochMilli());
            Transitions.record(events, firing);
            assertThat(Transitions.rowOf(firing.eventId()).state()).isEqualTo("due");

            job.runOnce();
            assertThat(server.received()).hasSize(1);
            Transitions.Row afterFirst = Transitions.rowOf(firing.eventId());
            assertThat(afterFirst.state()).isEqualTo("due");
            assertThat(afterFirst.attempts()).isEqualTo(1);
            assertThat(afterFirst.nextAttemptMillis() - t0.toEpochMilli()).isBetween(30_000L, 40_000L);
            assertThat(afterFirst.lastError()).startsWith("HTTP 500").doesNotContain("s3cret");

            job.runOnce();
            at(t0, 29);
            job.runOnce();
            assertThat(server.received()).as("no attempt before 30 s").hasSize(1);

            at(t0, 45);
            job.runOnce();
            assertThat(server.received()).as("the second attempt, after 30 s").hasSize(2);

            // It resolves while the receiver is still down: the resolution waits behind the firing.
            at(t0, 50);
            AlertTransitioned resolved = Transitions.host("web-down", "web-1", "resolved", t0.toEpochMilli() + 50_000);
            Transitions.record(events, resolved);
            assertThat(Transitions.rowOf(resolved.eventId()).startsAtMillis()).isEqualTo(t0.toEpochMilli());
            job.runOnce();
            at(t0, 104);
            job.runOnce();
            assertThat(server.received()).as("no attempt before 60 s more").hasSize(2);

            at(t0, 120);
            job.runOnce();
            assertThat(server.received()).as("the third attempt, failing").hasSize(3);
            at(t0, 239);
            job.runOnce();
            assertThat(server.received()).as("no attempt before 120 s more").hasSize(3);

            at(t0, 255);
            job.runOnce(); // the firing, delivered; the resolution was not due when this run claimed
            job.runOnce(); // the resolution
            assertThat(server.received()).hasSize(5);
            at(t0, 3600);
            job.runOnce();

            List<WebhookServer.Received> got = server.received();
            assertThat(got)
                    .extracting(WebhookServer.Received::id)
                    .containsExactly(
                            firing.eventId(), firing.eventId(), firing.eventId(), firing.eventId(), resolved.eventId());
            assertThat(got).extracting(WebhookServer.Received::status).containsExactly(500, 500, 500, 200, 200);
            assertThat(got).allSatisfy(r -> assertThat(r.idempotencyKey()).isEqualTo(Long.toString(r.id())));
            assertThat(got.get(3).body().get("status").asText()).isEqualTo("firing");
            assertThat(got.get(4).body().get("status").asText()).isEqualTo("resolved");
            assertThat(got.get(4).body().get("startsAt").asText()).isEqualTo(t0.toString());
            assertThat(got.get(3).query()).as("the URL as configured").isEqualTo("token=s3cret");
            assertThat(Transitions.rowOf(firing.eventId()))
                    .extracting(Transitions.Row::state, Transitions.Row::attempts, Transitions.Row::lastError)
                    .containsExactly("sent", 4, null);
            assertThat(Transitions.rowOf(resolved.eventId()))
                    .extracting(Transitions.Row::state, Transitions.Row::attempts)
                    .containsExactly("sent", 1);
            assertThat(count(receiver, "retried")).isEqualTo(3);
            assertThat(count(receiver, "sent")).isEqualTo(2);
            // Logged once down, once back: with the URL's host, never its query (token=s3cret).
            assertThat(log.messages())
                    .anySatisfy(m -> assertThat(m).contains(receiver, "/hook/…", "HTTP 500"))
                    .anySatisfy(m -> assertThat(m).contains(receiver, "delivered again"))
                    .noneSatisfy(m -> assertThat(m).contains("s3cret"));
        }
    }

    @Test
    void notificationIsGivenUpAtItsMaximumAgeAndNotBefore() throws Exception {
        try (WebhookServer server = WebhookServer.failingFirst(Integer.MAX_VALUE)) {
            String hook = use(server, "down", WebhookFormat.JSON);
            Instant t0 = Instant.now().plus(Duration.ofDays(2));
            TestClock.travelTo(t0);
            AlertTransitioned firing = Transitions.host("db-down", "db-1", "firing", t0.toEpochMilli());
            Transitions.record(events, firing);
            job.runOnce();
            TestClock.travelTo(t0.plus(Duration.ofHours(24)).minus(Duration.ofMinutes(1)));
            job.runOnce();
            Transitions.Row almost = Transitions.rowOf(firing.eventId());
            assertThat(almost.state()).as("kept until 24 h").isEqualTo("due");
            assertThat(almost.attempts()).isEqualTo(2);
            assertThat(almost.nextAttemptMillis())
                    .as("the last try at 24 h exactly")
                    .isEqualTo(t0.toEpochMilli() + Duration.ofHours(24).toMillis() + createdLag(firing, t0));

            TestClock.travelTo(t0.plus(Duration.ofHours(24)).plusSeconds(10));
            job.runOnce();
            Transitions.Row given = Transitions.rowOf(firing.eventId());
            assertThat(given.state()).isEqualTo("failed");
            assertThat(given.attempts()).isEqualTo(3);
            assertThat(given.lastError()).startsWith("HTTP 500");
            assertThat(server.received()).hasSize(3);
            assertThat(count("webhook:" + hook, "failed")).isEqualTo(1);

            TestClock.travelTo(t0.plus(Duration.ofHours(30)));
            job.runOnce();
            assertThat(server.received()).as("nothing after giving up").hasSize(3);
        }
    }

    @Test
    void slackWebhookGetsTextAndBlocks() throws Exception {
        try (WebhookServer server = WebhookServer.failingFirst(0)) {
            use(server, "slack", WebhookFormat.SLACK);
            AlertTransitioned firing =
                    Transitions.host("disk-full", "web <2> & co", "firing", System.currentTimeMillis());
            Transitions.record(events, firing);
            job.runOnce();
            assertThat(server.received()).hasSize(1);
            var body = server.received().get(0).body();
            assertThat(body.get("text").asText()).startsWith("[FIRING] disk-full on web &lt;2&gt; &amp; co: ");
            assertThat(body.get("blocks").get(0).get("type").asText()).isEqualTo("section");
            assertThat(body.get("blocks").get(0).get("text").get("type").asText())
                    .isEqualTo("mrkdwn");
            assertThat(body.get("blocks")
                            .get(1)
                            .get("elements")
                            .get(0)
                            .get("text")
                            .asText())
                    .contains("event " + firing.eventId());
            assertThat(server.received().get(0).idempotencyKey()).isEqualTo(Long.toString(firing.eventId()));
        }
    }

    @Test
    void silencedTransitionIsRecordedButNotSent() throws Exception {
        try (WebhookServer server = WebhookServer.failingFirst(0)) {
            String hook = use(server, "silenced", WebhookFormat.JSON);
            String rule = "silenced-" + Transitions.nextEventId();
            long silence = given().header("Authorization", ADMIN)
                    .contentType("application/json")
                    .body(Map.of("rule", rule, "host", "web-1", "duration", "1h", "comment", "maintenance"))
                    .post("/api/v1/alerts/silences")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath()
                    .getLong("id");
            long now = System.currentTimeMillis();
            AlertTransitioned onSilencedHost = Transitions.host(rule, "web-1", "firing", now);
            AlertTransitioned onOtherHost = Transitions.host(rule, "web-2", "firing", now);
            AlertTransitioned otherRule = Transitions.host(rule + "-x", "web-1", "firing", now);
            for (AlertTransitioned e : List.of(onSilencedHost, onOtherHost, otherRule)) {
                Transitions.record(events, e);
            }
            job.runOnce();
            assertThat(Transitions.rowOf(onSilencedHost.eventId()).state()).isEqualTo("silenced");
            assertThat(server.received())
                    .extracting(WebhookServer.Received::id)
                    .containsExactlyInAnyOrder(onOtherHost.eventId(), otherRule.eventId());
            assertThat(count("webhook:" + hook, "silenced")).isEqualTo(1);

            given().header("Authorization", ADMIN)
                    .delete("/api/v1/alerts/silences/" + silence)
                    .then()
                    .statusCode(204);
            AlertTransitioned resolved = Transitions.host(rule, "web-1", "resolved", now + 1000);
            Transitions.record(events, resolved);
            job.runOnce();
            assertThat(Transitions.rowOf(resolved.eventId()).state()).isEqualTo("sent");
        }
    }

    @Test
    void pendingNotifiesNobodyAndAnEventIsRecordedOnce() throws Exception {
        try (WebhookServer server = WebhookServer.failingFirst(0)) {
            use(server, "once", WebhookFormat.JSON);
            AlertTransitioned pending = Transitions.host("once", "web-1", "pending", System.currentTimeMillis());
            Transitions.record(events, pending);
            assertThat(Transitions.rowsOf(pending.eventId())).isEmpty();

            AlertTransitioned firing = Transitions.host("once", "web-1", "firing", System.currentTimeMillis());
            Transitions.record(events, firing);
            Transitions.record(events, firing);
            assertThat(Transitions.rowsOf(firing.eventId())).hasSize(1);
            job.runOnce();
            job.runOnce();
            assertThat(server.received()).extracting(WebhookServer.Received::id).containsExactly(firing.eventId());
        }
    }

    @Test
    void transitionRolledBackNotifiesNobody() throws Exception {
        try (WebhookServer server = WebhookServer.failingFirst(0)) {
            use(server, "rollback", WebhookFormat.JSON);
            AlertTransitioned firing = Transitions.host("rollback", "web-1", "firing", System.currentTimeMillis());
            assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
                        events.fire(firing);
                        throw new IllegalStateException("the report's transaction fails after the alert");
                    }))
                    .hasMessageContaining("the report's transaction fails");
            assertThat(Transitions.rowsOf(firing.eventId())).isEmpty();
            job.runOnce();
            assertThat(server.received()).isEmpty();
        }
    }

    @Test
    void valueThatIsNotANumberIsSentAsNull() throws Exception {
        try (WebhookServer server = WebhookServer.failingFirst(0)) {
            String hook = use(server, "nan", WebhookFormat.JSON);
            AlertTransitioned base = Transitions.host("nan", "web-1", "firing", System.currentTimeMillis());
            AlertTransitioned nan = new AlertTransitioned(
                    base.eventId(),
                    base.ruleName(),
                    base.hostname(),
                    base.subject(),
                    null,
                    null,
                    "firing",
                    base.atMillis(),
                    Double.NaN,
                    base.severity(),
                    base.labels(),
                    base.summary());
            Transitions.record(events, nan);
            job.runOnce();
            assertThat(server.received()).hasSize(1);
            assertThat(server.received().get(0).body().get("value").isNull()).isTrue();
            given().get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("procscope_alerts_notifications_total{outcome=\"sent\","
                            + "receiver=\"webhook:" + hook + "\"} 1.0"));
        }
    }

    @Test
    void eventOutsideATransactionIsRefused() {
        receivers.use(new Receivers.Settings(
                Optional.empty(),
                Duration.ofMinutes(1),
                Map.of("nowhere", new Receivers.Webhook(URI.create("http://127.0.0.1:9/"), WebhookFormat.JSON)),
                Optional.empty()));
        AlertTransitioned firing = Transitions.host("outside", "web-1", "firing", System.currentTimeMillis());
        assertThatThrownBy(() -> events.fire(firing)).isInstanceOf(jakarta.transaction.TransactionalException.class);
        assertThat(Transitions.rowsOf(firing.eventId())).isEmpty();
    }

    @Test
    void twoSendersAtOnceSendEachNotificationOnce() throws Exception {
        try (WebhookServer server = WebhookServer.failingFirst(0)) {
            server.delay(5);
            use(server, "pair", WebhookFormat.JSON);
            List<Long> ids = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (int i = 0; i < 60; i++) {
                AlertTransitioned firing = Transitions.host("pair-" + i, "web-" + (i % 7), "firing", now);
                Transitions.record(events, firing);
                ids.add(firing.eventId());
            }
            ExecutorService replicas = Executors.newFixedThreadPool(2);
            try {
                CyclicBarrier together = new CyclicBarrier(2);
                Callable<Void> replica = () -> {
                    for (int run = 0; run < 4; run++) {
                        together.await();
                        job.runOnce();
                    }
                    return null;
                };
                List<Future<Void>> runs = replicas.invokeAll(List.of(replica, replica));
                for (Future<Void> run : runs) {
                    run.get();
                }
            } finally {
                replicas.shutdownNow();
            }
            Map<Long, Long> times = server.received().stream()
                    .collect(Collectors.groupingBy(WebhookServer.Received::id, Collectors.counting()));
            assertThat(times.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(times.values()).as("each notification sent once").containsOnly(1L);
            assertThat(ids.stream().map(Transitions::rowOf).map(Transitions.Row::state))
                    .containsOnly("sent");
        }
    }

    /** Sets the clock {@code seconds} after {@code t0}. */
    private static void at(Instant t0, long seconds) {
        TestClock.travelTo(t0.plusSeconds(seconds));
    }

    /** How long after {@code t0} the row was written (the clock runs on after travelling). */
    private static long createdLag(AlertTransitioned event, Instant t0) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) io.procscope.api.domain.Host.getEntityManager()
                                        .createNativeQuery(
                                                "select created_millis from alert_notification where event_id = ?1")
                                        .setParameter(1, event.eventId())
                                        .getSingleResult())
                                .longValue()
                        - t0.toEpochMilli());
    }

    /** Makes the server the one receiver, as webhook {@code name} plus a unique suffix; answers the name. */
    private String use(WebhookServer server, String name, WebhookFormat format) {
        String hook = name + "-" + Long.toString(Transitions.nextEventId(), 36);
        receivers.use(new Receivers.Settings(
                Optional.empty(),
                Duration.ofMinutes(1),
                Map.of(hook, new Receivers.Webhook(server.url("/hook?token=s3cret"), format)),
                Optional.of(URI.create("https://procscope.example"))));
        return hook;
    }

    private double count(String receiver, String outcome) {
        Counter counter = registry.find(DeliveryMetrics.NAME)
                .tag("receiver", receiver)
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
