package io.procscope.api.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.procscope.api.security.AgentAuthFilter;
import io.procscope.dto.ReportReceipt;
import jakarta.inject.Singleton;
import java.util.function.Supplier;

/**
 * The meters of ingest, every name in one place. The meters of a stored report are registered
 * once, not looked up by name and tags for every report.
 */
@Singleton
class IngestMetrics {

    /** Counter of stored reports, tagged {@code outcome=stored|duplicate}. */
    static final String REPORTS = "procscope.ingest.reports";
    /**
     * Counter of refused reports, tagged with the {@code reason}: {@code too_large}, {@code
     * too_many_processes}, {@code malformed} or {@code invalid} from {@link ReportReader}; {@code busy}
     * from {@link IngestAdmission}; {@code unreadable} (the client went away mid-body) and {@code
     * wrong_host} (a report of another host than its credential's) from {@link ReportResource};
     * {@code missing_key}, {@code enrollment_required}, {@code credential_unknown} or {@code
     * credential_revoked} from {@link AgentAuthFilter}, which owns the name.
     */
    static final String REJECTED = AgentAuthFilter.REJECTED;
    /** Counter of processes received in stored reports. */
    static final String PROCESSES = "procscope.ingest.processes";
    /** Counter of rows written, tagged with the {@code table}. */
    static final String ROWS = "procscope.ingest.rows";
    /** Timer of storing one report. */
    static final String DURATION = "procscope.ingest.duration";

    private final MeterRegistry registry;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter processes;
    private final Counter snapshotRows;
    private final Counter processRows;
    private final Counter sampleRows;
    private final Timer duration;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.stored = registry.counter(REPORTS, "outcome", "stored");
        this.duplicates = registry.counter(REPORTS, "outcome", "duplicate");
        this.processes = registry.counter(PROCESSES);
        this.snapshotRows = registry.counter(ROWS, "table", "snapshot");
        this.processRows = registry.counter(ROWS, "table", "process");
        this.sampleRows = registry.counter(ROWS, "table", "process_sample");
        this.duration = Timer.builder(DURATION)
                .description("Time to store one report")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** Runs {@code storing} and records its time as the time to store one report. */
    ReportReceipt timeStoring(Supplier<ReportReceipt> storing) {
        return duration.record(storing);
    }

    /** Counts a report that was stored, or acknowledged again as a duplicate. */
    void recorded(ReportReceipt receipt) {
        (receipt.duplicate() ? duplicates : stored).increment();
        processes.increment(receipt.processes());
    }

    /** Counts the rows one stored report wrote besides the host's: its snapshot, identities and samples. */
    void rowsWritten(int identities, int samples) {
        snapshotRows.increment();
        processRows.increment(identities);
        sampleRows.increment(samples);
    }

    /** Counts a report refused for {@code reason}, a tag value such as {@code invalid}. */
    void rejected(String reason) {
        // Refusals are rare: their counters are made when first needed.
        registry.counter(REJECTED, "reason", reason).increment();
    }
}
