package io.procscope.api.alerts.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Alertmanager ({@code prometheus-alertmanager}), started by a test on 127.0.0.1 with a
 * free port, a temporary configuration (one receiver that sends nowhere) and storage, and no
 * cluster gossip. Where it is missing a test is skipped with the reason, except in CI ({@code CI}
 * set), where it fails: a missing install step must not pass for green.
 */
final class Alertmanager implements AutoCloseable {

    static final Path BINARY =
            Path.of(System.getProperty("procscope.alertmanager", "/usr/bin/prometheus-alertmanager"));

    private static final String CONFIG = """
            route:
              receiver: nowhere
              group_wait: 1h
            receivers:
              - name: nowhere
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path home;
    private final URI url;

    private Alertmanager(Process process, Path home, URI url) {
        this.process = process;
        this.home = home;
        this.url = url;
    }

    /** Skips (locally) or fails (in CI) when Alertmanager is not installed. */
    static void requireInstalled() {
        String reason = "Alertmanager tests need " + BINARY
                + " (Debian: apt-get install prometheus-alertmanager; .ci/run installs it)";
        boolean installed = Files.isExecutable(BINARY);
        if (!installed && System.getenv("CI") != null) {
            Assertions.fail("CI is set but Alertmanager is missing. " + reason);
        }
        Assumptions.assumeTrue(installed, reason);
    }

    /** A new Alertmanager, ready to take alerts. */
    static Alertmanager start() throws IOException, InterruptedException {
        requireInstalled();
        Path home = Files.createTempDirectory("procscope-alertmanager-");
        Path config = Files.writeString(home.resolve("alertmanager.yml"), CONFIG);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process process = new ProcessBuilder(
                        BINARY.toString(),
                        "--config.file=" + config,
                        "--storage.path=" + home.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address=",
                        "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("alertmanager.log").toFile())
                .start();
        Alertmanager am = new Alertmanager(process, home, URI.create("http://127.0.0.1:" + port));
        am.awaitReady();
        return am;
    }

    /** Its base URL, for {@code procscope.alerts.alertmanager.url}. */
    URI url() {
        return url;
    }

    /** The alerts it holds named {@code alertname}: active ones (not resolved), as its API v2 lists them. */
    List<JsonNode> alerts(String alertname) throws IOException, InterruptedException {
        String filter = URLEncoder.encode("alertname=\"" + alertname + "\"", StandardCharsets.UTF_8);
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(url.resolve("/api/v2/alerts?filter=" + filter))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("Alertmanager answered " + answer.statusCode() + ": " + answer.body());
        }
        List<JsonNode> alerts = new ArrayList<>();
        JSON.readTree(answer.body()).forEach(alerts::add);
        return alerts;
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Alertmanager exited with " + process.exitValue() + ": " + log());
            }
            try {
                HttpResponse<Void> ready = HTTP.send(
                        HttpRequest.newBuilder(url.resolve("/-/ready")).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("Alertmanager was not ready within 30 s: " + log());
    }

    private String log() throws IOException {
        Path log = home.resolve("alertmanager.log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
