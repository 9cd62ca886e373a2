package io.procscope.api.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.procscope.api.config.Database;
import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.domain.CurrentState;
import io.procscope.api.domain.CurrentStates;
import io.procscope.api.domain.Host;
import io.procscope.api.domain.ProcessKey;
import io.procscope.api.domain.StateCodec;
import io.procscope.api.domain.StatusCode;
import io.procscope.api.domain.StatusCounts;
import io.procscope.api.domain.TrackedProcess;
import io.procscope.api.problem.ProblemException;
import io.procscope.api.security.AgentAuthFilter;
import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import io.procscope.dto.ReportReceipt;
import io.procscope.dto.SystemMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Stores reports: each one whole or not at all, and each report id once.
 *
 * <p>A report costs a handful of rows, not one per process: the snapshot (system metrics), the
 * host's newest state as one encoded row, identities of processes that started, exits of those
 * that ended, and history samples of the processes that changed materially ({@link
 * SampleDecision}). The bulk rows go out as JDBC batches.
 */
@ApplicationScoped
public class IngestService {

    /** Counter of stored reports, tagged {@code outcome=stored|duplicate}. */
    static final String REPORTS = "procscope.ingest.reports";
    /** Counter of refused reports, tagged with the {@code reason}. */
    static final String REJECTED = AgentAuthFilter.REJECTED;
    /** Counter of processes received in stored reports. */
    static final String PROCESSES = "procscope.ingest.processes";
    /** Counter of rows written, tagged with the {@code table}. */
    static final String ROWS = "procscope.ingest.rows";
    /** Timer of storing one report. */
    static final String DURATION = "procscope.ingest.duration";

    private static final String UPSERT_IDENTITY = "insert into process (host_id, pid, start_time_millis, ppid, name,"
            + " exe, command_line, username, cwd, container_id, pod_uid, pod_namespace, pod_name, first_seen_millis)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (host_id, pid, start_time_millis) do update set ppid = excluded.ppid,"
            + " name = excluded.name, exe = excluded.exe, command_line = excluded.command_line,"
            + " username = excluded.username, cwd = excluded.cwd, container_id = excluded.container_id,"
            + " pod_uid = excluded.pod_uid, pod_namespace = excluded.pod_namespace, pod_name = excluded.pod_name,"
            + " last_seen_millis = null, ended_millis = null";
    private static final String MARK_EXITED = "update process set last_seen_millis = ?, ended_millis = ?"
            + " where host_id = ? and pid = ? and start_time_millis = ? and ended_millis is null";
    private static final String INSERT_SAMPLE = "insert into process_sample (host_id, pid, start_time_millis,"
            + " collected_at_millis, status, cpu_percent, rss_bytes, vms_bytes, threads, nice)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing";
    private static final String INSERT_SNAPSHOT = "insert into snapshot (report_id, host_id, collected_at_millis,"
            + " received_at_millis, process_count, cpu_percent, memory_used_bytes, memory_total_bytes,"
            + " swap_used_bytes, swap_total_bytes, load1, load5, load15, network_received_bytes,"
            + " network_sent_bytes, status_counts, file_systems)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (report_id, collected_at_millis) do nothing returning id";
    private static final String UPSERT_STATE = "insert into host_state (host_id, snapshot_id, collected_at_millis,"
            + " processes) values (?, ?, ?, ?) on conflict (host_id) do update set snapshot_id = excluded.snapshot_id,"
            + " collected_at_millis = excluded.collected_at_millis, processes = excluded.processes";

    private static final Logger LOG = Logger.getLogger(IngestService.class);
    private static final StatusCode STATUS_CODES = new StatusCode();

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final MeterRegistry registry;
    private final Clock clock;
    private final CurrentStates states;
    private final TransactionSynchronizationRegistry transactions;
    private final Event<ReportStored> stored;
    private final SampleDecision decision;
    private final Timer duration;
    private final boolean lockHosts;

    IngestService(
            EntityManager em,
            ObjectMapper mapper,
            MeterRegistry registry,
            Clock clock,
            CurrentStates states,
            TransactionSynchronizationRegistry transactions,
            Event<ReportStored> stored,
            ProcscopeConfig config,
            Database database) {
        this.lockHosts = database.isPostgreSQL();
        this.em = em;
        this.mapper = mapper;
        this.registry = registry;
        this.clock = clock;
        this.states = states;
        this.transactions = transactions;
        this.stored = stored;
        this.decision = SampleDecision.of(config.history());
        this.duration = Timer.builder(DURATION)
                .description("Time to store one report")
                .publishPercentileHistogram()
                .register(registry);
    }

    /**
     * Stores a valid report in one transaction, or acknowledges it again when it was stored
     * before. Two deliveries of one report that race each other are stored once: the loser's
     * snapshot insert waits for the winner and then inserts nothing, which answers it as a
     * duplicate.
     */
    public ReportReceipt recordReport(HostReport report) {
        return duration.record(() -> {
            ReportReceipt receipt;
            try {
                receipt = store(report);
            } catch (PersistenceException e) {
                // A unique key lost a race: another report of a new host created the host first.
                // One more try sees the winner's rows.
                LOG.debugf(e, "Retrying report %s after a conflict", report.reportId());
                receipt = store(report);
            }
            registry.counter(REPORTS, "outcome", receipt.duplicate() ? "duplicate" : "stored")
                    .increment();
            registry.counter(PROCESSES).increment(receipt.processes());
            return receipt;
        });
    }

    @Transactional
    ReportReceipt store(HostReport report) {
        long collectedAt = report.collectedAtMillis();
        Host host = upsertHost(report, collectedAt);
        // The snapshot's unique (report_id, collected_at_millis) is the duplicate check: a report
        // stored before, or by a concurrent delivery that committed while this one waited for the
        // host's lock or the key, inserts no row.
        Long snapshotId =
                em.unwrap(Session.class).doReturningWork(connection -> insertSnapshot(connection, report, host.id));
        if (snapshotId == null) {
            transactions.setRollbackOnly(); // the host's update too: a duplicate stores nothing
            return new ReportReceipt(report.reportId(), true, 0);
        }
        CurrentState before = states.of(host).orElse(null);
        boolean newest = before == null || collectedAt > before.collectedAtMillis();
        if (before != null && collectedAt == before.collectedAtMillis()) {
            throw new ProblemException(
                    Response.Status.CONFLICT,
                    "Host '" + host.hostname + "' already has a different report collected at " + collectedAt + ".");
        }

        Writes writes = newest ? diff(host.id, before, report.processes(), collectedAt) : keyframe(host.id, report);
        em.unwrap(Session.class).doWork(connection -> write(connection, host.id, writes, collectedAt));
        if (newest) {
            CurrentState state = new CurrentState(host.id, snapshotId, collectedAt, writes.state());
            em.unwrap(Session.class).doWork(connection -> upsertState(connection, state));
            host.latestSnapshotId = snapshotId;
            host.lastReportMillis = collectedAt;
            afterCommit(() -> states.remember(state));
        }
        em.flush();
        count("snapshot", 1);
        count("process", writes.identities().size());
        count("process_sample", writes.samples().size());
        stored.fire(new ReportStored(
                host.hostname, snapshotId, collectedAt, report.processes().size(), newest));
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

    /** What a report writes besides its snapshot. */
    record Writes(
            List<ProcessInfo> identities,
            List<ProcessKey> exited,
            long exitedLastSeenMillis,
            List<ProcessInfo> samples,
            List<TrackedProcess> state) {}

    /** The rows of a report that is the host's newest: the difference to the state before. */
    Writes diff(long hostId, CurrentState before, List<ProcessInfo> processes, long collectedAt) {
        Map<ProcessKey, TrackedProcess> previous = new HashMap<>();
        if (before != null) {
            for (TrackedProcess p : before.processes()) {
                previous.put(new ProcessKey(hostId, p.pid(), p.startTimeMillis()), p);
            }
        }
        List<ProcessInfo> identities = new ArrayList<>();
        List<ProcessInfo> samples = new ArrayList<>();
        List<TrackedProcess> state = new ArrayList<>(processes.size());
        for (ProcessInfo p : processes) {
            TrackedProcess was = previous.remove(new ProcessKey(hostId, p.pid(), p.startTimeMillis()));
            if (was == null || !sameIdentity(p, was)) {
                // started, or an exec changed its name and command line, or its pod's name was learnt
                identities.add(p);
            }
            if (decision.writes(p, was, collectedAt)) {
                samples.add(p);
                state.add(TrackedProcess.recorded(p, collectedAt));
            } else {
                state.add(TrackedProcess.unrecorded(p, was));
            }
        }
        List<ProcessKey> exited = new ArrayList<>(previous.keySet());
        return new Writes(
                identities, exited, before == null ? collectedAt : before.collectedAtMillis(), samples, state);
    }

    /** The rows of a report older than the host's newest (a late delivery): every process sampled. */
    private static Writes keyframe(long hostId, HostReport report) {
        return new Writes(report.processes(), List.of(), 0, report.processes(), List.of());
    }

    private void write(Connection connection, long hostId, Writes writes, long collectedAt) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_IDENTITY)) {
            for (ProcessInfo p : writes.identities()) {
                upsert.setLong(1, hostId);
                upsert.setInt(2, p.pid());
                upsert.setLong(3, p.startTimeMillis());
                setInteger(upsert, 4, p.ppid());
                upsert.setString(5, p.name());
                upsert.setString(6, p.exe());
                upsert.setString(7, p.commandLine());
                upsert.setString(8, p.user());
                upsert.setString(9, p.cwd());
                upsert.setString(10, p.containerId());
                upsert.setString(11, p.podUid());
                upsert.setString(12, p.podNamespace());
                upsert.setString(13, p.podName());
                upsert.setLong(14, collectedAt);
                upsert.addBatch();
            }
            executeBatch(upsert, writes.identities().size());
        }
        try (PreparedStatement exit = connection.prepareStatement(MARK_EXITED)) {
            for (ProcessKey key : writes.exited()) {
                exit.setLong(1, writes.exitedLastSeenMillis());
                exit.setLong(2, collectedAt);
                exit.setLong(3, hostId);
                exit.setInt(4, key.pid());
                exit.setLong(5, key.startTimeMillis());
                exit.addBatch();
            }
            executeBatch(exit, writes.exited().size());
        }
        try (PreparedStatement sample = connection.prepareStatement(INSERT_SAMPLE)) {
            for (ProcessInfo p : writes.samples()) {
                sample.setLong(1, hostId);
                sample.setInt(2, p.pid());
                sample.setLong(3, p.startTimeMillis());
                sample.setLong(4, collectedAt);
                sample.setString(5, STATUS_CODES.convertToDatabaseColumn(p.status()));
                setDouble(sample, 6, p.cpuPercent());
                setLong(sample, 7, p.rssBytes());
                setLong(sample, 8, p.vmsBytes());
                setInteger(sample, 9, p.threads());
                setInteger(sample, 10, p.nice());
                sample.addBatch();
            }
            executeBatch(sample, writes.samples().size());
        }
    }

    private static void upsertState(Connection connection, CurrentState state) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_STATE)) {
            upsert.setLong(1, state.hostId());
            upsert.setLong(2, state.snapshotId());
            upsert.setLong(3, state.collectedAtMillis());
            upsert.setBytes(4, StateCodec.encode(state.processes()));
            upsert.executeUpdate();
        }
    }

    private Host upsertHost(HostReport report, long collectedAt) {
        HostInfo info = report.host();
        // On PostgreSQL, reports of one host are stored one at a time: each diffs against the state
        // the one before it left. (SQLite's IMMEDIATE transactions serialize every writer anyway.)
        Host host = lockHosts
                ? Host.<Host>find("hostname", info.hostname())
                        .withLock(LockModeType.PESSIMISTIC_WRITE)
                        .firstResult()
                : Host.findByHostname(info.hostname()).orElse(null);
        if (host == null) {
            host = new Host();
            host.hostname = info.hostname();
            host.firstReportMillis = collectedAt;
            host.lastReportMillis = collectedAt;
        }
        if (host.id == null || collectedAt >= host.lastReportMillis) {
            host.osName = info.osName();
            host.osVersion = info.osVersion();
            host.kernelVersion = info.kernelVersion();
            host.platform = info.platform();
            host.architecture = info.architecture();
            host.cpuCount = info.cpuCount();
            host.memoryTotalBytes = info.memoryTotalBytes();
            host.bootTimeMillis = info.bootTimeMillis();
            host.agentVersion = report.agentVersion();
            host.intervalMillis = report.intervalMillis();
        }
        host.firstReportMillis = Math.min(host.firstReportMillis, collectedAt);
        if (host.id == null) {
            host.persist();
        }
        return host;
    }

    /** Inserts the report's snapshot and answers its id, or null when the report was stored before. */
    private Long insertSnapshot(Connection connection, HostReport report, long hostId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_SNAPSHOT)) {
            insert.setString(1, report.reportId().toString());
            insert.setLong(2, hostId);
            insert.setLong(3, report.collectedAtMillis());
            insert.setLong(4, clock.millis());
            insert.setInt(5, report.processes().size());
            SystemMetrics m = report.metrics();
            setDouble(insert, 6, m == null ? null : m.cpuPercent());
            setLong(insert, 7, m == null ? null : m.memoryUsedBytes());
            setLong(insert, 8, m == null ? null : m.memoryTotalBytes());
            setLong(insert, 9, m == null ? null : m.swapUsedBytes());
            setLong(insert, 10, m == null ? null : m.swapTotalBytes());
            setDouble(insert, 11, m == null ? null : m.load1());
            setDouble(insert, 12, m == null ? null : m.load5());
            setDouble(insert, 13, m == null ? null : m.load15());
            setLong(insert, 14, m == null ? null : m.networkReceivedBytes());
            setLong(insert, 15, m == null ? null : m.networkSentBytes());
            insert.setString(16, statusCounts(report.processes()));
            insert.setString(17, m == null || m.fileSystems() == null ? null : toJson(m.fileSystems()));
            try (ResultSet inserted = insert.executeQuery()) {
                return inserted.next() ? inserted.getLong(1) : null;
            }
        }
    }

    private static String statusCounts(List<ProcessInfo> processes) {
        Map<ProcessStatus, Integer> counts = new EnumMap<>(ProcessStatus.class);
        for (ProcessInfo p : processes) {
            counts.merge(p.status() == null ? ProcessStatus.UNKNOWN : p.status(), 1, Integer::sum);
        }
        return StatusCounts.format(counts);
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

    private void count(String table, int rows) {
        Counter.builder(ROWS).tag("table", table).register(registry).increment(rows);
    }

    private static boolean sameIdentity(ProcessInfo info, TrackedProcess p) {
        return Objects.equals(p.ppid(), info.ppid())
                && Objects.equals(p.name(), info.name())
                && Objects.equals(p.exe(), info.exe())
                && Objects.equals(p.commandLine(), info.commandLine())
                && Objects.equals(p.user(), info.user())
                && Objects.equals(p.cwd(), info.cwd())
                && Objects.equals(p.containerId(), info.containerId())
                && Objects.equals(p.podUid(), info.podUid())
                && Objects.equals(p.podNamespace(), info.podNamespace())
                && Objects.equals(p.podName(), info.podName());
    }

    private static void executeBatch(PreparedStatement statement, int rows) throws SQLException {
        if (rows > 0) {
            statement.executeBatch();
        }
    }

    private static void setInteger(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }

    private static void setDouble(PreparedStatement s, int index, Double value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.REAL);
        } else {
            s.setDouble(index, value);
        }
    }

    private String toJson(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Wire records always serialize", e);
        }
    }

    /**
     * The first process that appears twice in a report, as {@code pid N started at T}, or null.
     * Two entries for one process would make the report ambiguous.
     */
    static String findDuplicateProcess(List<ProcessInfo> processes) {
        Set<ProcessKey> seen = new HashSet<>(processes.size() * 2);
        for (ProcessInfo p : processes) {
            if (!seen.add(new ProcessKey(null, p.pid(), p.startTimeMillis()))) {
                return "pid " + p.pid() + " started at " + p.startTimeMillis();
            }
        }
        return null;
    }
}
