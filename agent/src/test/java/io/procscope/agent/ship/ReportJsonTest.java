package io.procscope.agent.ship;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.dto.HostReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

    @Test
    void leavesUnknownFieldsOutAndReadsThemBackAsNull() throws IOException {
        HostReport report = SampleReports.sample(1); // its process has no cwd

        byte[] gz = ReportJson.toGzip(report);

        String json = new String(
                new GZIPInputStream(new java.io.ByteArrayInputStream(gz)).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("\"cwd\"").contains("\"pid\":1");
        assertThat(ReportJson.fromGzip(gz)).isEqualTo(report);
    }

    @Test
    void prettyJsonIsIndentedForPeople() {
        assertThat(ReportJson.toPrettyJson(SampleReports.sample(1))).startsWith("{\n  \"schemaVersion\" : 1,");
    }
}
