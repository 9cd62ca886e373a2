package io.procscope.api.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.dto.FileSystemUsage;
import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import io.procscope.dto.SystemMetrics;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Reports for tests, and their delivery: realistic values, a fresh id and host name for each test,
 * posted to the ingest endpoint as an agent posts them.
 */
public final class Reports {

    /** When the fixtures' processes started: a fixed time, 2026-11-26 08:00 UTC. */
    public static final long STARTED = 1_764_144_000_000L;

    /** The agent key the test configuration accepts first. */
    public static final String AGENT_KEY = "test-key-current";

    /** The other agent key the test configuration accepts, as while keys rotate. */
    public static final String PREVIOUS_AGENT_KEY = "test-key-previous";

    /** A container id as containerd makes them: 64 hex digits. */
    public static final String CONTAINER_ID = "3f4e5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081";

    /** A pod's UID as Kubernetes makes them. */
    public static final String POD_UID = "5e8f2d1c-7a3b-4c6d-9e0f-1a2b3c4d5e6f";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Reports() {}

    /** Stores a report through the API, as an agent would, and checks it was accepted. */
    public static void store(HostReport report) {
        post(report, AGENT_KEY).statusCode(202);
    }

    /**
     * {@link #store(HostReport)} to the test API at {@code api}: for a {@code @BeforeAll}, where
     * RestAssured's own port is not set yet.
     */
    public static void store(URL api, HostReport report) {
        post(given().baseUri(baseUri(api)), json(report), AGENT_KEY).statusCode(202);
    }

    /** Posts a report with {@code agentKey} as its bearer token; the answer, to check. */
    public static ValidatableResponse post(HostReport report, String agentKey) {
        return postRaw(json(report), agentKey);
    }

    /** Posts {@code body} as it is, as JSON, with {@code agentKey} as its bearer token; the answer, to check. */
    public static ValidatableResponse postRaw(String body, String agentKey) {
        return post(given(), body, agentKey);
    }

    private static ValidatableResponse post(RequestSpecification request, String body, String agentKey) {
        return request.header("Authorization", "Bearer " + agentKey)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/reports")
                .then();
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
