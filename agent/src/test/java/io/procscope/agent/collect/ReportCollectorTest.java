package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReportCollectorTest {

    private static final UUID ID = UUID.fromString("6f1c1d2e-8f4a-4c1e-9d38-1b2a3c4d5e6f");
    private static final HostInfo HOST =
            new HostInfo("node-1", "Debian GNU/Linux", "12", "6.1.0", "linux", "amd64", 2, 1L << 30, 1L);
    private static final ProcessInfo INIT = new ProcessInfo(
            1,
            0,
            "systemd",
            "/usr/lib/systemd/systemd",
            "/sbin/init",
            "root",
            ProcessStatus.SLEEPING,
            1_764_000_000_000L,
            0.0,
            48L << 20,
            220L << 20,
            7,
            0,
            "/");

    @Test
    void assemblesAReportAtTheCurrentSchemaVersion() {
        HostReport report =
                ReportCollector.assemble(ID, "0.1.0", 1_764_000_000_000L, HOST, null, List.of(INIT), 10_000L);

        assertThat(report.schemaVersion()).isEqualTo(HostReport.SCHEMA_VERSION);
        assertThat(report.reportId()).isEqualTo(ID);
        assertThat(report.agentVersion()).isEqualTo("0.1.0");
        assertThat(report.collectedAtMillis()).isEqualTo(1_764_000_000_000L);
        assertThat(report.processes()).containsExactly(INIT);
    }
}
