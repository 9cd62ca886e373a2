package io.procscope.api.e2e;

import static io.procscope.api.support.Reports.uniqueHost;
import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.agent.Agent;
import io.procscope.agent.ship.ReportShipper;
import io.procscope.api.domain.Host;
import io.procscope.api.support.InjectPostgresProxy;
import io.procscope.api.support.PostgresDatabase;
import io.procscope.api.support.PostgresProxyProfile;
import io.procscope.api.support.RealAgent;
import io.procscope.api.support.TcpProxy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent reports to the real API while the API's PostgreSQL goes away for a while and
 * comes back: every report the agent collected is stored, once, with no gap longer than an
 * interval. What the agent collected is read from the agent itself (its count of collections, the
 * reports it logs as accepted, what is left in its spool), what was stored from the database. The
 * database is reached through a proxy the test cuts and restores.
 */
@QuarkusTest
@TestProfile(PostgresProxyProfile.class)
@EnabledIfEnvironmentVariable(named = PostgresDatabase.ENV, matches = ".+")
class PostgresAgentOutageTest {

    static final Duration INTERVAL = Duration.ofSeconds(4);

    /**
     * The agent's timeout for one send. The agent collects and sends on one thread, so a slow
     * answer delays the next collection. While PostgreSQL is away the API answers 503 within
     * milliseconds once one request has found it away (that one takes about a second through the
     * pool); a send is cut short here all the same, as the agent's own setting allows.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    /**
     * How late a collection may come: after one send cut short by {@link #TIMEOUT}, plus the
     * collection itself, about a second for this machine's thousand processes when it is busy. A
     * report missing, or a tick the agent skipped, makes a gap of about two intervals.
     */
    static final Duration LATENESS = TIMEOUT.plusMillis(1500);

    static final Duration PATIENCE = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URL api;

    @InjectPostgresProxy
    TcpProxy database;

    /** A stored snapshot of the agent's host: its report id and when it was collected, ms since the epoch. */
    record Stored(String reportId, long collectedAtMillis) {}

    @Test
    void everyReportCollectedThroughADatabaseOutageIsStoredOnceWithoutAGap(@TempDir Path spool) throws Exception {
        String hostname = uniqueHost("agent-outage");
        long cutAt;
        long restoredAt;
        try (AcceptedReports accepted = AcceptedReports.listen()) {
            Agent.Running agent =
                    RealAgent.start(api, hostname, spool, INTERVAL, Map.of("timeout", TIMEOUT.toMillis() + "ms"));
            try {
                // Steady first: a cold API may have made the first sends time out.
                await(agent, () -> spooled(spool).isEmpty() && stored(hostname).size() >= 2);
                cutAt = System.currentTimeMillis();
                database.stop();
                try {
                    await(
                            agent,
                            () -> spooled(spool).values().stream()
                                            .filter(collectedAt -> collectedAt > cutAt)
                                            .count()
                                    >= 3);
                } finally {
                    database.start();
                }
                restoredAt = System.currentTimeMillis();
                await(
                        agent,
                        () -> spooled(spool).isEmpty()
                                && stored(hostname).stream()
                                                .filter(s -> s.collectedAtMillis() > restoredAt)
                                                .count()
                                        >= 2);
            } finally {
                agent.close();
            }
            long collected = agent.collections();
            ReportShipper.Stats shipped = agent.stats();
            List<Stored> stored = stored(hostname);
            Set<String> left = spooled(spool).keySet();
            Set<String> storedIds =
                    new HashSet<>(stored.stream().map(Stored::reportId).toList());

            assertThat(shipped.failedAttempts())
                    .as("sends that failed during the outage")
                    .isPositive();
            assertThat(shipped.spooled()).as("reports that waited in the spool").isGreaterThanOrEqualTo(3);
            assertThat(shipped.rejected() + shipped.dropped() + shipped.lost())
                    .as("reports rejected, dropped or lost: %s", shipped)
                    .isZero();
            assertThat(stored.stream().map(Stored::reportId).toList())
                    .as("each report stored once")
                    .doesNotHaveDuplicates();
            assertThat(storedIds)
                    .as("stored: what the API acknowledged to the agent")
                    .isEqualTo(accepted.ids());
            assertThat(left).as("still in the spool when the agent stopped").doesNotContainAnyElementsOf(storedIds);
            assertThat(stored.size() + left.size())
                    .as("stored, plus what the agent had not sent yet when it stopped: every report it collected")
                    .isEqualTo(collected);
            assertThat(left).hasSizeLessThanOrEqualTo(1);
            assertThat(stored.stream().filter(s -> s.collectedAtMillis() > cutAt && s.collectedAtMillis() < restoredAt))
                    .as("reports collected while the database was away")
                    .hasSizeGreaterThanOrEqualTo(3);
            for (int i = 1; i < stored.size(); i++) {
                long gap = stored.get(i).collectedAtMillis() - stored.get(i - 1).collectedAtMillis();
                assertThat(gap)
                        .as("time between stored reports %d and %d of %s", i - 1, i, stored)
                        .isPositive()
                        .isLessThanOrEqualTo(INTERVAL.plus(LATENESS).toMillis());
            }
        }
    }

    /** The host's stored snapshots, oldest first; empty while the database cannot be reached. */
    private static List<Stored> stored(String hostname) {
        try {
            return QuarkusTransaction.requiringNew()
                    .call(() -> Host.getEntityManager()
                            .createQuery(
                                    "select s.reportId, s.collectedAtMillis from Snapshot s, Host h"
                                            + " where h.id = s.hostId and h.hostname = ?1 order by s.collectedAtMillis",
                                    Object[].class)
                            .setParameter(1, hostname)
                            .getResultList()
                            .stream()
                            .map(row -> new Stored((String) row[0], (Long) row[1]))
                            .toList());
        } catch (RuntimeException e) {
            return List.of(); // a pooled connection the cut broke: the pool opens another
        }
    }

    /**
     * The reports waiting in the agent's spool: when each was collected (ms since the epoch) by its
     * id, from their file names {@code <collectedAt>-<id>.json.gz}.
     */
    private static Map<String, Long> spooled(Path spool) {
        Map<String, Long> reports = new HashMap<>();
        if (!Files.isDirectory(spool)) {
            return reports;
        }
        try (Stream<Path> files = Files.list(spool)) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".json.gz") && !n.startsWith("."))
                    .forEach(n -> reports.put(
                            n.substring(n.indexOf('-') + 1, n.length() - ".json.gz".length()),
                            Long.parseLong(n.substring(0, n.indexOf('-')))));
        } catch (IOException e) {
            // listed while a file was renamed: the next poll sees it
        }
        return reports;
    }

    private static void await(Agent.Running agent, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(agent.isRunning())
                    .as("the agent's loop died: %s", agent.failure())
                    .isTrue();
            assertThat(System.nanoTime() - deadline)
                    .as("waited %s; agent: %s", PATIENCE, agent.stats())
                    .isNegative();
            Thread.sleep(200);
        }
    }

    /**
     * The ids of the reports that the agent's shipper logs as accepted by the API, one line each at
     * FINE, whether sent at once or from the spool.
     */
    static final class AcceptedReports extends Handler implements AutoCloseable {

        private static final Pattern ACCEPTED = Pattern.compile("^report ([0-9a-f-]{36}) accepted");

        private final Logger logger = Logger.getLogger(ReportShipper.class.getName());
        private final Level level = logger.getLevel();
        private final Set<String> ids = ConcurrentHashMap.newKeySet();

        static AcceptedReports listen() {
            AcceptedReports reports = new AcceptedReports();
            reports.logger.setLevel(Level.FINE);
            reports.logger.addHandler(reports);
            return reports;
        }

        Set<String> ids() {
            return Set.copyOf(ids);
        }

        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (message == null) {
                return;
            }
            Matcher m = ACCEPTED.matcher(message);
            if (m.find()) {
                ids.add(m.group(1));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(level);
        }
    }
}
