package io.procscope.api.retention;

import static io.procscope.api.support.Reports.process;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.domain.Host;
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
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Retention with a clock the test moves: history from three days ago is rolled up while it is
 * fresh, then purged once it is older than the raw retention (48 h), while the host's recent
 * history, its running processes and the rollups stay. The old history is checked to be there
 * before the purge (on PostgreSQL, in that day's own partitions, which the purge then drops), so
 * that its absence afterwards proves the purge.
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
