package io.procscope.api.ingest;

import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.domain.CurrentState;
import io.procscope.api.domain.CurrentStates;
import io.procscope.api.domain.Host;
import io.procscope.api.problem.DatabaseOutage;
import io.procscope.dto.HostReport;
import io.procscope.dto.ReportReceipt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Stores reports: each one whole or not at all, and each report id once.
 *
 * <p>A report costs a handful of rows, not one per process: the snapshot (system metrics), the
 * host's newest state as one encoded row, identities of processes that started, exits of those
 * that ended, and history samples of the processes that changed materially. {@link StateDiff}
 * decides those rows from the host's state before the report; {@link ReportWriter} writes them.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    private final ReportWriter writer;
    private final CurrentStates states;
    private final TransactionSynchronizationRegistry transactions;
    private final Event<ReportStored> stored;
    private final IngestMetrics metrics;
    private final StateDiff diff;

    IngestService(
            ReportWriter writer,
            CurrentStates states,
            TransactionSynchronizationRegistry transactions,
            Event<ReportStored> stored,
            IngestMetrics metrics,
            ProcscopeConfig config) {
        this.writer = writer;
        this.states = states;
        this.transactions = transactions;
        this.stored = stored;
        this.metrics = metrics;
        this.diff = new StateDiff(SampleDecision.of(config.history()));
    }

    /**
     * Stores a valid report in one transaction, or acknowledges it again when it was stored
     * before. Two deliveries of one report that race each other are stored once: the loser's
     * snapshot insert waits for the winner and then inserts nothing, which answers it as a
     * duplicate.
     *
     * <p>The host is created at its first report. How many hosts there can be is bounded at
     * enrollment: a report is made with the credential of its own host.
     *
     * @param report a report that {@link ReportReader} accepted, of the host of its credential
     * @throws ReportConflict when the host has a different report collected at the same instant
     */
    public ReportReceipt recordReport(HostReport report) {
        return metrics.timeStoring(() -> {
            ReportReceipt receipt;
            try {
                receipt = store(report);
            } catch (PersistenceException e) {
                if (DatabaseOutage.isCauseOf(e)) {
                    // The database is away: a second transaction would only wait for it again.
                    throw e;
                }
                // A unique key lost a race: another report of a new host created the host first.
                // One more try sees the winner's rows.
                LOG.debugf(e, "Retrying report %s after a conflict", report.reportId());
                receipt = store(report);
            }
            metrics.recorded(receipt);
            return receipt;
        });
    }

    @Transactional
    ReportReceipt store(HostReport report) {
        long collectedAt = report.collectedAtMillis();
        Host host = writer.upsertHost(report);
        Long snapshotId = writer.insertSnapshot(report, host.id);
        if (snapshotId == null) {
            transactions.setRollbackOnly(); // the host's update too: a duplicate stores nothing
            return new ReportReceipt(report.reportId(), true, 0);
        }
        CurrentState before = states.of(host).orElse(null);
        if (before != null && collectedAt == before.collectedAtMillis()) {
            throw new ReportConflict(host.hostname, collectedAt);
        }

        StateDiff.Writes writes = diff.between(before, report.processes(), collectedAt);
        writer.write(host.id, writes, collectedAt);
        // A host stored before process_current existed has none of its rows yet: all are written.
        boolean indexed = host.currentIndexed;
        if (writes.newest()) {
            CurrentState state = new CurrentState(host.id, snapshotId, collectedAt, writes.state());
            writer.writeNewestState(host, state);
            writer.writeCurrent(
                    host.id,
                    indexed ? writes.used() : report.processes(),
                    indexed ? writes.exited() : List.of(),
                    !indexed);
            host.currentIndexed = true;
            afterCommit(() -> states.remember(state, before, writes.stringBytesChange()));
        }
        writer.flush(host);
        metrics.rowsWritten(writes.identities().size(), writes.samples().size());
        stored.fire(new ReportStored(
                host.hostname,
                snapshotId,
                collectedAt,
                report.processes().size(),
                writes.newest(),
                host.id,
                report,
                writes.started()));
        if (writes.newest()) {
            // Last: the fleet's bucket rows are shared by other hosts' reports, each waiting for
            // the rows' locks until this transaction ends.
            writer.addToFleet(host, report, indexed ? before : null);
        }
        LOG.debugf(
                "Stored report %s of %s: %d processes, %d samples, %d started, %d exited",
                report.reportId(),
                host.hostname,
                report.processes().size(),
                writes.samples().size(),
                writes.identities().size(),
                writes.exited().size());
        return new ReportReceipt(report.reportId(), false, report.processes().size());
    }

    private void afterCommit(Runnable action) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }
}
