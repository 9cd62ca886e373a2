package io.procscope.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.agent.config.AgentConfig;
import io.procscope.agent.config.ConfigException;
import io.procscope.agent.ship.TestApi;
import io.procscope.dto.HostReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTest {

    @TempDir
    Path spoolDir;

    @Test
    void loopShipsReportsEveryIntervalAndStopsCleanly() throws Exception {
        try (TestApi api = TestApi.start()) {
            AgentConfig config = AgentConfig.fromMap(Map.of(
                    "api-url",
                    api.url().toString(),
                    "enroll-secret",
                    "loop-key",
                    "credential-file",
                    spoolDir.resolve("state/credential").toString(),
                    "interval",
                    "300ms",
                    "spool-dir",
                    spoolDir.toString()));

            Agent.Running running = Agent.start(config);
            waitFor(() -> api.requests().size() >= 3, Duration.ofSeconds(20));
            long start = System.nanoTime();
            running.close();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(running.isRunning()).isFalse();
            assertThat(running.failure()).isNull();
            List<TestApi.Request> requests = api.requests();
            Set<UUID> ids = new HashSet<>();
            long previousAt = 0;
            assertThat(api.enrollments())
                    .singleElement()
                    .satisfies(e -> assertThat(e.header("Authorization")).isEqualTo("Bearer loop-key"));
            String hostname = requests.get(0).report().host().hostname();
            for (TestApi.Request r : requests) {
                assertThat(r.header("Authorization")).isEqualTo("Bearer " + api.credentialOf(hostname));
                HostReport report = r.report();
                assertThat(report.processes()).isNotEmpty();
                assertThat(report.collectedAtMillis()).isGreaterThan(previousAt);
                previousAt = report.collectedAtMillis();
                ids.add(report.reportId());
            }
            assertThat(ids).as("a fresh id per report").hasSize(requests.size());
            assertThat(running.stats().sent()).isEqualTo(requests.size());
            assertThat(Files.list(spoolDir).filter(p -> p.toString().endsWith(".json.gz")))
                    .isEmpty();
        }
    }

    @Test
    void loopSpoolsWhileTheApiIsAway() throws Exception {
        AgentConfig config = AgentConfig.fromMap(Map.of(
                "api-url", "http://127.0.0.1:9", // discard port: nothing listens
                "interval", "200ms",
                "timeout", "500ms",
                "spool-dir", spoolDir.toString(),
                "credential-file", spoolDir.resolve("state/credential").toString()));

        try (Agent.Running running = Agent.start(config)) {
            waitFor(() -> running.stats().spooled() >= 2, Duration.ofSeconds(20));

            assertThat(running.stats().apiReachable()).isFalse();
            assertThat(running.stats().sent()).isZero();
        }
        try (var files = Files.list(spoolDir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".json.gz"))).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void idlesWhileWaitingOutTheBackoff() throws Exception {
        try (TestApi api = TestApi.start()) {
            for (int i = 0; i < 100; i++) {
                api.thenProblem(503, "Unavailable", "restarting");
            }
            AgentConfig config = AgentConfig.fromMap(Map.of(
                    "api-url",
                    api.url().toString(),
                    "interval",
                    "1s",
                    "spool-dir",
                    spoolDir.toString(),
                    "credential-file",
                    spoolDir.resolve("state/credential").toString()));

            try (Agent.Running running = Agent.start(config)) {
                waitFor(() -> running.stats().failedAttempts() >= 1, Duration.ofSeconds(20));
                long cpu0 = loopThreadCpuNanos();
                Thread.sleep(2000);
                long cpuNanos = loopThreadCpuNanos() - cpu0;

                // two collections and a few retries: a fraction of the 2 s, not a spinning core
                assertThat(Duration.ofNanos(cpuNanos)).isLessThan(Duration.ofMillis(800));
                assertThat(running.stats().spooled()).isGreaterThanOrEqualTo(2);
            }
        }
    }

    private static long loopThreadCpuNanos() {
        Thread loop = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("procscope-agent"))
                .findFirst()
                .orElseThrow();
        return java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(loop.getId());
    }

    @Test
    void servesHealthAndCountersWhileRunning() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (TestApi api = TestApi.start()) {
            api.thenProblem(503, "Unavailable", "restarting");
            AgentConfig config = AgentConfig.fromMap(Map.of(
                    "api-url",
                    api.url().toString(),
                    "interval",
                    "300ms",
                    "health-port",
                    Integer.toString(port),
                    "spool-dir",
                    spoolDir.toString(),
                    "credential-file",
                    spoolDir.resolve("state/credential").toString()));

            try (Agent.Running running = Agent.start(config)) {
                waitFor(() -> running.stats().sent() >= 2, Duration.ofSeconds(20));
                var http = java.net.http.HttpClient.newHttpClient();
                var healthz = http.send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + port + "/healthz"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                var metrics = http.send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());

                assertThat(running.healthPort()).isEqualTo(port);
                assertThat(healthz.statusCode()).isEqualTo(200);
                assertThat(metrics.body())
                        .contains("procscope_agent_reports_retried_total 1\n")
                        .containsPattern("procscope_agent_reports_spooled_total [1-9]")
                        .containsPattern("procscope_agent_reports_sent_total ([2-9]|[1-9][0-9]+)\\b")
                        .containsPattern("procscope_agent_processes [1-9]");
                assertThat(running.health().healthy()).isTrue();
            }
        }
    }

    @Test
    void unusableSpoolDirectoryIsAConfigurationError() throws IOException {
        Path aFile = Files.writeString(spoolDir.resolve("file"), "x");
        AgentConfig config =
                AgentConfig.fromMap(Map.of("spool-dir", aFile.resolve("spool").toString()));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Agent.start(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid spool-dir");
    }

    @Test
    void versionIsDevOutsideTheJar() {
        assertThat(Agent.version()).isEqualTo("dev");
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited " + timeout).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
