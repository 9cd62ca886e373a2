package io.procscope.api.ingest;

import static io.procscope.api.domain.NullableColumns.nullableInt;
import static io.procscope.api.domain.NullableColumns.nullableLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.config.Database;
import io.procscope.api.domain.CurrentState;
import io.procscope.api.domain.FleetBuckets;
import io.procscope.api.domain.Host;
import io.procscope.api.domain.StateCodec;
import io.procscope.api.domain.StatusCode;
import io.procscope.api.domain.StatusCounts;
import io.procscope.api.domain.TrackedProcess;
import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import io.procscope.dto.SystemMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;

/**
 * Writes a report's rows, within the caller's transaction: the host, the snapshot, and the
 * identities, exits, samples and newest state that {@link StateDiff} decided. The bulk rows go out
 * as JDBC batches.
 */
@ApplicationScoped
class ReportWriter {

    private static final String HOST_COLUMNS = "os_name, os_version, kernel_version, platform, architecture,"
            + " cpu_count, memory_total_bytes, boot_time_millis, agent_version, interval_millis, first_report_millis,"
            + " last_report_millis, last_received_millis, latest_snapshot_id, current_indexed, file_systems";
    private static final String FIND_HOST = "select id, hostname, " + HOST_COLUMNS + " from host where hostname = ?";
    private static final String INSERT_HOST = "insert into host (hostname, " + HOST_COLUMNS + ")" + " values (?, "
            + HOST_COLUMNS.replaceAll("\\w+", "?") + ") returning id";
    private static final String UPDATE_HOST =
            "update host set " + HOST_COLUMNS.replace(",", " = ?,") + " = ? where id = ?";
    private static final String UPSERT_IDENTITY = "insert into process (host_id, pid, start_time_millis, ppid, name,"
            + " exe, command_line, username, cwd, container_id, pod_uid, pod_namespace, pod_name, first_seen_millis)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (host_id, pid, start_time_millis) do update set ppid = excluded.ppid,"
            + " name = excluded.name, exe = excluded.exe, command_line = excluded.command_line,"
            + " username = excluded.username, cwd = excluded.cwd, container_id = excluded.container_id,"
            + " pod_uid = excluded.pod_uid, pod_namespace = excluded.pod_namespace, pod_name = excluded.pod_name,"
            + " last_seen_millis = null, ended_millis = null";
    /**
     * A late report's identities: what it says of a process does not make it run again, if a newer
     * report saw it exit (the fleet search counts the processes that have not ended).
     */
    private static final String UPSERT_LATE_IDENTITY =
            UPSERT_IDENTITY.replace(", last_seen_millis = null, ended_millis = null", "");

    private static final String MARK_EXITED = "update process set last_seen_millis = ?, ended_millis = ?"
            + " where host_id = ? and pid = ? and start_time_millis = ? and ended_millis is null";
    private static final String INSERT_SAMPLE = "insert into process_sample (host_id, pid, start_time_millis,"
            + " collected_at_millis, status, cpu_percent, rss_bytes, vms_bytes, threads, nice)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing";
    private static final String INSERT_SNAPSHOT = "insert into snapshot (report_id, host_id, collected_at_millis,"
            + " received_at_millis, process_count, cpu_percent, memory_used_bytes, memory_total_bytes,"
            + " swap_used_bytes, swap_total_bytes, load1, load5, load15, network_received_bytes,"
            + " network_sent_bytes, status_counts)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (host_id, report_id, collected_at_millis) do nothing returning id";
    private static final String UPSERT_STATE = "insert into host_state (host_id, snapshot_id, collected_at_millis,"
            + " processes) values (?, ?, ?, ?) on conflict (host_id) do update set snapshot_id = excluded.snapshot_id,"
            + " collected_at_millis = excluded.collected_at_millis, processes = excluded.processes";

    private static final String UPSERT_CURRENT = "insert into process_current (host_id, pid, start_time_millis,"
            + " status, cpu_percent, rss_bytes, vms_bytes, threads, nice) values (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (host_id, pid, start_time_millis) do update set status = excluded.status,"
            + " cpu_percent = excluded.cpu_percent, rss_bytes = excluded.rss_bytes, vms_bytes = excluded.vms_bytes,"
            + " threads = excluded.threads, nice = excluded.nice";
    private static final String DELETE_CURRENT =
            "delete from process_current where host_id = ? and pid = ? and start_time_millis = ?";
    private static final String CLEAR_CURRENT = "delete from process_current where host_id = ?";
    private static final String SNAPSHOT_METRICS = "select cpu_percent, memory_used_bytes, memory_total_bytes,"
            + " process_count, status_counts from snapshot where host_id = ? and id = ? and collected_at_millis = ?";
    private static final String ADD_TO_FLEET = "insert into fleet_metrics (resolution_millis, bucket_millis, stripe,"
            + " hosts, cpu_busy, cpus, memory_used_bytes, memory_total_bytes, processes, running, sleeping,"
            + " disk_sleep, idle, stopped, zombie, unknown)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (resolution_millis, bucket_millis, stripe) do update set"
            + " hosts = fleet_metrics.hosts + excluded.hosts, cpu_busy = fleet_metrics.cpu_busy + excluded.cpu_busy,"
            + " cpus = fleet_metrics.cpus + excluded.cpus,"
            + " memory_used_bytes = fleet_metrics.memory_used_bytes + excluded.memory_used_bytes,"
            + " memory_total_bytes = fleet_metrics.memory_total_bytes + excluded.memory_total_bytes,"
            + " processes = fleet_metrics.processes + excluded.processes,"
            + " running = fleet_metrics.running + excluded.running,"
            + " sleeping = fleet_metrics.sleeping + excluded.sleeping,"
            + " disk_sleep = fleet_metrics.disk_sleep + excluded.disk_sleep,"
            + " idle = fleet_metrics.idle + excluded.idle, stopped = fleet_metrics.stopped + excluded.stopped,"
            + " zombie = fleet_metrics.zombie + excluded.zombie, unknown = fleet_metrics.unknown + excluded.unknown";

    /** The states in the order of fleet_metrics' columns. */
    private static final ProcessStatus[] FLEET_STATES = {
        ProcessStatus.RUNNING,
        ProcessStatus.SLEEPING,
        ProcessStatus.DISK_SLEEP,
        ProcessStatus.IDLE,
        ProcessStatus.STOPPED,
        ProcessStatus.ZOMBIE,
        ProcessStatus.UNKNOWN
    };

    private static final StatusCode STATUS_CODES = new StatusCode();

    private static final ProcessStatus[] STATES = ProcessStatus.values();

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final boolean lockHosts;
    /** PostgreSQL stores report ids as {@code uuid}; SQLite, which has no such type, as text. */
    private final boolean uuidReportIds;

    ReportWriter(EntityManager em, ObjectMapper mapper, Clock clock, Database database) {
        this.em = em;
        this.mapper = mapper;
        this.clock = clock;
        this.lockHosts = database.isPostgreSQL();
        this.uuidReportIds = database.isPostgreSQL();
    }

    /**
     * The report's host, created at its first report; what the report says of the host replaces
     * what is stored unless a newer report said it. Received now, whenever it was collected.
     *
     * <p>Read and written with JDBC, not through Hibernate: the lookup, its lock and the flush of
     * the entity cost about 13% of ingest's CPU. The answer is not managed by the persistence
     * context: {@link #flush} writes what the report changed in it.
     */
    Host upsertHost(HostReport report) {
        return em.unwrap(Session.class).doReturningWork(connection -> upsertHost(connection, report));
    }

    private Host upsertHost(Connection connection, HostReport report) throws SQLException {
        HostInfo info = report.host();
        long collectedAt = report.collectedAtMillis();
        // On PostgreSQL, reports of one host are stored one at a time: each diffs against the state
        // the one before it left. (SQLite's IMMEDIATE transactions serialize every writer anyway.)
        Host host = findHost(connection, info.hostname(), lockHosts);
        boolean created = host == null;
        if (created) {
            host = new Host();
            host.hostname = info.hostname();
            host.firstReportMillis = collectedAt;
            host.lastReportMillis = collectedAt;
        }
        if (created || collectedAt >= host.lastReportMillis) {
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
            SystemMetrics m = report.metrics();
            host.fileSystems = m == null || m.fileSystems() == null ? null : toJson(m.fileSystems());
        }
        host.firstReportMillis = Math.min(host.firstReportMillis, collectedAt);
        host.lastReceivedMillis = clock.millis(); // liveness is the API's to judge, by its own clock
        if (created) {
            insertHost(connection, host);
        }
        return host;
    }

    private static Host findHost(Connection connection, String hostname, boolean lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(lock ? FIND_HOST + " for update" : FIND_HOST)) {
            select.setString(1, hostname);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Host host = new Host();
                host.id = rs.getLong(1);
                host.hostname = rs.getString(2);
                host.osName = rs.getString(3);
                host.osVersion = rs.getString(4);
                host.kernelVersion = rs.getString(5);
                host.platform = rs.getString(6);
                host.architecture = rs.getString(7);
                host.cpuCount = nullableInt(rs, 8);
                host.memoryTotalBytes = nullableLong(rs, 9);
                host.bootTimeMillis = nullableLong(rs, 10);
                host.agentVersion = rs.getString(11);
                host.intervalMillis = nullableLong(rs, 12);
                host.firstReportMillis = rs.getLong(13);
                host.lastReportMillis = rs.getLong(14);
                host.lastReceivedMillis = rs.getLong(15);
                host.latestSnapshotId = nullableLong(rs, 16);
                host.currentIndexed = rs.getBoolean(17);
                host.fileSystems = rs.getString(18);
                return host;
            }
        }
    }

    private static void insertHost(Connection connection, Host host) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_HOST)) {
            insert.setString(1, host.hostname);
            setHostColumns(insert, host, 2);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                host.id = rs.getLong(1);
            }
        }
    }

    /** Sets the host's columns after its name from {@code index} on; answers the next index. */
    private static int setHostColumns(PreparedStatement s, Host host, int index) throws SQLException {
        s.setString(index++, host.osName);
        s.setString(index++, host.osVersion);
        s.setString(index++, host.kernelVersion);
        s.setString(index++, host.platform);
        s.setString(index++, host.architecture);
        setInteger(s, index++, host.cpuCount);
        setLong(s, index++, host.memoryTotalBytes);
        setLong(s, index++, host.bootTimeMillis);
        s.setString(index++, host.agentVersion);
        setLong(s, index++, host.intervalMillis);
        s.setLong(index++, host.firstReportMillis);
        s.setLong(index++, host.lastReportMillis);
        s.setLong(index++, host.lastReceivedMillis);
        setLong(s, index++, host.latestSnapshotId);
        s.setBoolean(index++, host.currentIndexed);
        s.setString(index++, host.fileSystems);
        return index;
    }

    /**
     * Inserts the report's snapshot and answers its id, or null when the report was stored before.
     * The snapshot's unique (report_id, collected_at_millis) is the duplicate check: a report stored
     * before, or by a concurrent delivery that committed while this one waited for the host's lock
     * or the key, inserts no row.
     */
    Long insertSnapshot(HostReport report, long hostId) {
        return em.unwrap(Session.class).doReturningWork(connection -> insertSnapshot(connection, report, hostId));
    }

    /** Writes the identities, exits and samples of one report, collected at {@code collectedAtMillis}. */
    void write(long hostId, StateDiff.Writes writes, long collectedAtMillis) {
        em.unwrap(Session.class).doWork(connection -> write(connection, hostId, writes, collectedAtMillis));
    }

    /** Makes {@code state} the host's newest state. */
    void writeNewestState(Host host, CurrentState state) {
        em.unwrap(Session.class).doWork(connection -> upsertState(connection, state));
        host.latestSnapshotId = state.snapshotId();
        host.lastReportMillis = state.collectedAtMillis();
    }

    /**
     * Writes what the host's running processes use now ({@code process_current}) for a report that
     * is the host's newest.
     *
     * @param used the processes whose row is written
     * @param exited the processes whose row is deleted
     * @param replace true to delete the host's rows first: {@code used} is then every process
     */
    void writeCurrent(long hostId, List<ProcessInfo> used, List<TrackedProcess> exited, boolean replace) {
        em.unwrap(Session.class).doWork(connection -> writeCurrent(connection, hostId, used, exited, replace));
    }

    /**
     * Adds the host's newest report to the fleet's buckets ({@code fleet_metrics}): the host counts
     * in each bucket with its newest report there, so a report in the same bucket as the host's
     * report before replaces that one's share.
     *
     * @param before the host's state before the report, whose report's share is replaced; null when
     *     that report was not added (a host's first report, or its first since the buckets exist)
     */
    void addToFleet(Host host, HostReport report, CurrentState before) {
        em.unwrap(Session.class).doWork(connection -> addToFleet(connection, host, report, before));
    }

    /**
     * Writes the host's changes ({@link #upsertHost}, {@link #writeNewestState}) now, so that a
     * failure shows inside the transaction as a
     * {@link jakarta.persistence.PersistenceException}, and before observers of {@link ReportStored}
     * run in it.
     */
    void flush(Host host) {
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(UPDATE_HOST)) {
                update.setLong(setHostColumns(update, host, 1), host.id);
                update.executeUpdate();
            }
        });
    }

    private Long insertSnapshot(Connection connection, HostReport report, long hostId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_SNAPSHOT)) {
            if (uuidReportIds) {
                insert.setObject(1, report.reportId());
            } else {
                insert.setString(1, report.reportId().toString());
            }
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
            try (ResultSet inserted = insert.executeQuery()) {
                return inserted.next() ? inserted.getLong(1) : null;
            }
        }
    }

    private static void write(Connection connection, long hostId, StateDiff.Writes writes, long collectedAt)
            throws SQLException {
        try (PreparedStatement upsert =
                connection.prepareStatement(writes.newest() ? UPSERT_IDENTITY : UPSERT_LATE_IDENTITY)) {
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
            for (TrackedProcess p : writes.exited()) {
                exit.setLong(1, writes.exitedLastSeenMillis());
                exit.setLong(2, collectedAt);
                exit.setLong(3, hostId);
                exit.setInt(4, p.pid());
                exit.setLong(5, p.startTimeMillis());
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

    private static void writeCurrent(
            Connection connection, long hostId, List<ProcessInfo> used, List<TrackedProcess> exited, boolean replace)
            throws SQLException {
        if (replace) {
            try (PreparedStatement clear = connection.prepareStatement(CLEAR_CURRENT)) {
                clear.setLong(1, hostId);
                clear.executeUpdate();
            }
        }
        try (PreparedStatement delete = connection.prepareStatement(DELETE_CURRENT)) {
            for (TrackedProcess p : exited) {
                delete.setLong(1, hostId);
                delete.setInt(2, p.pid());
                delete.setLong(3, p.startTimeMillis());
                delete.addBatch();
            }
            executeBatch(delete, exited.size());
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_CURRENT)) {
            for (ProcessInfo p : used) {
                upsert.setLong(1, hostId);
                upsert.setInt(2, p.pid());
                upsert.setLong(3, p.startTimeMillis());
                upsert.setString(4, STATUS_CODES.convertToDatabaseColumn(p.status()));
                setDouble(upsert, 5, p.cpuPercent());
                setLong(upsert, 6, p.rssBytes());
                setLong(upsert, 7, p.vmsBytes());
                setInteger(upsert, 8, p.threads());
                setInteger(upsert, 9, p.nice());
                upsert.addBatch();
            }
            executeBatch(upsert, used.size());
        }
    }

    /** A report's share of a fleet bucket: hosts, CPU, memory, processes and their states. */
    private static double[] fleetShare(
            Integer cpus,
            Double cpuPercent,
            Long memoryUsed,
            Long memoryTotal,
            int processes,
            Map<ProcessStatus, Integer> states) {
        double[] share = new double[6 + FLEET_STATES.length];
        share[0] = 1;
        if (cpus != null && cpuPercent != null) {
            share[1] = cpuPercent * cpus;
            share[2] = cpus;
        }
        share[3] = memoryUsed == null ? 0 : memoryUsed;
        share[4] = memoryTotal == null ? 0 : memoryTotal;
        share[5] = processes;
        for (int i = 0; i < FLEET_STATES.length; i++) {
            share[6 + i] = states.getOrDefault(FLEET_STATES[i], 0);
        }
        return share;
    }

    private static void addToFleet(Connection connection, Host host, HostReport report, CurrentState before)
            throws SQLException {
        SystemMetrics m = report.metrics();
        double[] now = fleetShare(
                host.cpuCount,
                m == null ? null : m.cpuPercent(),
                m == null ? null : m.memoryUsedBytes(),
                m == null ? null : m.memoryTotalBytes(),
                report.processes().size(),
                statusMap(report.processes()));
        double[] was = before == null ? null : previousShare(connection, host, before);
        long at = report.collectedAtMillis();
        int stripe = FleetBuckets.stripe(host.id);
        try (PreparedStatement add = connection.prepareStatement(ADD_TO_FLEET)) {
            // Finest first, as every report does: two reports wait for each other's rows in one order.
            for (long resolution : FleetBuckets.RESOLUTIONS) {
                long bucket = FleetBuckets.bucket(at, resolution);
                boolean replaces = was != null && FleetBuckets.bucket(before.collectedAtMillis(), resolution) == bucket;
                add.setLong(1, resolution);
                add.setLong(2, bucket);
                add.setInt(3, stripe);
                add.setInt(4, replaces ? 0 : 1);
                add.setDouble(5, now[1] - (replaces ? was[1] : 0));
                for (int i = 2; i < now.length; i++) {
                    add.setLong(4 + i, Math.round(now[i] - (replaces ? was[i] : 0)));
                }
                add.addBatch();
            }
            add.executeBatch();
        }
    }

    /** The share the report of {@code before} added, from its snapshot; null when it is gone. */
    private static double[] previousShare(Connection connection, Host host, CurrentState before) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SNAPSHOT_METRICS)) {
            select.setLong(1, host.id);
            select.setLong(2, before.snapshotId());
            select.setLong(3, before.collectedAtMillis());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                double cpu = rs.getDouble(1);
                Double cpuPercent = rs.wasNull() ? null : cpu;
                long used = rs.getLong(2);
                Long memoryUsed = rs.wasNull() ? null : used;
                long total = rs.getLong(3);
                Long memoryTotal = rs.wasNull() ? null : total;
                return fleetShare(
                        host.cpuCount,
                        cpuPercent,
                        memoryUsed,
                        memoryTotal,
                        rs.getInt(4),
                        StatusCounts.parse(rs.getString(5)));
            }
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

    private static String statusCounts(List<ProcessInfo> processes) {
        return StatusCounts.format(statusMap(processes));
    }

    /**
     * Processes per state, counted in an array by ordinal before the map is made: a merge per
     * process into an {@link EnumMap} boxed every count.
     */
    static Map<ProcessStatus, Integer> statusMap(List<ProcessInfo> processes) {
        int[] byOrdinal = new int[STATES.length];
        for (ProcessInfo p : processes) {
            byOrdinal[(p.status() == null ? ProcessStatus.UNKNOWN : p.status()).ordinal()]++;
        }
        Map<ProcessStatus, Integer> counts = new EnumMap<>(ProcessStatus.class);
        for (ProcessStatus status : STATES) {
            if (byOrdinal[status.ordinal()] > 0) {
                counts.put(status, byOrdinal[status.ordinal()]);
            }
        }
        return counts;
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
}
