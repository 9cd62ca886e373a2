package io.procscope.api.support;

import io.procscope.dto.FileSystemUsage;
import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import io.procscope.dto.SystemMetrics;
import java.util.List;
import java.util.UUID;

/** Reports for tests: realistic values, a fresh id and host name for each test. */
public final class Reports {

    /** When the fixtures' processes started: a fixed time, 2026-11-26 08:00 UTC. */
    public static final long STARTED = 1_764_144_000_000L;

    public static final String AGENT_KEY = "test-key-current";
    public static final String PREVIOUS_AGENT_KEY = "test-key-previous";

    private Reports() {}

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** Stores a report through the API, as an agent would, and checks it was accepted. */
    public static void store(HostReport report) {
        try {
            io.restassured.RestAssured.given()
                    .header("Authorization", "Bearer " + AGENT_KEY)
                    .contentType(io.restassured.http.ContentType.JSON)
                    .body(JSON.writeValueAsString(report))
                    .post("/api/v1/reports")
                    .then()
                    .statusCode(202);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A body compressed as agents send it. */
    public static byte[] gzip(byte[] body) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(body);
        }
        return out.toByteArray();
    }

    /** A host name no other test uses. */
    public static String uniqueHost(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

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
