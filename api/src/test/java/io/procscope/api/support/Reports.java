package io.procscope.api.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.security.AgentAuthFilter;
import io.procscope.dto.FileSystemUsage;
import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import io.procscope.dto.SystemMetrics;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * Reports for tests, and their delivery: realistic values, a fresh id and host name for each test,
 * posted to the ingest endpoint as an agent posts them, with its host's own credential (enrolled on
 * demand).
 */
public final class Reports {

    /** The problem type of a report made with a credential the API does not know. */
    private static final String CREDENTIAL_UNKNOWN = AgentAuthFilter.CREDENTIAL_UNKNOWN;

    /** When the fixtures' processes started: a fixed time, 2026-11-26 08:00 UTC. */
    public static final long STARTED = 1_764_144_000_000L;

    /** The enrollment secret the test configuration accepts first. */
    public static final String ENROLL_SECRET = "test-key-current";

    /** The other enrollment secret the test configuration accepts, as while secrets rotate. */
    public static final String PREVIOUS_ENROLL_SECRET = "test-key-previous";

    /** The admin key of the test configuration. */
    public static final String ADMIN_KEY = "test-admin-key";

    /** Whom {@link #postRaw(String)} posts as when the body names no host it could enroll. */
    public static final String RAW_BODY_HOST = "raw-body-host";

    /** A container id as containerd makes them: 64 hex digits. */
    public static final String CONTAINER_ID = "3f4e5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081";

    /** A pod's UID as Kubernetes makes them. */
    public static final String POD_UID = "5e8f2d1c-7a3b-4c6d-9e0f-1a2b3c4d5e6f";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Reports() {}

    /**
     * Credentials issued to tests, by API (base URI and port) and hostname: each test API's
     * database starts empty, and a port can come round again, so a credential the API no longer
     * knows is replaced by enrolling again.
     */
    private static final Map<String, String> CREDENTIALS = new ConcurrentHashMap<>();

    /** Stores a report through the API, as its host's agent would, and checks it was accepted. */
    public static void store(HostReport report) {
        post(report).statusCode(202);
    }

    /**
     * {@link #store(HostReport)} to the test API at {@code api}: for a {@code @BeforeAll}, where
     * RestAssured's own port is not set yet.
     */
    public static void store(URL api, HostReport report) {
        String base = baseUri(api);
        asAgentOf(base, report.host().hostname(), () -> given().baseUri(base), request -> post(request, json(report)))
                .then()
                .statusCode(202);
    }

    /**
     * Posts a report as its host's agent does: enrolled (on demand, with {@link #ENROLL_SECRET}), with
     * the host's credential. The answer, to check.
     */
    public static ValidatableResponse post(HostReport report) {
        return asAgentOf(report.host().hostname(), request -> post(request, json(report)))
                .then();
    }

    /** Posts a report with {@code bearer} as its token, as it is; the answer, to check. */
    public static ValidatableResponse post(HostReport report, String bearer) {
        return postRaw(json(report), bearer);
    }

    /**
     * Posts {@code body} as it is, as JSON, as the agent of the host it names ({@link #RAW_BODY_HOST}
     * when it names none that could enroll); the answer, to check.
     */
    public static ValidatableResponse postRaw(String body) {
        return asAgentOf(hostnameIn(body), request -> post(request, body)).then();
    }

    /** Posts {@code body} as it is, as JSON, with {@code bearer} as its token; the answer, to check. */
    public static ValidatableResponse postRaw(String body, String bearer) {
        return post(given().header("Authorization", "Bearer " + bearer), body).then();
    }

    /**
     * The {@code Authorization} header of {@code hostname}'s agent: its credential, enrolled on
     * demand with {@link #ENROLL_SECRET}.
     */
    public static String authorization(String hostname) {
        return "Bearer " + credential(hostname);
    }

    /** {@code hostname}'s credential on the test API, enrolled on demand with {@link #ENROLL_SECRET}. */
    public static String credential(String hostname) {
        return credential(target(), hostname, RestAssured::given);
    }

    /**
     * Sends a request as {@code hostname}'s agent: with its credential, enrolled on demand; enrolled
     * again when the API no longer knows it (it restarted on an empty database).
     *
     * @param send sends the request, given a request with the credential's {@code Authorization}
     */
    public static Response asAgentOf(String hostname, Function<RequestSpecification, Response> send) {
        return asAgentOf(target(), hostname, RestAssured::given, send);
    }

    /** Forgets {@code hostname}'s credential, after a test reset or revoked it. */
    public static void forget(String hostname) {
        CREDENTIALS.remove(target() + " " + hostname);
    }

    /** Enrolls {@code hostname} with {@code secret}, as an agent does; the answer, to check. */
    public static ValidatableResponse enroll(String hostname, String secret) {
        return enroll(given(), hostname, secret).then();
    }

    private static Response asAgentOf(
            String target,
            String hostname,
            Supplier<RequestSpecification> given,
            Function<RequestSpecification, Response> send) {
        Response response =
                send.apply(given.get().header("Authorization", "Bearer " + credential(target, hostname, given)));
        if (response.statusCode() == 401
                && CREDENTIAL_UNKNOWN.equals(response.jsonPath().getString("type"))) {
            CREDENTIALS.remove(target + " " + hostname);
            response = send.apply(given.get().header("Authorization", "Bearer " + credential(target, hostname, given)));
        }
        return response;
    }

    private static String credential(String target, String hostname, Supplier<RequestSpecification> given) {
        return CREDENTIALS.computeIfAbsent(target + " " + hostname, k -> {
            Response enrolled = enroll(given.get(), hostname, ENROLL_SECRET);
            if (enrolled.statusCode() != 201) {
                throw new AssertionError("Enrolling " + hostname + " for a test failed: " + enrolled.statusCode() + " "
                        + enrolled.asString());
            }
            return enrolled.jsonPath().getString("credential");
        });
    }

    private static Response enroll(RequestSpecification request, String hostname, String secret) {
        return request.header("Authorization", "Bearer " + secret)
                .contentType(ContentType.JSON)
                .body(Map.of("hostname", hostname, "agentVersion", "0.1.0-test"))
                .post("/api/v1/enroll");
    }

    private static Response post(RequestSpecification request, String body) {
        return request.contentType(ContentType.JSON).body(body).post("/api/v1/reports");
    }

    /** The test API RestAssured is pointed at now. */
    private static String target() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    /** The hostname a report body names, when one could be enrolled; {@link #RAW_BODY_HOST} otherwise. */
    static String hostnameIn(String body) {
        try {
            String hostname = JSON.readTree(body).path("host").path("hostname").textValue();
            if (hostname != null
                    && !hostname.isBlank()
                    && hostname.length() <= HostInfo.MAX_HOSTNAME_LENGTH
                    && hostname.indexOf('\0') < 0) {
                return hostname;
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // not a report: post it as any enrolled agent would
        }
        return RAW_BODY_HOST;
    }

    /** The report as agents send it, in JSON. */
    public static String json(HostReport report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code api} as RestAssured's base URI: without the trailing slash, since paths bring their own. */
    static String baseUri(URL api) {
        return api.toString().replaceAll("/$", "");
    }

    /** A body compressed as agents send it. */
    public static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        }
        return out.toByteArray();
    }

    /** {@code r} from an agent that says it reports every {@code intervalMillis}. */
    public static HostReport withInterval(HostReport r, long intervalMillis) {
        return new HostReport(
                r.schemaVersion(),
                r.reportId(),
                r.agentVersion(),
                r.collectedAtMillis(),
                r.host(),
                r.metrics(),
                r.processes(),
                intervalMillis);
    }

    /** {@code r} with the host's CPU busy at {@code cpuPercent}, 0 to 100. */
    public static HostReport withHostCpu(HostReport r, double cpuPercent) {
        SystemMetrics m = r.metrics();
        return withMetrics(
                r,
                new SystemMetrics(
                        cpuPercent,
                        m.memoryUsedBytes(),
                        m.memoryTotalBytes(),
                        m.swapUsedBytes(),
                        m.swapTotalBytes(),
                        m.load1(),
                        m.load5(),
                        m.load15(),
                        m.fileSystems(),
                        m.networkReceivedBytes(),
                        m.networkSentBytes()));
    }

    /** {@code r} with {@code fileSystems} in place of its file systems. */
    public static HostReport withFileSystems(HostReport r, List<FileSystemUsage> fileSystems) {
        SystemMetrics m = r.metrics();
        return withMetrics(
                r,
                new SystemMetrics(
                        m.cpuPercent(),
                        m.memoryUsedBytes(),
                        m.memoryTotalBytes(),
                        m.swapUsedBytes(),
                        m.swapTotalBytes(),
                        m.load1(),
                        m.load5(),
                        m.load15(),
                        fileSystems,
                        m.networkReceivedBytes(),
                        m.networkSentBytes()));
    }

    private static HostReport withMetrics(HostReport r, SystemMetrics metrics) {
        return new HostReport(
                r.schemaVersion(),
                r.reportId(),
                r.agentVersion(),
                r.collectedAtMillis(),
                r.host(),
                metrics,
                r.processes(),
                r.intervalMillis());
    }

    /**
     * A process of a synthetic host of thousands, its state, CPU, memory and threads drawn from
     * {@code random}; without a command line, a kernel thread (no exe, directory or memory).
     */
    public static ProcessInfo randomProcess(
            int pid, int ppid, String name, String commandLine, String user, long startTimeMillis, Random random) {
        long rss = commandLine == null ? 0 : (1L + random.nextInt(512)) << 20;
        return new ProcessInfo(
                pid,
                ppid,
                name,
                commandLine == null ? null : "/usr/bin/" + name,
                commandLine,
                user,
                random.nextInt(20) == 0 ? ProcessStatus.RUNNING : ProcessStatus.SLEEPING,
                startTimeMillis,
                random.nextInt(5) == 0 ? random.nextDouble() * 50 : 0.0,
                rss,
                rss * 3,
                1 + random.nextInt(16),
                0,
                commandLine == null ? null : "/srv/" + name,
                null,
                null,
                null,
                null);
    }

    /** A host name no other test uses. */
    public static String uniqueHost(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A report from a two-core Debian host with 24 GiB, collected at {@code collectedAtMillis} (ms
     * since the epoch), listing {@code processes}, its agent reporting every 10 s.
     */
    public static HostReport report(String hostname, long collectedAtMillis, List<ProcessInfo> processes) {
        return new HostReport(
                HostReport.SCHEMA_VERSION,
                UUID.randomUUID(),
                "0.1.0-test",
                collectedAtMillis,
                new HostInfo(
                        hostname,
                        "Debian GNU/Linux",
                        "12 (bookworm)",
                        "6.1.0-18-amd64",
                        "linux",
                        "amd64",
                        2,
                        24L << 30,
                        STARTED - 86_400_000L),
                new SystemMetrics(
                        23.5,
                        6L << 30,
                        24L << 30,
                        0L,
                        2L << 30,
                        0.42,
                        0.35,
                        0.30,
                        List.of(new FileSystemUsage("/", "ext4", 40L << 30, 100L << 30)),
                        123_456_789L,
                        98_765_432L),
                processes,
                10_000L);
    }

    /** {@link #report(String, long, List)} collected just now. */
    public static HostReport report(String hostname, List<ProcessInfo> processes) {
        return report(hostname, System.currentTimeMillis(), processes);
    }

    /** The first processes of a small Linux host. */
    public static List<ProcessInfo> typicalProcesses() {
        return List.of(
                process(1, 0, "systemd", "/sbin/init splash", "root", 0.0, 12L << 20),
                process(2, 0, "kthreadd", null, "root", 0.0, null),
                process(
                        812,
                        1,
                        "postgres",
                        "/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main",
                        "postgres",
                        3.5,
                        64L << 20),
                process(1204, 1, "java", "java -Xmx2g -jar app.jar --server.port=8080", "app", 87.5, 1536L << 20));
    }

    /** {@link #typicalProcesses()} and then {@code more}. */
    public static List<ProcessInfo> typicalProcessesAnd(ProcessInfo... more) {
        List<ProcessInfo> processes = new ArrayList<>(typicalProcesses());
        processes.addAll(Arrays.asList(more));
        return processes;
    }

    /** {@code p} as an agent on a Kubernetes node reports it: in a container of a pod. */
    public static ProcessInfo inPod(
            ProcessInfo p, String containerId, String podUid, String podNamespace, String podName) {
        return new ProcessInfo(
                p.pid(),
                p.ppid(),
                p.name(),
                p.exe(),
                p.commandLine(),
                p.user(),
                p.status(),
                p.startTimeMillis(),
                p.cpuPercent(),
                p.rssBytes(),
                p.vmsBytes(),
                p.threads(),
                p.nice(),
                p.cwd(),
                containerId,
                podUid,
                podNamespace,
                podName);
    }

    /**
     * A sleeping process (pid 2: an idle kernel thread) started at {@link #STARTED} + pid; without a
     * command line it has no exe and no working directory, as kernel threads. {@code cpuPercent} is in
     * % of one logical processor; {@code rssBytes} resident, and four times that virtual.
     */
    public static ProcessInfo process(
            int pid, int ppid, String name, String commandLine, String user, Double cpuPercent, Long rssBytes) {
        return new ProcessInfo(
                pid,
                ppid,
                name,
                commandLine == null ? null : "/usr/bin/" + name,
                commandLine,
                user,
                pid == 2 ? ProcessStatus.IDLE : ProcessStatus.SLEEPING,
                STARTED + pid,
                cpuPercent,
                rssBytes,
                rssBytes == null ? null : rssBytes * 4,
                pid == 2 ? 1 : 4,
                0,
                commandLine == null ? null : "/",
                null,
                null,
                null,
                null);
    }
}
