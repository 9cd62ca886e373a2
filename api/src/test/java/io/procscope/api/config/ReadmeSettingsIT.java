package io.procscope.api.config;

import static io.procscope.api.config.ReadmeSettingSamples.ADMIN_KEY;
import static io.procscope.api.config.ReadmeSettingSamples.CORS_ORIGIN;
import static io.procscope.api.config.ReadmeSettingSamples.DASHBOARD_URL;
import static io.procscope.api.config.ReadmeSettingSamples.ENROLL_SECRET;
import static io.procscope.api.config.ReadmeSettingSamples.FILE_ADMIN_KEY;
import static io.procscope.api.config.ReadmeSettingSamples.FILE_ENROLL_SECRET;
import static io.procscope.api.config.ReadmeSettingSamples.FILE_READ_KEY;
import static io.procscope.api.config.ReadmeSettingSamples.MAX_PROCESSES;
import static io.procscope.api.config.ReadmeSettingSamples.MAX_REPORT_BYTES;
import static io.procscope.api.config.ReadmeSettingSamples.NEW_HOSTS_PER_MINUTE;
import static io.procscope.api.config.ReadmeSettingSamples.OLD_API_KEY;
import static io.procscope.api.config.ReadmeSettingSamples.READ_KEY;
import static io.procscope.api.config.ReadmeSettingSamples.RULE;
import static io.procscope.api.config.ReadmeSettingSamples.WEBHOOK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.procscope.api.support.PostgresDatabase;
import io.procscope.api.support.ReadmeSettings;
import io.procscope.api.support.Reports;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every API setting the README lists works in every form the README names. The packaged production
 * application is started once per form (system property, environment variable, {@code
 * config/application.properties} in its working directory) with every row of the README's API and
 * alert settings tables set to a value other than its default, and must start (a key no mapping
 * claims stops it with SRCFG00050) and act on each value that shows from outside. The embedded jar
 * is started with its database file in the two forms {@code EmbeddedApplicationIT} (environment)
 * does not use. The rows are read from README.md itself: a new row without a sample fails {@link
 * ReadmeSettingsTest}, and one that does not work in a form fails here.
 */
@EnabledIfEnvironmentVariable(named = PostgresDatabase.ENV, matches = ".+")
class ReadmeSettingsIT {

    /** The forms the README names for the API's settings. */
    enum Form {
        SYSTEM_PROPERTY,
        ENVIRONMENT_VARIABLE,
        PROPERTIES_FILE
    }

    /** A slow, shared build machine starts it in well under this. */
    private static final Duration START = Duration.ofMinutes(3);

    /** How long a value set to a second or so may take to show. */
    private static final Duration SOON = Duration.ofSeconds(20);

    private static final List<ReadmeSettings.Row> ROWS = ReadmeSettings.apiRows();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A database of its own, emptied once for this class: the other *IT tests clean theirs at start. */
    private static final String DATABASE =
            System.getenv().getOrDefault("PROCSCOPE_TEST_POSTGRES_DATABASE", "procscope_test") + "_settings";

    private static final String DATABASE_USER =
            System.getenv().getOrDefault("PROCSCOPE_TEST_POSTGRES_USER", "postgres");

    @TempDir
    Path dir;

    private HttpServer receiver;
    private final Queue<String[]> received = new ConcurrentLinkedQueue<>();
    private Process app;
    private Path log;
    private int port;

    @BeforeAll
    static void createTheDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(server() + "postgres", DATABASE_USER, "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DATABASE);
            s.execute("create database " + DATABASE);
        }
    }

    @BeforeEach
    void startTheReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new String[] {
                    exchange.getRequestURI().getPath(), new String(in.readAllBytes(), StandardCharsets.UTF_8)
                });
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        port = freePort();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly();
                app.waitFor(10, TimeUnit.SECONDS);
            }
        }
        receiver.stop(0);
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void productionActsOnEveryReadmeSettingGivenAsA(Form form) throws Exception {
        ReadmeSettingSamples.Place place = new ReadmeSettingSamples.Place(
                dir,
                port,
                receiver.getAddress().getPort(),
                server() + DATABASE + "?reWriteBatchedInserts=true",
                DATABASE_USER);
        for (var file : ReadmeSettingSamples.files().entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
        start(productionCommand(), form, ReadmeSettingSamples.forRows(ROWS, place));

        // quarkus.datasource.*: readiness checks the database; quarkus.http.port: it answers there
        awaitReady();
        assertThat(output())
                .doesNotContain("SRCFG", "Unrecognized configuration key")
                .contains("Profile prod activated")
                // procscope.api-keys, read under its old name
                .contains("procscope.api-keys (PROCSCOPE_API_KEYS) is deprecated");

        // procscope.read.keys, procscope.read.keys-file
        assertThat(get("/api/v1/hosts", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/hosts", READ_KEY).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/hosts", FILE_READ_KEY).statusCode()).isEqualTo(200);
        // procscope.admin.keys, procscope.admin.keys-file: a read key is no admin key once they are set
        assertThat(get("/api/v1/admin/hosts", ADMIN_KEY).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/admin/hosts", FILE_ADMIN_KEY).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/admin/hosts", READ_KEY).statusCode()).isEqualTo(401);

        // procscope.enroll-secrets, -file, api-keys; procscope.ingest.new-hosts-per-minute per secret
        String host = Reports.uniqueHost("readme-" + form.name().toLowerCase().replace('_', '-'));
        String credential = enroll(host, ENROLL_SECRET, 201);
        for (int i = 1; i < NEW_HOSTS_PER_MINUTE; i++) {
            enroll(host + "-" + i, ENROLL_SECRET, 201);
        }
        enroll(host + "-over", ENROLL_SECRET, 429);
        enroll(host + "-file", FILE_ENROLL_SECRET, 201);
        enroll(host + "-old", OLD_API_KEY, 201);

        assertThat(report(credential, Reports.report(host, Reports.typicalProcesses()))
                        .statusCode())
                .isEqualTo(202);
        // procscope.ingest.max-processes
        HttpResponse<String> tooMany =
                report(credential, Reports.report(host, processes(MAX_PROCESSES + 1, "worker --threads 4")));
        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(tooMany.body()).contains("at most " + MAX_PROCESSES + " are accepted");
        // procscope.ingest.max-report-size: fewer processes than the limit, more bytes
        HttpResponse<String> tooLarge = report(
                credential,
                Reports.report(
                        host,
                        processes(MAX_PROCESSES, "worker " + "x".repeat(ProcessInfo.MAX_COMMAND_LINE_LENGTH - 8))));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("larger than " + MAX_REPORT_BYTES + " bytes");
        // procscope.ingest.max-clock-skew (1m): two minutes ahead is too far
        long now = System.currentTimeMillis();
        assertThat(problemType(report(credential, Reports.report(host, now + 120_000, Reports.typicalProcesses()))))
                .isEqualTo("urn:procscope:problem:clock-skew");
        // procscope.retention.raw (24h): a report of 30 hours ago has expired
        assertThat(problemType(
                        report(credential, Reports.report(host, now - 30 * 3_600_000L, Reports.typicalProcesses()))))
                .isEqualTo("urn:procscope:problem:report-expired");

        HttpResponse<String> processes = get("/api/v1/hosts/" + host + "/processes", READ_KEY);
        assertThat(JSON.readTree(processes.body()).path("total").asInt()).isEqualTo(4);
        // procscope.metrics.per-host and refresh; procscope.cache.max-bytes (1K) holds no host's state
        String metrics = eventually(
                () -> get("/q/metrics", null).body(),
                m -> m.contains("procscope_host_processes{host=\"" + host + "\"}"),
                "the per-host gauge of " + host);
        assertThat(Pattern.compile("^procscope_cache_bytes(\\{[^}]*})? 0\\.0$", Pattern.MULTILINE)
                        .matcher(metrics)
                        .find())
                .as("procscope_cache_bytes is 0 with max-bytes 1K:%n%s", grep(metrics, "procscope_cache"))
                .isTrue();

        // procscope.cors.origins
        HttpResponse<String> preflight = HTTP.send(
                HttpRequest.newBuilder(url("/api/v1/hosts"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", CORS_ORIGIN)
                        .header("Access-Control-Request-Method", "GET")
                        .header("Access-Control-Request-Headers", "authorization")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .contains(CORS_ORIGIN);

        // procscope.events.heartbeat (1s) and max-subscribers (1)
        HttpResponse<InputStream> stream = HTTP.send(
                HttpRequest.newBuilder(url("/api/v1/events"))
                        .header("Authorization", "Bearer " + READ_KEY)
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = stream.body()) {
            assertThat(stream.statusCode()).isEqualTo(200);
            CompletableFuture<String> heartbeat = CompletableFuture.supplyAsync(() -> firstLineWith(body, "heartbeat"));
            assertThat(heartbeat.get(8, TimeUnit.SECONDS))
                    .as("a heartbeat within 8 s")
                    .contains("heartbeat");
            HttpResponse<String> second = get("/api/v1/events", READ_KEY);
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.headers().firstValue("Retry-After")).isPresent();
        }

        // procscope.alerts.rules-file; alertmanager.url, webhooks."<name>".url and .format,
        // dashboard.url, delivery-every: the file's rule fires for the host, which runs no such process
        JsonNode rules = JSON.readTree(get("/api/v1/alerts/rules", READ_KEY).body());
        assertThat(rules.findParents("name"))
                .as("the rules: %s", rules)
                .anySatisfy(rule -> assertThat(rule.path("name").asText() + " from "
                                + rule.path("source").asText())
                        .isEqualTo(RULE + " from file"));
        String toAlertmanager = eventually(
                () -> bodyTo("/api/v2/alerts", host), b -> !b.isEmpty(), "an alert of " + host + " at Alertmanager");
        assertThat(toAlertmanager).contains(RULE, DASHBOARD_URL);
        String toWebhook = eventually(
                () -> bodyTo("/hooks/" + WEBHOOK, host), b -> !b.isEmpty(), "an alert of " + host + " at the webhook");
        assertThat(JSON.readTree(toWebhook).has("blocks"))
                .as("a Slack body: %s", toWebhook)
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(
            value = Form.class,
            names = {"SYSTEM_PROPERTY", "PROPERTIES_FILE"})
    void embeddedStoresIntoTheDatabaseFileGivenAsA(Form form) throws Exception {
        String jar = System.getProperty("embedded.jar", "").strip();
        assumeFalse(jar.isEmpty(), "embedded.jar is empty: this build packages no embedded jar (-Pnative)");
        Path database = dir.resolve("data/readme.db");
        Files.createDirectories(database.getParent());
        Map<ReadmeSettings.Row, String> values = new LinkedHashMap<>();
        for (ReadmeSettings.Row row : ROWS) {
            switch (row.setting()) {
                case "procscope.dev.database" -> values.put(row, database.toString());
                case "procscope.enroll-secrets" -> values.put(row, ENROLL_SECRET);
                case "quarkus.http.port" -> values.put(row, Integer.toString(port));
                default -> {}
            }
        }
        assertThat(values).hasSize(3);
        start(List.of(java(), "-jar", jar), form, values);

        awaitReady();
        assertThat(output()).contains("Profile embedded activated").doesNotContain("SRCFG");
        String host = Reports.uniqueHost("readme-embedded");
        assertThat(report(enroll(host, ENROLL_SECRET, 201), Reports.report(host, Reports.typicalProcesses()))
                        .statusCode())
                .isEqualTo(202);
        assertThat(database).isNotEmptyFile();
    }

    // ---- the application ----------------------------------------------------------------------

    /** The packaged production application, as failsafe's other *IT tests run it: jar or native binary. */
    private static List<String> productionCommand() throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        Properties artifact = new Properties();
        try (var in = Files.newBufferedReader(target.resolve("quarkus-artifact.properties"))) {
            artifact.load(in);
        }
        Path path = target.resolve(artifact.getProperty("path"));
        assertThat(path).as("the packaged application").isRegularFile();
        return "native".equals(artifact.getProperty("type"))
                ? List.of(path.toString())
                : List.of(java(), "-jar", path.toString());
    }

    private void start(List<String> command, Form form, Map<ReadmeSettings.Row, String> values) throws IOException {
        List<String> cmd = new ArrayList<>(command);
        cmd.add(1, "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        ProcessBuilder pb = new ProcessBuilder().directory(dir.toFile());
        // Only what the test gives it: not the build's PROCSCOPE_TEST_* or a developer's settings.
        pb.environment().keySet().removeIf(k -> k.startsWith("PROCSCOPE_") || k.startsWith("QUARKUS_"));
        switch (form) {
            // before -jar, or a native binary's first arguments
            case SYSTEM_PROPERTY -> values.forEach((row, v) -> cmd.add(1, "-D" + row.property(WEBHOOK) + "=" + v));
            case ENVIRONMENT_VARIABLE ->
                values.forEach((row, v) -> {
                    // a row that names no environment variable needs none
                    if (!row.env().isEmpty()) {
                        pb.environment().put(row.env(WEBHOOK), v);
                    }
                });
            case PROPERTIES_FILE -> {
                Properties p = new Properties();
                values.forEach((row, v) -> p.setProperty(row.property(WEBHOOK), v));
                Files.createDirectories(dir.resolve("config"));
                try (Writer out = Files.newBufferedWriter(dir.resolve("config/application.properties"))) {
                    p.store(out, "every setting of the README's tables");
                }
            }
        }
        log = dir.resolve("app-" + form + ".log");
        app = pb.command(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(app.isAlive())
                    .as("the application runs; it printed:%n%s", output())
                    .isTrue();
            try {
                if (get("/q/health/ready", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not ready within " + START + "; it printed:\n" + output());
    }

    private String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read its log: " + e + ")";
        }
    }

    // ---- requests ------------------------------------------------------------------------------

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String bearer, String json)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(url(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + bearer)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Enrolls {@code hostname} with {@code secret}, expecting {@code status}; the credential on a 201. */
    private String enroll(String hostname, String secret, int status) throws IOException, InterruptedException {
        HttpResponse<String> r = post(
                "/api/v1/enroll",
                secret,
                JSON.writeValueAsString(Map.of("hostname", hostname, "agentVersion", "0.1.0-test")));
        assertThat(r.statusCode()).as("enrolling %s: %s", hostname, r.body()).isEqualTo(status);
        return status == 201 ? JSON.readTree(r.body()).path("credential").asText() : null;
    }

    private HttpResponse<String> report(String credential, HostReport report) throws IOException, InterruptedException {
        return post("/api/v1/reports", credential, Reports.json(report));
    }

    private static String problemType(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as("%s", r.body()).isEqualTo(400);
        return JSON.readTree(r.body()).path("type").asText();
    }

    private static List<ProcessInfo> processes(int count, String commandLine) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(pid -> Reports.process(pid, 0, "worker", commandLine, "app", 1.0, 1L << 20))
                .toList();
    }

    /** The newest body posted to {@code path} that names {@code host}; empty when none has. */
    private String bodyTo(String path, String host) {
        String found = "";
        for (String[] r : received) {
            if (r[0].equals(path) && r[1].contains(host)) {
                found = r[1];
            }
        }
        return found;
    }

    private static String firstLineWith(InputStream body, String text) {
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.contains(text)) {
                    return line;
                }
            }
            return "(the stream ended)";
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private static <T> T eventually(ThrowingSupplier<T> read, Predicate<T> done, String what) throws Exception {
        long deadline = System.nanoTime() + SOON.toNanos();
        T last = read.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + SOON + "; last read:\n" + last);
            }
            Thread.sleep(250);
            last = read.get();
        }
        return last;
    }

    /** A read that may fail, for {@link #eventually}. */
    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private static String grep(String text, String word) {
        return String.join("\n", text.lines().filter(l -> l.contains(word)).toList());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String server() {
        String server = System.getenv(PostgresDatabase.ENV);
        return server.endsWith("/") ? server : server + "/";
    }
}
