package io.procscope.api.ingest;

import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import java.util.List;

/**
 * Fired (as a CDI event, within the storing transaction) when a report was stored. Observe it with
 * {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)} to act only once it is committed.
 *
 * @param hostname the reporting host
 * @param snapshotId the stored snapshot's id
 * @param collectedAtMillis when the report was collected, ms since the epoch
 * @param processCount processes in the report
 * @param newest true when this report is now the host's newest (a late, spooled report is not)
 * @param hostId the host's id
 * @param report the report as stored
 * @param started its processes that started since the host's previous report (none for the host's
 *     first report, nor for a late one): what alert rules on restarts count
 */
public record ReportStored(
        String hostname,
        long snapshotId,
        long collectedAtMillis,
        int processCount,
        boolean newest,
        long hostId,
        HostReport report,
        List<ProcessInfo> started) {}
