package io.procscope.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthServerTest {

    private static final AgentHealth HEALTHY = new AgentHealth(
            true, 4.2, 12, 1, 0.031, 1085, 10, 3, 2, 1, 1, 40960, 0, 0, null, "enrolled", null, null, 0);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answersHealthzWithTheAgentsState() throws Exception {
        AtomicReference<AgentHealth> state = new AtomicReference<>(HEALTHY);
        try (HealthServer server = HealthServer.start(0, state::get)) {
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);

            state.set(new AgentHealth(
                    false, 31, 12, 4, 0.031, 1085, 10, 3, 2, 1, 1, 40960, 0, 0, null, "enrolled", null, null, 0));
            HttpResponse<String> stuck = get(server, "/healthz");

            assertThat(stuck.statusCode()).isEqualTo(503);
            assertThat(stuck.body()).contains("no collection succeeded for 31 s");
            assertThat(get(server, "/nothing").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void saysItIsDegradedWhileTheApiRefusesItsClock() throws Exception {
        AgentHealth skewed = new AgentHealth(
                true,
                4.2,
                12,
                1,
                0.031,
                1085,
                10,
                3,
                2,
                1,
                5,
                40960,
                0,
                5,
                "stamped 3 h ahead of the API's clock",
                "enrolled",
                null,
                null,
                0);
        try (HealthServer server = HealthServer.start(0, () -> skewed)) {
            HttpResponse<String> healthz = get(server, "/healthz");

            // Not 503: restarting the agent would not set the clock right.
            assertThat(healthz.statusCode()).isEqualTo(200);
            assertThat(healthz.body()).startsWith("degraded: stamped 3 h ahead");
            assertThat(get(server, "/metrics").body())
                    .contains("procscope_agent_clock_skewed 1\n", "procscope_agent_reports_clock_skew_total 5\n");
        }
    }

    @Test
    void saysItIsDegradedWhileTheApiRefusesItsCredential() throws Exception {
        AgentHealth revoked = new AgentHealth(
                true,
                4.2,
                12,
                1,
                0.031,
                1085,
                10,
                3,
                2,
                1,
                0,
                40960,
                0,
                0,
                null,
                "revoked",
                "the credential of host node-1 was revoked by an operator; reports are kept in the spool",
                null,
                0);
        try (HealthServer server = HealthServer.start(0, () -> revoked)) {
            HttpResponse<String> healthz = get(server, "/healthz");

            // Not 503: a restart would not bring the credential back.
            assertThat(healthz.statusCode()).isEqualTo(200);
            assertThat(healthz.body()).isEqualTo("degraded: " + revoked.credentialProblem() + "\n");
            assertThat(get(server, "/metrics").body())
                    .contains(
                            "# TYPE procscope_agent_credential_state gauge\n",
                            "procscope_agent_credential_state{state=\"revoked\"} 1\n",
                            "procscope_agent_credential_state{state=\"enrolled\"} 0\n",
                            "procscope_agent_credential_state{state=\"unenrolled\"} 0\n",
                            "procscope_agent_credential_state{state=\"unknown\"} 0\n",
                            "procscope_agent_credential_state{state=\"refused\"} 0\n");
        }
    }

    @Test
    void saysItIsDegradedWhileTlsWithTheApiFails() throws Exception {
        String problem = "TLS with the API at https://procscope-api:8443 fails: the API's certificate is not signed"
                + " by a trusted CA (...); trusting the 1 certificate of ca-file /etc/procscope/ca/ca.crt";
        AgentHealth refused = new AgentHealth(
                true, 4.2, 12, 1, 0.031, 1085, 0, 3, 12, 0, 0, 40960, 0, 0, null, "unenrolled", null, problem, 7);
        try (HealthServer server = HealthServer.start(0, () -> refused)) {
            HttpResponse<String> healthz = get(server, "/healthz");

            // Not 503: a restart would not make the certificate trusted.
            assertThat(healthz.statusCode()).isEqualTo(200);
            assertThat(healthz.body()).isEqualTo("degraded: " + problem + "\n");
            assertThat(get(server, "/metrics").body())
                    .contains(
                            "# TYPE procscope_agent_tls_failing gauge\nprocscope_agent_tls_failing 1\n",
                            "# TYPE procscope_agent_tls_failures_total counter\nprocscope_agent_tls_failures_total 7\n",
                            "procscope_agent_clock_skewed 0\n");
        }
        try (HealthServer server = HealthServer.start(0, () -> HEALTHY)) {
            assertThat(get(server, "/metrics").body()).contains("procscope_agent_tls_failing 0\n");
        }
    }

    @Test
    void servesCountersInThePrometheusFormat() throws Exception {
        try (HealthServer server = HealthServer.start(0, () -> HEALTHY)) {
            HttpResponse<String> metrics = get(server, "/metrics");

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            assertThat(metrics.body())
                    .contains(
                            "# TYPE procscope_agent_reports_sent_total counter\nprocscope_agent_reports_sent_total 10\n",
                            "procscope_agent_reports_retried_total 3\n",
                            "procscope_agent_reports_spooled_total 2\n",
                            "procscope_agent_reports_dropped_total 1\n",
                            "procscope_agent_reports_rejected_total 1\n",
                            "# TYPE procscope_agent_collection_seconds gauge\nprocscope_agent_collection_seconds 0.031000\n",
                            "procscope_agent_processes 1085\n",
                            "procscope_agent_spool_bytes 40960\n",
                            "procscope_agent_healthy 1\n");
        }
    }

    @Test
    void itsMetricsPassPromtoolWithAHelpForEveryFamily() throws Exception {
        boolean installed =
                new ProcessBuilder("sh", "-c", "command -v promtool").start().waitFor() == 0;
        if (!installed && System.getenv("CI") != null) {
            throw new AssertionError("CI is set but promtool is not installed (apt-get install prometheus)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(
                installed, "promtool is not installed (apt-get install prometheus)");
        try (HealthServer server = HealthServer.start(0, () -> HEALTHY)) {
            String body = get(server, "/metrics").body();
            java.nio.file.Path file = java.nio.file.Files.createTempFile("agent-metrics-", ".txt");
            try {
                java.nio.file.Files.writeString(file, body);
                Process p = new ProcessBuilder("promtool", "check", "metrics")
                        .redirectInput(file.toFile())
                        .redirectErrorStream(true)
                        .start();
                String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

                assertThat(p.waitFor()).as(output).isZero();
                assertThat(output.strip()).as("promtool check metrics").isEmpty();
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
            java.util.List<String> types =
                    body.lines().filter(l -> l.startsWith("# TYPE ")).toList();
            assertThat(types)
                    .hasSizeGreaterThan(10)
                    .allSatisfy(t -> assertThat(body).contains("# HELP " + t.split(" ")[2] + " "));
            assertThat(body).doesNotContain("percent");
        }
    }

    private HttpResponse<String> get(HealthServer server, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
