package io.procscope.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.agent.ship.TestApi;
import io.procscope.agent.ship.TestCa;
import io.procscope.agent.ship.TestProxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent process over TLS, with a CA made for the test: through an egress proxy that wants a
 * password (given in {@code HTTPS_PROXY}, the tunnel's {@code Basic} answer the JDK refuses by
 * default), it enrolls and reports, verifying the API's certificate against {@code ca-file}; with the
 * wrong CA it sends nothing, says so once, shows it in {@code /healthz} and {@code /metrics}, and
 * keeps its reports in the spool.
 */
class TransportIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String PROXY_PASSWORD = "pr0xy-s3cret";
    private static final String SECRET = "transport-it-enroll-secret";

    @TempDir
    static Path pki;

    private static TestCa ca;
    private static TestCa otherCa;
    private static SSLContext serverTls;

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void makeCas() {
        ca = TestCa.create(pki, "it");
        otherCa = TestCa.create(pki, "it-other");
        serverTls = ca.issueServer("api", "ip:127.0.0.1,dns:localhost");
    }

    @Test
    void reportsOverTlsThroughAProxyThatWantsAPasswordNeverLoggingIt() throws Exception {
        try (TestApi api = TestApi.startTls(serverTls).requireEnrollSecret(SECRET);
                TestProxy proxy = TestProxy.start().requireBasic("agent", PROXY_PASSWORD)) {
            Map<String, String> env = settings(api, ca.pem());
            env.put("HTTPS_PROXY", "http://agent:" + PROXY_PASSWORD + "@127.0.0.1:" + proxy.port());
            env.put("NO_PROXY", "localhost,.svc.cluster.local");

            try (AgentProcess agent = AgentProcess.start(work, env)) {
                waitFor(agent, () -> api.stored().size() >= 2);
                assertThat(agent.stop(Duration.ofSeconds(15))).isIn(0, 143);

                assertThat(proxy.tunnels()).isNotEmpty().allMatch(t -> t.equals("127.0.0.1:" + api.port()));
                assertThat(proxy.challenges())
                        .as("the proxy asked for the password")
                        .isPositive();
                assertThat(proxy.forwarded()).isEmpty();
                assertThat(agent.output())
                        .contains("through the proxy http://127.0.0.1:" + proxy.port() + " (with credentials)")
                        .doesNotContain(PROXY_PASSWORD)
                        .doesNotContain(SECRET)
                        .doesNotContain("TLS with the API");
            }
        }
    }

    @Test
    void aWrongCaSendsNothingSaysSoOnceAndKeepsTheReportsSpooled() throws Exception {
        int healthPort = AgentProcess.freePort();
        try (TestApi api = TestApi.startTls(serverTls).requireEnrollSecret(SECRET)) {
            Map<String, String> env = settings(api, otherCa.pem());
            env.put("PROCSCOPE_AGENT_HEALTH_PORT", Integer.toString(healthPort));

            try (AgentProcess agent = AgentProcess.start(work, env)) {
                waitFor(agent, () -> spooled(work.resolve("spool")) >= 3);
                String healthz = get(healthPort, "/healthz");
                String metrics = get(healthPort, "/metrics");
                assertThat(agent.stop(Duration.ofSeconds(15))).isIn(0, 143);

                assertThat(api.enrollments()).isEmpty();
                assertThat(api.stored()).isEmpty();
                assertThat(healthz)
                        .startsWith("degraded: TLS with the API at " + api.url()
                                + " fails: the API's certificate is not signed by a trusted CA");
                assertThat(metrics).contains("procscope_agent_tls_failing 1\n");
                assertThat(agent.output())
                        .containsOnlyOnce("TLS with the API at " + api.url() + " fails")
                        .doesNotContain(SECRET);
            }
        }
    }

    private Map<String, String> settings(TestApi api, Path caFile) throws IOException {
        Path secret = Files.writeString(work.resolve("enroll-secret"), SECRET + "\n");
        Map<String, String> env = new HashMap<>();
        env.put("PROCSCOPE_AGENT_API_URL", api.url().toString());
        env.put("PROCSCOPE_AGENT_CA_FILE", caFile.toString());
        env.put("PROCSCOPE_AGENT_ENROLL_SECRET_FILE", secret.toString());
        env.put(
                "PROCSCOPE_AGENT_CREDENTIAL_FILE",
                work.resolve("state/credential").toString());
        env.put("PROCSCOPE_AGENT_SPOOL_DIR", work.resolve("spool").toString());
        env.put("PROCSCOPE_AGENT_INTERVAL", "500ms");
        env.put("PROCSCOPE_AGENT_HOSTNAME", "transport-it");
        env.put("PROCSCOPE_AGENT_KUBERNETES_API", "off");
        return env;
    }

    private static long spooled(Path spool) {
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json.gz"))
                    .count();
        } catch (IOException e) {
            return 0;
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
