package io.procscope.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.agent.config.Setting;
import io.procscope.agent.ship.ReportJson;
import io.procscope.agent.ship.Spool;
import io.procscope.dto.HostReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void oncePrintsOneReportAsJson() throws IOException {
        int status = run("--once");

        assertThat(status).isZero();
        HostReport report = ReportJson.mapper().readValue(out.toByteArray(), HostReport.class);
        assertThat(report.schemaVersion()).isEqualTo(HostReport.SCHEMA_VERSION);
        assertThat(report.reportId()).isNotNull();
        assertThat(report.host().hostname()).isNotBlank();
        assertThat(report.processes())
                .anySatisfy(p -> assertThat(p.pid())
                        .isEqualTo((int) ProcessHandle.current().pid()));
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("{\n");
    }

    @Test
    void helpListsEverySettingWithItsDefault() {
        assertThat(run("--help")).isZero();

        String help = out.toString(StandardCharsets.UTF_8);
        for (Setting s : Setting.values()) {
            assertThat(help).contains(s.key(), s.envName());
        }
        assertThat(help)
                .contains(
                        "http://localhost:8080",
                        "procscope-dev-key",
                        "10s",
                        "64MiB",
                        "--once",
                        "--config",
                        "--requeue-rejected");
    }

    @Test
    void badSettingExitsWithStatus2NamingIt() throws IOException {
        Path config = Files.writeString(dir.resolve("agent.properties"), "procscope.agent.interval=often\n");

        int status = run("--config", config.toString(), "--once");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("procscope-agent: invalid interval 'often' (agent.properties key procscope.agent.interval)")
                .hasLineCount(1);
        assertThat(out.size()).isZero();
    }

    @Test
    void aGarbledCaFileStopsTheStartWithOneLineNamingIt() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\nnot base64!\n");
        Path config = Files.writeString(
                dir.resolve("agent.properties"),
                "procscope.agent.api-url=https://procscope-api:8443\nprocscope.agent.ca-file="
                        + ca.toString().replace("\\", "/") + "\n");

        int status = run("--config", config.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("procscope-agent: invalid ca-file '" + ca
                        + "' (agent.properties key procscope.agent.ca-file): ")
                .contains("BEGIN CERTIFICATE line without its END CERTIFICATE line")
                .hasLineCount(1);
    }

    @Test
    void requeueRejectedMovesTheSetAsideReportsBackToTheSpool() throws IOException {
        Path spoolDir = dir.resolve("spool");
        Spool spool = Spool.open(spoolDir, 1 << 20);
        spool.addRejected(1_000, UUID.randomUUID(), new byte[] {1});
        spool.addRejected(2_000, UUID.randomUUID(), new byte[] {2});
        Path config = Files.writeString(
                dir.resolve("agent.properties"),
                "procscope.agent.spool-dir=" + spoolDir.toString().replace("\\", "/") + "\n");

        int status = run("--requeue-rejected", "--config", config.toString());

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("procscope-agent: moved 2 report(s) from ");
        assertThat(spool.rejected()).isEmpty();
        assertThat(spool.entries()).extracting(Spool.Entry::collectedAtMillis).containsExactly(1_000L, 2_000L);
    }

    @Test
    void unknownOptionExitsWithStatus2() {
        assertThat(run("--onse")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--onse'");
    }

    @Test
    void missingConfigFileExitsWithStatus2() {
        assertThat(run("--config=" + dir.resolve("absent.properties"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("absent.properties");
    }

    private int run(String... args) {
        return AgentMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
    }
}
