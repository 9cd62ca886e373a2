package io.procscope.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.agent.ship.TestApi;
import io.procscope.dto.HostReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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
 * A real agent process and its host's identity: it enrolls once with the secret from a file, keeps
 * the credential across a restart, and when an operator revokes it, says so in its log, {@code
 * /healthz} and {@code /metrics}, keeps every report in the spool, and delivers them all, in order,
 * once the host is reset and it has enrolled again.
 */
class IdentityIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String SECRET = "it-enroll-secret-0123456789";
    private static final String HOST = "identity-it";

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void enrollsOnceThenKeepsEveryReportThroughARevocationUntilItEnrollsAgain() throws Exception {
        Path secretFile = Files.writeString(work.resolve("enroll-secret"), SECRET + "\n");
        Path credential = work.resolve("state/credential");
        Path spool = work.resolve("spool");
        int healthPort = AgentProcess.freePort();
        try (TestApi api = TestApi.start().requireEnrollSecret(SECRET)) {
            Map<String, String> settings = Map.of(
                    "PROCSCOPE_AGENT_API_URL",
                    api.url().toString(),
                    "PROCSCOPE_AGENT_ENROLL_SECRET_FILE",
                    secretFile.toString(),
                    "PROCSCOPE_AGENT_CREDENTIAL_FILE",
                    credential.toString(),
                    "PROCSCOPE_AGENT_ENROLL_RETRY",
                    "1s",
                    "PROCSCOPE_AGENT_INTERVAL",
                    "500ms",
                    "PROCSCOPE_AGENT_SPOOL_DIR",
                    spool.toString(),
                    "PROCSCOPE_AGENT_HOSTNAME",
                    HOST,
                    "PROCSCOPE_AGENT_HEALTH_PORT",
                    Integer.toString(healthPort),
                    "PROCSCOPE_AGENT_LOG_LEVEL",
                    "DEBUG",
                    "PROCSCOPE_AGENT_KUBERNETES_API",
                    "off");

            try (AgentProcess agent = AgentProcess.start(work, settings)) {
                waitFor(agent, () -> api.stored().size() >= 2);
                agent.stop(Duration.ofSeconds(15));
            }
            String issued = api.credentialOf(HOST);
            assertThat(api.enrollments()).hasSize(1);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credential)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credential.getParent())))
                    .isEqualTo("rwx------");

            try (AgentProcess agent = AgentProcess.start(work, settings)) {
                int before = api.stored().size();
                waitFor(agent, () -> api.stored().size() >= before + 2);
                assertThat(api.enrollments())
                        .as("a restart reuses the credential")
                        .hasSize(1);

                api.revoke(HOST);
                waitFor(agent, () -> spooled(spool).size() >= 3);
                // by then it may have tried to enroll again: 409 host-revoked says the same
                assertThat(get(healthPort, "/healthz"))
                        .startsWith("degraded: ")
                        .contains("revoked", "kept in the spool", "POST /api/v1/admin/hosts/" + HOST + "/reset");
                assertThat(get(healthPort, "/metrics"))
                        .contains("procscope_agent_credential_state{state=\"revoked\"} 1\n");
                waitFor(agent, () -> api.enrollments().size() >= 2); // 409 host-revoked: waits again
                Set<UUID> keptWhileRevoked = spooled(spool);

                api.reset(HOST);
                waitFor(agent, () -> spooled(spool).isEmpty() && api.credentialOf(HOST) != null);
                waitFor(agent, () -> get(healthPort, "/healthz").equals("ok\n"));
                assertThat(agent.stop(Duration.ofSeconds(15))).isIn(0, 143);

                List<HostReport> stored = api.stored();
                List<UUID> ids = stored.stream().map(HostReport::reportId).toList();
                assertThat(ids).doesNotHaveDuplicates().containsAll(keptWhileRevoked);
                assertThat(stored.stream().map(HostReport::collectedAtMillis).toList())
                        .as("in the order they were collected")
                        .isSorted();
                assertThat(spool.resolve("rejected")).doesNotExist();

                String output = agent.output();
                assertThat(output)
                        .containsOnlyOnce("was revoked by an operator")
                        .contains("is enrolled again")
                        .doesNotContain(SECRET)
                        .doesNotContain(issued)
                        .doesNotContain(api.credentialOf(HOST));
            }
        }
    }

    @Test
    void aRestartedAgentRetriesAnEnrollmentWhoseAnswersWereLostWithTheSameIdAndReports() throws Exception {
        Path credential = work.resolve("state/credential");
        Path enrollment = work.resolve("state/credential.enrollment");
        try (TestApi api = TestApi.start().requireEnrollSecret(SECRET)) {
            Map<String, String> settings = Map.of(
                    "PROCSCOPE_AGENT_API_URL",
                    api.url().toString(),
                    "PROCSCOPE_AGENT_ENROLL_SECRET",
                    SECRET,
                    "PROCSCOPE_AGENT_CREDENTIAL_FILE",
                    credential.toString(),
                    "PROCSCOPE_AGENT_INTERVAL",
                    "500ms",
                    "PROCSCOPE_AGENT_SPOOL_DIR",
                    work.resolve("spool").toString(),
                    "PROCSCOPE_AGENT_HOSTNAME",
                    HOST,
                    "PROCSCOPE_AGENT_HEALTH_PORT",
                    Integer.toString(AgentProcess.freePort()),
                    "PROCSCOPE_AGENT_KUBERNETES_API",
                    "off");
            // every enrollment stored by the API and its answer lost, until the agent is stopped
            api.loseEnrollmentAnswers(Integer.MAX_VALUE);
            try (AgentProcess agent = AgentProcess.start(work, settings)) {
                waitFor(agent, () -> api.enrollments().size() >= 3);
                agent.stop(Duration.ofSeconds(15));
            }
            assertThat(enrollment).exists();
            assertThat(credential).doesNotExist();
            int lost = api.enrollments().size();

            api.loseEnrollmentAnswers(0);
            try (AgentProcess agent = AgentProcess.start(work, settings)) {
                waitFor(agent, () -> api.stored().size() >= 2);
                waitFor(agent, () -> !Files.exists(enrollment));
                agent.stop(Duration.ofSeconds(15));
                assertThat(agent.output()).doesNotContain("409").doesNotContain(api.credentialOf(HOST));
            }
            assertThat(api.enrollments()).hasSize(lost + 1);
            assertThat(api.enrollments().stream()
                            .map(r -> new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)
                                    .replaceAll(".*\"enrollmentId\":\"([^\"]+)\".*", "$1"))
                            .distinct())
                    .as("one enrollment, one id, across the restart")
                    .hasSize(1);
            assertThat(Files.readString(credential)).contains(api.credentialOf(HOST));
        }
    }

    private String get(int port, String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

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
