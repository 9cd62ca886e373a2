package io.procscope.dto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HostReportJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final HostReport REPORT = new HostReport(
            HostReport.SCHEMA_VERSION,
            UUID.fromString("6f1c1d2e-8f4a-4c1e-9d38-1b2a3c4d5e6f"),
            "0.1.0",
            1_764_000_000_000L,
            new HostInfo(
                    "node-1", "Debian GNU/Linux", "12", "6.1.0", "linux", "amd64", 2, 24L << 30, 1_763_000_000_000L),
            new SystemMetrics(
                    12.5,
                    1L << 30,
                    24L << 30,
                    0L,
                    0L,
                    0.5,
                    0.4,
                    0.3,
                    List.of(new FileSystemUsage("/", "ext4", 10L << 30, 100L << 30)),
                    1000L,
                    2000L),
            List.of(new ProcessInfo(
                    1,
                    0,
                    "systemd",
                    "/usr/lib/systemd/systemd",
                    "/sbin/init",
                    "root",
                    ProcessStatus.SLEEPING,
                    1_763_000_001_000L,
                    0.1,
                    12_000_000L,
                    170_000_000L,
                    1,
                    0,
                    "/",
                    "3f2a9c1b7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b",
                    "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
                    "shop",
                    "orders-7d9f8-x2x4q")),
            10_000L);

    /**
     * Version 1 of the wire format as agents in the field send it, checked in by hand: a rename, a
     * removed field or a changed unit in the records shows here, not on a fleet of older agents.
     */
    private static final String V1_FIXTURE = "/wire/host-report-v1.json";

    @Test
    void readsTheCheckedInVersion1Report() throws Exception {
        try (var in = HostReportJsonTest.class.getResourceAsStream(V1_FIXTURE)) {
            assertThat(JSON.readValue(in, HostReport.class)).isEqualTo(REPORT);
        }
    }

    @Test
    void writesExactlyTheFieldsOfVersion1() throws Exception {
        try (var in = HostReportJsonTest.class.getResourceAsStream(V1_FIXTURE)) {
            assertThat(JSON.readTree(JSON.writeValueAsString(REPORT))).isEqualTo(JSON.readTree(in));
        }
    }

    @Test
    void roundTripsEveryField() throws Exception {
        String json = JSON.writeValueAsString(REPORT);

        assertThat(JSON.readValue(json, HostReport.class)).isEqualTo(REPORT);
    }

    @Test
    void ignoresFieldsFromNewerAgents() throws Exception {
        String json = JSON.writeValueAsString(REPORT)
                .replace("\"pid\":1,", "\"pid\":1,\"sandboxId\":\"abc\",")
                .replace("\"schemaVersion\":1,", "\"schemaVersion\":1,\"futureBlock\":{\"x\":[1,2]},");

        HostReport read = JSON.readValue(json, HostReport.class);

        assertThat(read).isEqualTo(REPORT);
    }

    @Test
    void readsProcessesOfOlderAgentsWithoutContainerAttribution() throws Exception {
        String json = JSON.writeValueAsString(REPORT)
                .replaceAll(",\"(containerId|podUid|podNamespace|podName)\":\"[^\"]*\"", "");

        ProcessInfo read = JSON.readValue(json, HostReport.class).processes().get(0);

        assertThat(json).doesNotContain("containerId");
        assertThat(read.containerId()).isNull();
        assertThat(read.podUid()).isNull();
        assertThat(read.podNamespace()).isNull();
        assertThat(read.podName()).isNull();
        assertThat(read.cwd()).isEqualTo("/");
    }

    @Test
    void readsUnknownStatusAsUnknown() throws Exception {
        String json = JSON.writeValueAsString(REPORT).replace("\"SLEEPING\"", "\"PARKED\"");

        HostReport read = JSON.readValue(json, HostReport.class);

        assertThat(read.processes().get(0).status()).isEqualTo(ProcessStatus.UNKNOWN);
    }
}
