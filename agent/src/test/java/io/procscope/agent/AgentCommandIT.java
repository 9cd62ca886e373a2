package io.procscope.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procscope.agent.ship.ReportJson;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's command as shipped: {@code --version}, {@code --once}, health and metrics, and what it
 * keeps out of its memory on Linux.
 */
class AgentCommandIT {

    @TempDir
    Path work;

    @Test
    void printsOneReportOfThisHost() throws Exception {
        try (AgentProcess agent = AgentProcess.start(
                work, Map.of("PROCSCOPE_AGENT_HOSTNAME", "once-it", "PROCSCOPE_AGENT_LOG_LEVEL", "WARN"), "--once")) {
            assertThat(agent.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(agent.process().exitValue()).as(agent.output()).isZero();
            String out = agent.output();

            HostReport report = ReportJson.mapper().readValue(out.substring(out.indexOf('{')), HostReport.class);

            assertThat(report.host().hostname()).isEqualTo("once-it");
            assertThat(report.processes()).hasSizeGreaterThan(1);
            long me = ProcessHandle.current().pid();
            ProcessInfo test = report.processes().stream()
                    .filter(p -> p.pid() == me)
                    .findFirst()
                    .orElseThrow();
            assertThat(test.exe()).isNotNull();
            assertThat(test.user()).isNotNull();
            assertThat(report.metrics().memoryTotalBytes()).isPositive();
        }
    }

    @Test
    void loadsNeitherOshiNorJnaOnLinux() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Linux reads /proc");
        assumeTrue(System.getProperty(AgentProcess.COMMAND_PROPERTY, "").isBlank(), "the JVM build loads classes");
        Path classes = work.resolve("classes.log");

        try (AgentProcess agent = AgentProcess.start(
                work,
                Map.of(
                        "PROCSCOPE_AGENT_HOSTNAME", "once-it",
                        "PROCSCOPE_AGENT_LOG_LEVEL", "WARN",
                        "JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes),
                "--once")) {
            assertThat(agent.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(agent.process().exitValue()).as(agent.output()).isZero();
        }

        // about 170 classes and JNA's native library in the agent's memory otherwise
        assertThat(Files.readAllLines(classes))
                .anyMatch(line -> line.contains(" io.procscope.agent.collect.LinuxHostCollector "))
                .noneMatch(line -> line.contains(" oshi.") || line.contains(" com.sun.jna."));
    }

    @Test
    void servesHealthzAndMetricsOnItsPort() throws Exception {
        int port = AgentProcess.freePort();
        try (AgentProcess agent = AgentProcess.start(
                work,
                Map.of(
                        "PROCSCOPE_AGENT_API_URL",
                        "http://127.0.0.1:" + AgentProcess.freePort(),
                        "PROCSCOPE_AGENT_INTERVAL",
                        "500ms",
                        "PROCSCOPE_AGENT_HEALTH_PORT",
                        Integer.toString(port),
                        "PROCSCOPE_AGENT_SPOOL_DIR",
                        work.resolve("spool").toString(),
                        "PROCSCOPE_AGENT_CREDENTIAL_FILE",
                        work.resolve("state/credential").toString(),
                        "PROCSCOPE_AGENT_KUBERNETES_API",
                        "off"))) {
            var http = java.net.http.HttpClient.newHttpClient();
            String metrics = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!metrics.matches("(?s).*procscope_agent_reports_spooled_total [1-9].*")) {
                assertThat(System.nanoTime() - deadline).as(agent.output()).isNegative();
                Thread.sleep(200);
                try {
                    metrics = http.send(
                                    java.net.http.HttpRequest.newBuilder(
                                                    java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofString())
                            .body();
                } catch (java.io.IOException e) {
                    // not listening yet
                }
            }
            int health = http.send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create("http://127.0.0.1:" + port + "/healthz"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding())
                    .statusCode();

            assertThat(health).isEqualTo(200);
            // no API: the host cannot enroll, so its reports wait in the spool without a send
            assertThat(metrics).contains("procscope_agent_credential_state{state=\"unenrolled\"} 1\n");
        }
    }
}
