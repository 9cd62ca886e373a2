package io.procscope.agent.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.procscope.agent.Agent;
import io.procscope.agent.config.AgentConfig;
import io.procscope.dto.FileSystemUsage;
import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import io.procscope.dto.SystemMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hand-written writer and Jackson's data binding must put the same JSON on the wire. */
class ReportWriterTest {

    @Test
    void writesEveryFieldOfTheWireContractAsDataBindingDoes() throws Exception {
        HostReport report = everyFieldSet();
        assertEveryComponentSet(report, "report");

        assertThat(written(report, false)).isEqualTo(bound(report));
    }

    @Test
    void leavesNullFieldsOutAsDataBindingDoes() throws IOException {
        HostReport report = new HostReport(
                1,
                UUID.randomUUID(),
                null,
                1L,
                new HostInfo("h", null, null, null, null, null, null, null, null),
                null,
                List.of(new ProcessInfo(7, null, null, null, null, null, null, 0L, null, null, null, null, null, null)),
                null);

        JsonNode json = written(report, false);

        assertThat(json).isEqualTo(bound(report));
        assertThat(json.get("processes").get(0).size()).isEqualTo(2);
    }

    @Test
    void writesAReportOfThisHostAsDataBindingDoes() throws Exception {
        HostReport report = Agent.collectOnce(AgentConfig.fromMap(Map.of()), Duration.ofMillis(200));

        assertThat(report.processes()).hasSizeGreaterThan(1);
        assertThat(written(report, false)).isEqualTo(bound(report));
        assertThat(written(report, true)).isEqualTo(bound(report));
    }

    private static JsonNode written(HostReport report, boolean pretty) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportWriter.write(report, out, pretty);
        return ReportJson.mapper().readTree(out.toByteArray());
    }

    private static JsonNode bound(HostReport report) throws IOException {
        return ReportJson.mapper().readTree(ReportJson.mapper().writeValueAsBytes(report));
    }

    /** Fails when a field is added to the wire contract but not to this fixture. */
    private static void assertEveryComponentSet(Object value, String path) throws Exception {
        if (value instanceof List<?> list) {
            assertThat(list).as(path).isNotEmpty();
            for (int i = 0; i < list.size(); i++) {
                assertEveryComponentSet(list.get(i), path + "[" + i + "]");
            }
            return;
        }
        if (!value.getClass().isRecord()) {
            return;
        }
        for (RecordComponent c : value.getClass().getRecordComponents()) {
            Object v = c.getAccessor().invoke(value);
            assertThat(v).as(path + "." + c.getName()).isNotNull();
            assertEveryComponentSet(v, path + "." + c.getName());
        }
    }

    private static HostReport everyFieldSet() {
        return new HostReport(
                HostReport.SCHEMA_VERSION,
                UUID.fromString("5f0c7a4e-0b1d-4a57-9c43-0d1e2f3a4b5c"),
                "1.2.3",
                1_764_000_000_123L,
                new HostInfo(
                        "node-ü-1",
                        "Debian GNU/Linux",
                        "12 (bookworm)",
                        "6.1.0-18-amd64",
                        "linux",
                        "amd64",
                        64,
                        Long.MAX_VALUE,
                        1_763_000_000_000L),
                new SystemMetrics(
                        99.99,
                        123_456_789_012L,
                        256L << 30,
                        1L,
                        2L << 30,
                        0.01,
                        12.5,
                        1e-7,
                        List.of(
                                new FileSystemUsage("/", "ext4", 10L << 30, 100L << 30),
                                new FileSystemUsage("/mnt/with \"quotes\" and \\", "nfs4", 0L, 1L)),
                        Long.MAX_VALUE,
                        0L),
                List.of(new ProcessInfo(
                        Integer.MAX_VALUE,
                        1,
                        "java\t\u0001",
                        "/usr/lib/jvm/bin/java",
                        "java -Dx=\"y\" -jar app.jar \u2603 \ud83d\ude00",
                        "root",
                        ProcessStatus.DISK_SLEEP,
                        1_763_500_000_000L,
                        187.25,
                        1L << 40,
                        1L << 44,
                        4096,
                        -20,
                        "/srv/app",
                        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                        "3f2a1b4c-5d6e-4f70-8192-a3b4c5d6e7f8",
                        "payments",
                        "api-7d9f8c6b5-x2x4z")),
                10_000L);
    }
}
