package io.procscope.api.e2e;

import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.support.Reports;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded flavour as deploy/docker/api-embedded.Dockerfile runs it: {@code java -jar
 * target/embedded/quarkus-run.jar}, its default profile the embedded one, its SQLite file in a data
 * directory of its own (the image's volume; a temporary directory here), nothing else running.
 * The native build packages no embedded jar ({@value #JAR_PROPERTY} is empty there).
 */
class EmbeddedApplicationIT {

    /** System property naming the embedded jar; failsafe sets it (api/pom.xml). */
    static final String JAR_PROPERTY = "embedded.jar";

    /** A slow, shared build machine starts it in well under this. */
    static final Duration START = Duration.ofMinutes(3);

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path data;

    @Test
    void servesTheDashboardFromTheSqliteFileInItsDataDirectory() throws Exception {
        int port = freePort();
        Process app = start(Map.of(
                "PROCSCOPE_ENROLL_SECRETS", Reports.ENROLL_SECRET,
                "PROCSCOPE_DEV_DATABASE", data.resolve("procscope.db").toString(),
                "QUARKUS_HTTP_PORT", Integer.toString(port)));
        try {
            HttpResponse<String> ready = awaitReady(app, port);
            assertThat(JSON.readTree(ready.body()).path("status").asText()).isEqualTo("UP");

            String host = uniqueHost("embedded");
            Reports.store(new URL("http://localhost:" + port + "/"), report(host, typicalProcesses()));

            HttpResponse<String> page = get(port, "/hosts/" + host);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(page.body())
                    .contains("data-testid=\"process-table\"", "postgres -D /var/lib/postgresql/15/main");
            assertThat(JSON.readTree(get(port, "/api/v1/hosts/" + host).body())
                            .path("processCount")
                            .asInt())
                    .isEqualTo(4);
            // The fleet search's one statement, on SQLite (no trigram index: it reads the rows).
            HttpResponse<String> search = get(port, "/api/v1/search?q=POSTGRES%20-D");
            assertThat(search.statusCode()).isEqualTo(200);
            assertThat(search.headers().firstValue("X-Search-Complete")).hasValue("true");
            JsonNode found = JSON.readTree(search.body());
            assertThat(found.findValuesAsText("hostname")).contains(host);
            assertThat(found.get(0).path("processes").get(0).path("name").asText())
                    .isEqualTo("postgres");
            assertThat(data.resolve("procscope.db")).isNotEmptyFile();
            assertThat(output(app)).contains("Profile embedded activated", "embedded SQLite file");
        } finally {
            stop(app);
        }
    }

    @Test
    void refusesToStartWithoutAnEnrollmentSecretOfItsOwn() throws Exception {
        Process app = start(Map.of(
                "PROCSCOPE_DEV_DATABASE", data.resolve("procscope.db").toString(),
                "QUARKUS_HTTP_PORT", Integer.toString(freePort())));
        try {
            assertThat(app.waitFor(START.toSeconds(), TimeUnit.SECONDS))
                    .as("it stops by itself")
                    .isTrue();
            assertThat(app.exitValue()).isNotZero();
            assertThat(output(app)).contains("No enrollment secret is configured");
        } finally {
            stop(app);
        }
    }

    private Process start(Map<String, String> env) throws IOException {
        String jar = System.getProperty(JAR_PROPERTY, "").strip();
        assumeFalse(jar.isEmpty(), JAR_PROPERTY + " is empty: this build packages no embedded jar (-Pnative)");
        assertThat(Path.of(jar)).as("the embedded build's jar").isRegularFile();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-jar",
                jar));
        ProcessBuilder pb = new ProcessBuilder(command).directory(data.toFile());
        // Only what the test gives it: not the build's PROCSCOPE_TEST_* or a developer's settings.
        pb.environment().keySet().removeIf(k -> k.startsWith("PROCSCOPE_") || k.startsWith("QUARKUS_"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(data.resolve("embedded.log").toFile());
        return pb.start();
    }

    private HttpResponse<String> awaitReady(Process app, int port) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(app.isAlive())
                    .as("the embedded application runs; it printed:\n%s", output(app))
                    .isTrue();
            try {
                HttpResponse<String> ready = get(port, "/q/health/ready");
                if (ready.statusCode() == 200) {
                    return ready;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not ready within " + START + "; it printed:\n" + output(app));
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String output(Process app) {
        try {
            return Files.readString(data.resolve("embedded.log"));
        } catch (IOException e) {
            return "(cannot read its log: " + e + ")";
        }
    }

    private static void stop(Process app) throws InterruptedException {
        app.destroy();
        if (!app.waitFor(30, TimeUnit.SECONDS)) {
            app.destroyForcibly();
            app.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
