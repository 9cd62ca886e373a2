package io.procscope.api.ingest;

import static io.procscope.api.support.Reports.credential;
import static io.procscope.api.support.Reports.post;
import static io.procscope.api.support.Reports.process;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.procscope.api.support.StoredRows.everyTable;
import static io.procscope.api.support.StoredRows.isPostgreSQL;
import static io.procscope.api.support.StoredRows.lastIdDrawn;
import static io.procscope.api.support.StoredRows.rowsOfHost;
import static io.procscope.api.support.StoredRows.snapshotsOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A report whose storing fails after some of its rows were written leaves no row of it anywhere:
 * not the snapshot, not the host's new values, not a process or a sample. On the embedded SQLite
 * database; {@link PostgresRolledBackReportTest} runs them on PostgreSQL, where the identities
 * drawn also show that the rolled-back rows had been inserted, and {@link
 * PostgresConnectionCutTest} cuts the connection once every row is written.
 */
@QuarkusTest
public class RolledBackReportTest {

    @Test
    void aConflictFoundAfterTheSnapshotInsertChangesNoRow() {
        String host = uniqueHost("conflict-rollback");
        HostReport first = report(host, typicalProcesses());
        post(first).statusCode(202);
        // Everything differs but the instant: stored, it would change the host, add a snapshot,
        // start a process, end another and sample the ones that moved.
        HostReport conflicting = new HostReport(
                first.schemaVersion(),
                UUID.randomUUID(),
                "9.9.9-other-agent",
                first.collectedAtMillis(),
                new HostInfo(
                        host,
                        "Debian GNU/Linux",
                        "13 (trixie)",
                        "6.12.0-1-amd64",
                        "linux",
                        "amd64",
                        4,
                        48L << 30,
                        first.host().bootTimeMillis()),
                first.metrics(),
                changed(first.processes()),
                5_000L);
        Map<String, Long> tablesBefore = everyTable();
        Map<String, List<String>> hostBefore = rowsOfHost(host);
        long snapshotIdsBefore = isPostgreSQL() ? lastIdDrawn("snapshot") : 0;

        post(conflicting).statusCode(409);

        assertThat(everyTable()).as("rows of every table").isEqualTo(tablesBefore);
        assertThat(rowsOfHost(host)).as("the host's rows, whole").isEqualTo(hostBefore);
        if (isPostgreSQL()) {
            assertThat(lastIdDrawn("snapshot"))
                    .as("the conflicting snapshot was inserted before the conflict showed, then rolled back")
                    .isEqualTo(snapshotIdsBefore + 1);
        }
        given().get("/api/v1/hosts/{host}", host)
                .then()
                .statusCode(200)
                .body("agentVersion", equalTo("0.1.0-test"))
                .body("osVersion", equalTo("12 (bookworm)"))
                .body("processCount", equalTo(4));
    }

    @Test
    void anotherHostsReportIdIsNoDuplicateOfItsReport() {
        HostReport stored = report(uniqueHost("id-owner"), typicalProcesses());
        post(stored).statusCode(202);
        String newcomer = uniqueHost("id-taker");
        // Another host's report with the same id and instant. A report is a duplicate of its own
        // host's reports only (V7: the snapshot's key leads with the host, as a database distributed
        // by host needs): a credential reports for its own host, so only its host can repeat it.
        HostReport taker = new HostReport(
                stored.schemaVersion(),
                stored.reportId(),
                stored.agentVersion(),
                stored.collectedAtMillis(),
                new HostInfo(
                        newcomer,
                        stored.host().osName(),
                        stored.host().osVersion(),
                        stored.host().kernelVersion(),
                        stored.host().platform(),
                        stored.host().architecture(),
                        stored.host().cpuCount(),
                        stored.host().memoryTotalBytes(),
                        stored.host().bootTimeMillis()),
                stored.metrics(),
                changed(stored.processes()),
                stored.intervalMillis());
        credential(newcomer);

        post(taker).statusCode(202).body("duplicate", equalTo(false));

        assertThat(snapshotsOf(stored))
                .as("snapshots with the report id, one per host")
                .isEqualTo(2);
        given().get("/api/v1/hosts/{host}", newcomer).then().statusCode(200);
        post(taker).statusCode(202).body("duplicate", equalTo(true));
        assertThat(snapshotsOf(stored)).isEqualTo(2);
    }

    /** {@code processes} a report later: the first has exited, the last moved, one more started. */
    static List<ProcessInfo> changed(List<ProcessInfo> processes) {
        ProcessInfo last = processes.get(processes.size() - 1);
        ProcessInfo moved =
                process(last.pid(), last.ppid(), last.name(), last.commandLine(), last.user(), 12.5, 2L << 30);
        ProcessInfo started = process(4242, 1, "cron", "/usr/sbin/cron -f", "root", 0.5, 4L << 20);
        return List.of(processes.get(1), processes.get(2), moved, started);
    }
}
