package io.procscope.api.retention;

import static io.procscope.api.support.Reports.process;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.domain.Host;
import io.procscope.api.support.Reports;
import io.procscope.api.support.TestClock;
import io.procscope.dto.ProcessInfo;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Retention with a clock the test moves: history from three days ago is rolled up while it is
 * fresh, then purged once it is older than the raw retention (48 h), while the host's recent
 * history, its running processes and the rollups stay. The old history is checked to be there
 * before the purge (on PostgreSQL, in that day's own partitions, which the purge then drops), so
 * that its absence afterwards proves the purge. Alert history ages out too, but neither a
 * notification still due nor what an alert active now is made of.
 */
@QuarkusTest
public class RetentionTest {

    @Inject
    RetentionService retention;

    @ConfigProperty(name = "quarkus.datasource.db-kind")
    String dbKind;

    @Test
    void rollsUpThenPurgesOldHistoryAndKeepsRecentHistory() throws Exception {
        String host = uniqueHost("retention");
        Instant now = Instant.now();
        long old = now.minus(Duration.ofDays(3)).toEpochMilli();
        ProcessInfo exited = process(700, 1, "batch-job", "/opt/jobs/nightly --full", "app", 50.0, 100L << 20);
        ProcessInfo longLived = process(701, 1, "nginx", "nginx: master process", "root", 1.0, 20L << 20);

        retention.run(Instant.ofEpochMilli(old)); // time passes: partitions for that day exist
        try {
            TestClock.travelTo(Instant.ofEpochMilli(old + 30_000)); // the reports arrived back then
            store(report(host, old, List.of(exited, longLived)));
            store(report(host, old + 10_000, List.of(exited, longLived)));
            store(report(host, old + 20_000, List.of(longLived))); // the batch job exited
        } finally {
            TestClock.reset();
        }
        retention.run(Instant.ofEpochMilli(old + Duration.ofMinutes(10).toMillis()));
        store(report(host, now.toEpochMilli() - 300_000, List.of(longLived)));
        store(report(host, now.toEpochMilli() - 290_000, List.of(longLived)));
        long cutoff = now.toEpochMilli() - Duration.ofHours(48).toMillis();
        String day =
                LocalDate.ofInstant(Instant.ofEpochMilli(old), ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
        // What retention is about to purge is there: otherwise the checks below prove nothing.
        assertThat(count(
                        "select count(s) from Snapshot s where s.hostId = ?1 and s.collectedAtMillis < " + cutoff,
                        host))
                .as("the old snapshots, before retention")
                .isEqualTo(3);
        assertThat(count(
                        "select count(s) from ProcessSample s where s.hostId = ?1 and s.collectedAtMillis < " + cutoff,
                        host))
                .as("the old samples, before retention")
                .isPositive();
        if ("postgresql".equals(dbKind)) {
            for (String table : List.of("snapshot", "process_sample")) {
                assertThat(partitionsOf(table)).as("partitions of %s", table).contains(table + "_" + day);
                assertThat(rowsOfHostIn(table + "_" + day, host))
                        .as("the host's rows in the old day's partition of %s, not in the default one", table)
                        .isPositive();
            }
        }

        RetentionService.Outcome outcome = retention.run(now);

        assertThat(count(
                        "select count(s) from Snapshot s where s.hostId = ?1 and s.collectedAtMillis < " + cutoff,
                        host))
                .isZero();
        assertThat(count(
                        "select count(s) from ProcessSample s where s.hostId = ?1 and s.collectedAtMillis < " + cutoff,
                        host))
                .isZero();
        assertThat(count("select count(s) from Snapshot s where s.hostId = ?1", host))
                .isEqualTo(2);
        assertThat(count("select count(p) from ProcessIdentity p where p.hostId = ?1 and p.pid = 700", host))
                .as("an identity goes with its last sample")
                .isZero();
        assertThat(count("select count(p) from ProcessIdentity p where p.hostId = ?1 and p.pid = 701", host))
                .as("a running process keeps its identity")
                .isEqualTo(1);
        assertThat(outcome.rowsDeleted() + outcome.partitionsDropped()).isPositive();

        // The old hour is still answered, from the rollups.
        given().get(
                        "/api/v1/hosts/{host}/metrics?from={from}&to={to}",
                        host,
                        old - Duration.ofHours(1).toMillis(),
                        old + Duration.ofHours(1).toMillis())
                .then()
                .statusCode(200)
                .body("points.size()", org.hamcrest.Matchers.greaterThan(0))
                .body("points[0].cpuPercent", org.hamcrest.Matchers.equalTo(23.5f));

        if ("postgresql".equals(dbKind)) {
            for (String table : List.of("snapshot", "process_sample")) {
                Object partition = QuarkusTransaction.requiringNew()
                        .call(() -> Host.getEntityManager()
                                .createNativeQuery("select cast(to_regclass('" + table + "_" + day + "') as text)")
                                .getSingleResult());
                assertThat(partition)
                        .as("the old day's partition of %s was dropped whole", table)
                        .isNull();
                assertThat(partitionsOf(table)).doesNotContain(table + "_" + day);
            }
        }
    }

    @Test
    void oldAlertHistoryAgesOutButNeitherDueNotificationsNorWhatAnActiveAlertIsMadeOf() {
        String host = uniqueHost("retention-alerts");
        String nginxDown = host + "-nginx";
        String redisDown = host + "-redis";
        createAbsentRule(nginxDown, host, "nginx");
        createAbsentRule(redisDown, host, "redis");
        Instant now = Instant.now();
        long old = now.minus(Duration.ofDays(40)).toEpochMilli();
        long recent = now.minus(Duration.ofDays(1)).toEpochMilli();
        long secondEpisode = old + 120_000;
        ProcessInfo nginx = process(801, 1, "nginx", "nginx: master process", "root", 1.0, 20L << 20);
        ProcessInfo redis = process(802, 1, "redis", "redis-server *:6379", "redis", 1.0, 20L << 20);
        try {
            reportAt(host, old, redis); // nginx-down fires,
            reportAt(host, old + 60_000, nginx, redis); // resolves,
            reportAt(host, secondEpisode, redis); // and fires again, for good
            reportAt(host, recent, redis); // still firing
            reportAt(host, recent + 60_000); // redis-down fires (nginx-down stays)
            reportAt(host, recent + 120_000, redis); // and resolves
        } finally {
            TestClock.reset();
        }
        String ruleEvents = "select count(*) from alert_event where hostname = ?1 and rule_name = ?2";
        long firstEpisodeEvents = nativeCount(ruleEvents + " and at_millis < " + secondEpisode, host, nginxDown);
        long activeEpisodeEvents = nativeCount(ruleEvents + " and at_millis >= " + secondEpisode, host, nginxDown);
        long recentEvents = nativeCount(ruleEvents, host, redisDown);
        assertThat(firstEpisodeEvents)
                .as("nginx-down's first episode: fired, resolved")
                .isGreaterThanOrEqualTo(2);
        assertThat(activeEpisodeEvents).as("nginx-down's episode now").isPositive();
        assertThat(recentEvents).as("redis-down's recent episode").isGreaterThanOrEqualTo(2);
        assertThat(nativeCount(
                        "select count(*) from alert_state where rule_name = ?1 and state = ?2", nginxDown, "firing"))
                .isEqualTo(1);

        String other = host + "-gone-rule";
        List<Long> gone = new ArrayList<>();
        List<Long> kept = new ArrayList<>();
        gone.add(notification("webhook:ops", "sent", old, null, other, host, "firing", old));
        gone.add(notification("webhook:ops", "failed", old, null, other, host, "firing", old));
        gone.add(notification("alertmanager", "silenced", old, null, other, host, "firing", old));
        gone.add(notification("alertmanager", "sent", old, old + 60_000, other, host, "firing", old));
        gone.add(notification("webhook:ops", "sent", old, null, nginxDown, host, "firing", old));
        kept.add(notification("webhook:ops", "due", old, null, other, host, "firing", old));
        kept.add(notification(
                "alertmanager", "sent", old, now.toEpochMilli() + 60_000, other, host + "-am", "firing", old));
        kept.add(notification("webhook:ops", "sent", recent, null, other, host, "resolved", recent));
        kept.add(notification(
                "webhook:ops",
                "sent",
                secondEpisode + 30_000,
                null,
                nginxDown,
                host,
                "firing",
                secondEpisode + 30_000));

        retention.run(now);

        assertThat(nativeCount(ruleEvents + " and at_millis < " + secondEpisode, host, nginxDown))
                .as("an episode of 40 days ago, past history-kept")
                .isZero();
        assertThat(nativeCount(ruleEvents + " and at_millis >= " + secondEpisode, host, nginxDown))
                .as("the transitions of the alert firing now, however old")
                .isEqualTo(activeEpisodeEvents);
        assertThat(nativeCount(ruleEvents, host, redisDown))
                .as("a recent episode")
                .isEqualTo(recentEvents);
        assertThat(nativeCount(
                        "select count(*) from alert_state where rule_name = ?1 and state = ?2", nginxDown, "firing"))
                .as("the alert active now")
                .isEqualTo(1);
        assertThat(notificationsLeftOf(gone))
                .as("old sent, failed and silenced notifications")
                .isEmpty();
        assertThat(notificationsLeftOf(kept))
                .as("due, still posted to Alertmanager, recent, and of the alert active now")
                .containsExactlyInAnyOrderElementsOf(kept);
        given().get("/api/v1/alerts/history?host={h}&rule={r}", host, nginxDown)
                .then()
                .statusCode(200)
                .body("events.size()", org.hamcrest.Matchers.equalTo((int) activeEpisodeEvents));
        for (String rule : List.of(nginxDown, redisDown)) {
            given().header("Authorization", "Bearer " + Reports.ADMIN_KEY).delete("/api/v1/alerts/rules/{n}", rule);
        }
    }

    private static final AtomicLong EVENT_IDS = new AtomicLong(System.currentTimeMillis() * 1000 + 500_000);

    private static void createAbsentRule(String name, String host, String process) {
        given().header("Authorization", "Bearer " + Reports.ADMIN_KEY)
                .contentType(io.restassured.http.ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"hosts\":{\"hostnames\":[\"" + host + "\"]},"
                        + "\"condition\":{\"processAbsent\":{\"name\":[\"" + process + "\"]}},\"for\":\"0s\"}")
                .post("/api/v1/alerts/rules")
                .then()
                .statusCode(201);
    }

    /** Stores the host's report collected at {@code millis}, received a second later by the API's clock. */
    private static void reportAt(String host, long millis, ProcessInfo... processes) {
        TestClock.travelTo(Instant.ofEpochMilli(millis + 1000));
        store(report(host, millis, List.of(processes)));
    }

    /** Inserts an outbox row as the sender leaves it; answers its event id. */
    private static long notification(
            String receiver,
            String state,
            long createdMillis,
            Long resendMillis,
            String rule,
            String host,
            String transition,
            long atMillis) {
        long eventId = EVENT_IDS.incrementAndGet();
        QuarkusTransaction.requiringNew()
                .run(() -> Host.getEntityManager()
                        .createNativeQuery("insert into alert_notification (event_id, receiver, state, attempts,"
                                + " next_attempt_millis, sent_millis, created_millis, resend_millis, rule_name,"
                                + " hostname, subject, transition, at_millis, starts_at_millis, value, severity,"
                                + " labels, summary) values (?1, ?2, ?3, 1, ?4, ?4, ?4, " + resendMillis
                                + ", ?5, ?6, '', ?7, ?8, ?8, 0, 'warning', '{}', 'a summary')")
                        .setParameter(1, eventId)
                        .setParameter(2, receiver)
                        .setParameter(3, state)
                        .setParameter(4, createdMillis)
                        .setParameter(5, rule)
                        .setParameter(6, host)
                        .setParameter(7, transition)
                        .setParameter(8, atMillis)
                        .executeUpdate());
        return eventId;
    }

    private static List<Long> notificationsLeftOf(List<Long> eventIds) {
        List<Long> left = new ArrayList<>();
        for (long id : eventIds) {
            if (nativeCount("select count(*) from alert_notification where event_id = ?1", id) > 0) {
                left.add(id);
            }
        }
        return left;
    }

    private static long nativeCount(String sql, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> {
            jakarta.persistence.Query q = Host.getEntityManager().createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                q.setParameter(i + 1, parameters[i]);
            }
            return ((Number) q.getSingleResult()).longValue();
        });
    }

    /** The partitions of the partitioned table {@code parent}, by name. */
    static List<String> partitionsOf(String parent) {
        return QuarkusTransaction.requiringNew()
                .call(() -> Host.getEntityManager()
                        .createNativeQuery("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                                + " join pg_class p on p.oid = i.inhparent where p.relname = ?1")
                        .setParameter(1, parent)
                        .getResultList()
                        .stream()
                        .map(Object::toString)
                        .toList());
    }

    /** Rows of {@code hostname} in {@code table} itself (a partition), not in its siblings. */
    static long rowsOfHostIn(String table, String hostname) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Host host = Host.findByHostname(hostname).orElseThrow();
            return ((Number) Host.getEntityManager()
                            .createNativeQuery("select count(*) from only " + table + " where host_id = ?1")
                            .setParameter(1, host.id)
                            .getSingleResult())
                    .longValue();
        });
    }

    static long count(String query, String hostname) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Host host = Host.findByHostname(hostname).orElseThrow();
            return Host.getEntityManager()
                    .createQuery(query, Long.class)
                    .setParameter(1, host.id)
                    .getSingleResult();
        });
    }
}
