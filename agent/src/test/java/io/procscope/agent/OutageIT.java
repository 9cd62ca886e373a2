package io.procscope.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.agent.ship.TestApi;
import io.procscope.dto.HostReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent process against an API that is not there yet: reports wait in the spool and arrive
 * exactly once, oldest first, when the API comes; a kill while they wait loses none of them.
 *
 * <p>Delivery is at least once on the wire: a send whose answer is lost (a timeout on a loaded
 * machine) is sent again, and the API, like the real one, stores a report id once and acknowledges
 * the repeat as a duplicate. "Exactly once" is what the API stores.
 */
class OutageIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void deliversEveryReportExactlyOnceInOrderAfterAnOutage() throws Exception {
        int port = AgentProcess.freePort();
        Path spool = work.resolve("spool");
        try (AgentProcess agent = AgentProcess.start(work, settings(port, spool))) {
            waitFor(agent, () -> spooled(spool).size() >= 4);
            Set<UUID> spooledBeforeTheApi = spooled(spool);

            try (TestApi api = TestApi.start(port)) {
                waitFor(
                        agent,
                        () -> spooled(spool).isEmpty() && api.requests().size() >= spooledBeforeTheApi.size() + 2);
                assertThat(agent.stop(Duration.ofSeconds(15)))
                        .as("stopped by SIGTERM after its shutdown hook (128 + 15): %s", agent.output())
                        .isIn(0, 143);

                List<HostReport> received = reports(api, agent);
                assertArrivedOnceInOrder(received);
                assertThat(ids(received)).containsAll(spooledBeforeTheApi);
                assertThat(received.get(0).reportId())
                        .as("the oldest spooled report goes first")
                        .isEqualTo(oldest(spooledBeforeTheApi, received));
            }
        }
    }

    @Test
    void losesNothingSpooledWhenKilledAndRestarted() throws Exception {
        int port = AgentProcess.freePort();
        Path spool = work.resolve("spool");
        Set<UUID> spooledBeforeTheKill;
        try (AgentProcess agent = AgentProcess.start(work, settings(port, spool))) {
            waitFor(agent, () -> spooled(spool).size() >= 3);
            agent.kill();
            spooledBeforeTheKill = spooled(spool);
        }
        assertThat(spooledBeforeTheKill).hasSizeGreaterThanOrEqualTo(3);

        try (AgentProcess agent = AgentProcess.start(work, settings(port, spool))) {
            waitFor(agent, () -> spooled(spool).size() > spooledBeforeTheKill.size());
            try (TestApi api = TestApi.start(port)) {
                waitFor(agent, () -> spooled(spool).isEmpty() && api.requests().size() > spooledBeforeTheKill.size());
                agent.stop(Duration.ofSeconds(15));

                List<HostReport> received = reports(api, agent);
                assertArrivedOnceInOrder(received);
                assertThat(ids(received)).containsAll(spooledBeforeTheKill);
            }
        }
    }

    private static Map<String, String> settings(int port, Path spool) {
        return Map.of(
                "PROCSCOPE_AGENT_API_URL", "http://127.0.0.1:" + port,
                "PROCSCOPE_AGENT_INTERVAL", "500ms",
                "PROCSCOPE_AGENT_TIMEOUT", "5s",
                "PROCSCOPE_AGENT_SPOOL_DIR", spool.toString(),
                "PROCSCOPE_AGENT_CREDENTIAL_FILE",
                        spool.resolveSibling("state").resolve("credential").toString(),
                "PROCSCOPE_AGENT_HOSTNAME", "outage-it",
                "PROCSCOPE_AGENT_KUBERNETES_API", "off");
    }

    private static void assertArrivedOnceInOrder(List<HostReport> received) {
        List<UUID> ids = ids(received);
        assertThat(ids).as("each report exactly once").doesNotHaveDuplicates();
        List<Long> times = received.stream().map(HostReport::collectedAtMillis).toList();
        assertThat(times).as("in the order they were collected").isSorted();
        assertThat(received).allSatisfy(r -> assertThat(r.processes()).isNotEmpty());
    }

    private static UUID oldest(Set<UUID> among, List<HostReport> received) {
        return received.stream()
                .filter(r -> among.contains(r.reportId()))
                .min((a, b) -> Long.compare(a.collectedAtMillis(), b.collectedAtMillis()))
                .orElseThrow()
                .reportId();
    }

    /** What the API stored, after checking every request was a gzip report and any repeat a retry. */
    private static List<HostReport> reports(TestApi api, AgentProcess agent) throws IOException {
        List<UUID> sent = new ArrayList<>();
        for (TestApi.Request r : api.requests()) {
            assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
            sent.add(r.report().reportId());
        }
        List<HostReport> stored = api.stored();
        assertThat(sent)
                .as("a report is sent again only when its answer was lost; agent output:%n%s", agent.output())
                .hasSizeLessThanOrEqualTo(stored.size() + 2);
        return stored;
    }

    private static List<UUID> ids(List<HostReport> reports) {
        return reports.stream().map(HostReport::reportId).toList();
    }

    /** The ids of the reports in the spool, from their file names {@code <collectedAt>-<id>.json.gz}. */
    private static Set<UUID> spooled(Path spool) {
        Set<UUID> ids = new TreeSet<>();
        if (!Files.isDirectory(spool)) {
            return ids;
        }
        try (Stream<Path> files = Files.list(spool)) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".json.gz") && !n.startsWith("."))
                    .forEach(n -> ids.add(UUID.fromString(n.substring(n.indexOf('-') + 1, n.length() - 8))));
        } catch (IOException e) {
            // listed while a file was renamed: try again next poll
        }
        return ids;
    }

    private static void waitFor(AgentProcess agent, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(agent.process().isAlive())
                    .as("the agent died:\n%s", agent.output())
                    .isTrue();
            assertThat(System.nanoTime() - deadline)
                    .as("waited %s; agent output:\n%s", DEADLINE, agent.output())
                    .isNegative();
            Thread.sleep(100);
        }
    }
}
