package io.procscope.api.events;

import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.procscope.api.support.InjectPostgresProxy;
import io.procscope.api.support.PostgresDatabase;
import io.procscope.api.support.PostgresProxyProfile;
import io.procscope.api.support.TcpProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The live event stream on the real PostgreSQL, where replicas hear each other's reports through
 * LISTEN/NOTIFY: the same tests, plus notifications sent as another replica sends them.
 */
@QuarkusTest
@TestProfile(PostgresProxyProfile.class)
@EnabledIfEnvironmentVariable(named = PostgresDatabase.ENV, matches = ".+")
class PostgresHostEventsTest extends HostEventsTest {

    /** An hour-old report: the host is stale, so only a notification announces it, never a catch-up. */
    static final long HOUR_MILLIS = 3_600_000;

    @InjectPostgresProxy
    TcpProxy database;

    @Test
    void hearsAReportThatAnotherReplicaStored() throws Exception {
        String host = uniqueHost("replica");
        store(report(host, typicalProcesses()));

        try (EventStream stream = EventStream.open(filtered(host))) {
            notifyAsAnotherReplica(host);

            assertThat(stream.awaitHost(host).json().path("processCount").asInt())
                    .isEqualTo(4);
        }
    }

    @Test
    void hearsOtherReplicasAgainAfterTheDatabaseConnectionBroke() throws Exception {
        String host = uniqueHost("reconnect");
        store(report(host, System.currentTimeMillis() - HOUR_MILLIS, typicalProcesses()));

        try (EventStream stream = EventStream.open(filtered(host))) {
            database.stop();
            Thread.sleep(1_000);
            database.start();

            // The listener reconnects with a back-off: notify until it hears one.
            long deadline = System.nanoTime() + EventStream.PATIENCE.toNanos();
            Optional<EventStream.Received> heard = Optional.empty();
            while (heard.isEmpty() && System.nanoTime() < deadline) {
                notifyAsAnotherReplica(host);
                heard = stream.nextEvent(Duration.ofMillis(500))
                        .filter(e -> e.name().equals("host"));
            }
            assertThat(heard).as("a host event after the reconnect").isPresent();
            assertThat(heard.get().hostname()).isEqualTo(host);
        } finally {
            database.start();
        }
    }

    @Test
    void hearsAlertsThatAnotherReplicaChanged() throws Exception {
        try (EventStream stream = EventStream.open(filtered(uniqueHost("alerts-replica")))) {
            try (Connection c = PostgresDatabase.connect()) {
                PostgresNotifications.notifyAlertsChanged(c);
            }

            JsonNode counts = stream.await("alerts", r -> true).json();
            assertThat(counts.path("firing").asLong()).isNotNegative();
            assertThat(counts.path("active").asLong())
                    .isGreaterThanOrEqualTo(counts.path("firing").asLong());
        }
    }

    /** What another replica's ingest does on commit, on a connection of its own, not through the proxy. */
    static void notifyAsAnotherReplica(String host) throws SQLException {
        try (Connection c = PostgresDatabase.connect()) {
            PostgresNotifications.notifyStored(c, host);
        }
    }
}
