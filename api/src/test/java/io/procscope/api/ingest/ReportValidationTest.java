package io.procscope.api.ingest;

import static io.procscope.api.support.Reports.post;
import static io.procscope.api.support.Reports.postRaw;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.procscope.api.support.StoredRows.snapshotsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What ingest answers for a well-formed report with invalid or missing fields: every invalid field
 * named, nothing stored. On the embedded SQLite database; {@link PostgresReportValidationTest} runs
 * them on PostgreSQL.
 */
@QuarkusTest
public class ReportValidationTest {

    @Inject
    ObjectMapper json;

    @Test
    void rejectsMissingRequiredFieldsAndStoresNothing() throws IOException {
        HostReport report = report(uniqueHost("missing"), typicalProcesses());
        String body = json.writeValueAsString(report)
                .replace("\"pid\":812,", "")
                .replaceFirst("\"collectedAtMillis\":\\d+,", "");

        postRaw(body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("2 fields are invalid."))
                .body("errors.field", hasItem("collectedAtMillis"))
                .body("errors.field", hasItem("processes[2].pid"));

        assertThat(snapshotsOf(report)).isZero();
    }

    @Test
    void namesTheOneInvalidProcessFieldInTheDetail() {
        List<ProcessInfo> processes = new ArrayList<>(typicalProcesses());
        ProcessInfo p = processes.get(1);
        processes.set(
                1,
                new ProcessInfo(
                        p.pid(),
                        p.ppid(),
                        p.name(),
                        p.exe(),
                        p.commandLine(),
                        p.user(),
                        p.status(),
                        p.startTimeMillis(),
                        p.cpuPercent(),
                        -1L,
                        p.vmsBytes(),
                        p.threads(),
                        p.nice(),
                        p.cwd()));
        HostReport report = report(uniqueHost("negative"), processes);

        post(report)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Bad Request"))
                .body("detail", equalTo("Field 'processes[1].rssBytes' must be greater than or equal to 0."))
                .body("errors.field", contains("processes[1].rssBytes"))
                .body("errors.message", contains("must be greater than or equal to 0"));
        assertThat(snapshotsOf(report)).isZero();
    }

    @Test
    void listsInvalidProcessFieldsWithTheReportsOwnSortedByField() throws IOException {
        List<ProcessInfo> processes = new ArrayList<>(typicalProcesses());
        ProcessInfo p = processes.get(3);
        processes.set(
                3,
                new ProcessInfo(
                        p.pid(),
                        p.ppid(),
                        "j".repeat(1025),
                        p.exe(),
                        p.commandLine(),
                        p.user(),
                        p.status(),
                        p.startTimeMillis(),
                        p.cpuPercent(),
                        p.rssBytes(),
                        p.vmsBytes(),
                        -4,
                        p.nice(),
                        p.cwd()));
        HostReport report = report(uniqueHost("sizes"), processes);
        String body = json.writeValueAsString(report)
                .replace("\"schemaVersion\":1,", "\"schemaVersion\":0,")
                .replace("\"cpuCount\":2,", "\"cpuCount\":-1,");

        postRaw(body)
                .statusCode(400)
                .body("detail", equalTo("4 fields are invalid."))
                .body(
                        "errors.field",
                        contains("host.cpuCount", "processes[3].name", "processes[3].threads", "schemaVersion"))
                .body(
                        "errors.message",
                        contains(
                                "must be greater than or equal to 0",
                                "size must be between 0 and 1024",
                                "must be greater than or equal to 0",
                                "must be greater than 0"));
        assertThat(snapshotsOf(report)).isZero();
    }

    @Test
    void rejectsANullProcess() throws IOException {
        HostReport report = report(uniqueHost("null"), typicalProcesses());
        String body = json.writeValueAsString(report).replace("\"processes\":[", "\"processes\":[null,");

        postRaw(body).statusCode(400).body("detail", equalTo("Field 'processes[0]' must not be null."));
        assertThat(snapshotsOf(report)).isZero();
    }

    @Test
    void rejectsAProcessListedTwice() {
        List<ProcessInfo> processes = new ArrayList<>(typicalProcesses());
        processes.add(processes.get(0));
        HostReport report = report(uniqueHost("twice"), processes);

        post(report).statusCode(400).body("detail", containsString("pid 1 "));
        assertThat(snapshotsOf(report)).isZero();
    }
}
