package io.procscope.api.ingest;

/**
 * Fired (as a CDI event, within the storing transaction) when a report was stored. Observe it with
 * {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)} to act only once it is committed.
 *
 * @param hostname the reporting host
 * @param snapshotId the stored snapshot's id
 * @param collectedAtMillis when the report was collected, ms since the epoch
 * @param processCount processes in the report
 * @param newest true when this report is now the host's newest (a late, spooled report is not)
 */
public record ReportStored(
        String hostname, long snapshotId, long collectedAtMillis, int processCount, boolean newest) {}
