package io.procscope.api.retention;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.procscope.api.alerts.AlertsConfig;
import io.procscope.api.alerts.notify.DeliveryConfig;
import io.procscope.api.config.Database;
import io.procscope.api.config.ProcscopeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps history within its retention: rolls host metrics up per minute and per hour, then drops
 * what is older than each retention. On PostgreSQL raw history goes by whole daily partitions,
 * never row by row from the large tables; on SQLite, in small batches. A process's identity goes
 * once its last sample has gone: when it exited before the raw retention's start. Alert history
 * goes too, in batches: transitions ({@code alert_event}) older than {@code
 * procscope.alerts.history-kept}, and sent, failed and silenced notifications older than {@code
 * procscope.alerts.notifications-kept}; never a notification still due, nor what an alert active
 * now is made of (its state, the transitions since it went pending, the notifications that told it
 * fired).
 */
@ApplicationScoped
public class RetentionService {

    /** What one run did. */
    public record Outcome(
            int partitionsDropped, long rowsDeleted, int minuteBuckets, int hourBuckets, long minuteDoneMillis) {}

    static final long MINUTE = 60_000;
    static final long HOUR = 3_600_000;
    static final long DAY = 86_400_000;
    /** Reports arrive up to an interval after collection: minutes are rolled up only after this lag. */
    static final long ROLLUP_LAG = 2 * MINUTE;
    /** Only one replica runs retention at a time (PostgreSQL advisory lock key). */
    static final long LOCK_KEY = 0x70726F6373636F70L; // "procscop"

    private static final Logger LOG = Logger.getLogger(RetentionService.class);
    private static final DateTimeFormatter PARTITION_DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private static final String ROLLUP_MINUTES = "insert into host_metrics_rollup (host_id, resolution, bucket_millis,"
            + " samples, cpu_percent_avg, cpu_percent_max, memory_used_bytes_avg, memory_used_bytes_max,"
            + " memory_total_bytes, swap_used_bytes_avg, load1_avg, load1_max, process_count_avg,"
            + " network_received_bytes, network_sent_bytes)"
            + " select host_id, 'm', (collected_at_millis / 60000) * 60000, count(*), avg(cpu_percent),"
            + " max(cpu_percent), avg(memory_used_bytes), max(memory_used_bytes), max(memory_total_bytes),"
            + " avg(swap_used_bytes), avg(load1), max(load1), avg(process_count), max(network_received_bytes),"
            + " max(network_sent_bytes) from snapshot where collected_at_millis >= ? and collected_at_millis < ?"
            + " group by host_id, (collected_at_millis / 60000) * 60000 on conflict do nothing";
    private static final String ROLLUP_HOURS = "insert into host_metrics_rollup (host_id, resolution, bucket_millis,"
            + " samples, cpu_percent_avg, cpu_percent_max, memory_used_bytes_avg, memory_used_bytes_max,"
            + " memory_total_bytes, swap_used_bytes_avg, load1_avg, load1_max, process_count_avg,"
            + " network_received_bytes, network_sent_bytes)"
            + " select host_id, 'h', (bucket_millis / 3600000) * 3600000, sum(samples),"
            + " sum(cpu_percent_avg * samples) / sum(samples), max(cpu_percent_max),"
            + " sum(memory_used_bytes_avg * samples) / sum(samples), max(memory_used_bytes_max),"
            + " max(memory_total_bytes), sum(swap_used_bytes_avg * samples) / sum(samples),"
            + " sum(load1_avg * samples) / sum(samples), max(load1_max),"
            + " sum(process_count_avg * samples) / sum(samples), max(network_received_bytes),"
            + " max(network_sent_bytes) from host_metrics_rollup where resolution = 'm'"
            + " and bucket_millis >= ? and bucket_millis < ?"
            + " group by host_id, (bucket_millis / 3600000) * 3600000 on conflict do nothing";

    private final AgroalDataSource dataSource;
    private final ProcscopeConfig.Retention retention;
    private final boolean postgres;
    private final MeterRegistry registry;
    private final AlertsConfig alerts;
    private final DeliveryConfig delivery;

    RetentionService(
            AgroalDataSource dataSource,
            ProcscopeConfig config,
            Database database,
            MeterRegistry registry,
            AlertsConfig alerts,
            DeliveryConfig delivery) {
        this.dataSource = dataSource;
        this.retention = config.retention();
        this.postgres = database.isPostgreSQL();
        this.registry = registry;
        this.alerts = alerts;
        this.delivery = delivery;
    }

    /** One run at {@code now}: partitions ahead, rollups, then purges. */
    public Outcome run(Instant now) {
        long at = now.toEpochMilli();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (postgres && !tryLock(c)) {
                LOG.debug("Another replica is running retention");
                return new Outcome(0, 0, 0, 0, 0);
            }
            try {
                if (postgres) {
                    ensurePartitions(c, at);
                }
                long minuteDone = watermark(c, "m", floor(at - retention.raw().toMillis(), MINUTE));
                long minuteUpTo = floor(at - ROLLUP_LAG, MINUTE);
                int minutes = 0;
                if (minuteUpTo > minuteDone) {
                    minutes = rollUp(c, ROLLUP_MINUTES, "m", minuteDone, minuteUpTo);
                    minuteDone = minuteUpTo;
                }
                long hourDone = watermark(c, "h", floor(at - retention.raw().toMillis(), HOUR));
                long hourUpTo = floor(minuteDone, HOUR);
                int hours = 0;
                if (hourUpTo > hourDone) {
                    hours = rollUp(c, ROLLUP_HOURS, "h", hourDone, hourUpTo);
                }
                long rawCutoff = at - retention.raw().toMillis();
                int dropped = postgres ? dropPartitionsBefore(c, rawCutoff) : 0;
                long deleted = 0;
                // On PostgreSQL these are the default partitions' stragglers; on SQLite, everything.
                deleted += deleteBatched(
                        c,
                        postgres ? "process_sample_default" : "process_sample",
                        "collected_at_millis < ?",
                        rawCutoff);
                deleted += deleteBatched(
                        c, postgres ? "snapshot_default" : "snapshot", "collected_at_millis < ?", rawCutoff);
                deleted += deleteBatched(c, "process", "ended_millis < ?", rawCutoff);
                deleted += deleteBatched(
                        c,
                        "host_metrics_rollup",
                        "resolution = 'm' and bucket_millis < ?",
                        at - retention.minute().toMillis());
                deleted += deleteBatched(
                        c,
                        "host_metrics_rollup",
                        "resolution = 'h' and bucket_millis < ?",
                        at - retention.hour().toMillis());
                // The fleet's buckets (V7), each width as long as the host rollups of its grain.
                deleted += deleteBatched(
                        c, "fleet_metrics", "resolution_millis <= 60000 and bucket_millis < ?", rawCutoff);
                deleted += deleteBatched(
                        c,
                        "fleet_metrics",
                        "resolution_millis > 60000 and resolution_millis <= 3600000 and bucket_millis < ?",
                        at - retention.minute().toMillis());
                deleted += deleteBatched(
                        c,
                        "fleet_metrics",
                        "resolution_millis > 3600000 and bucket_millis < ?",
                        at - retention.hour().toMillis());
                deleted += purgeAlertHistory(c, at, retention.batchSize());
                registry.counter("procscope.retention.rows.deleted").increment(deleted);
                registry.counter("procscope.retention.partitions.dropped").increment(dropped);
                Outcome outcome = new Outcome(dropped, deleted, minutes, hours, minuteDone);
                if (dropped > 0 || deleted > 0) {
                    LOG.infof(
                            "Retention: dropped %d partitions, deleted %d rows, rolled up %d minutes and %d hours",
                            dropped, deleted, minutes, hours);
                }
                return outcome;
            } finally {
                if (postgres) {
                    unlock(c);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Retention failed: " + e.getMessage(), e);
        }
    }

    /** Creates the daily partitions from yesterday to two days ahead of {@code at}. */
    void ensurePartitions(Connection c, long at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select procscope_ensure_partitions(?, 1, 2)")) {
            s.setLong(1, at);
            s.execute();
        }
    }

    private int rollUp(Connection c, String sql, String resolution, long from, long upTo) throws SQLException {
        int rows;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, from);
            s.setLong(2, upTo);
            rows = s.executeUpdate();
        }
        try (PreparedStatement s =
                c.prepareStatement("insert into rollup_watermark (resolution, done_millis) values (?, ?)"
                        + " on conflict (resolution) do update set done_millis = excluded.done_millis")) {
            s.setString(1, resolution);
            s.setLong(2, upTo);
            s.executeUpdate();
        }
        return rows;
    }

    private static long watermark(Connection c, String resolution, long initial) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("select done_millis from rollup_watermark where resolution = ?")) {
            s.setString(1, resolution);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : initial;
            }
        }
    }

    /** Drops the daily partitions that end at or before {@code cutoff}: whole days only. */
    private static int dropPartitionsBefore(Connection c, long cutoff) throws SQLException {
        List<String> old = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                                + " join pg_class p on p.oid = i.inhparent where p.relname in ('snapshot', 'process_sample')")) {
            while (rs.next()) {
                String name = rs.getString(1);
                String day = name.substring(name.lastIndexOf('_') + 1);
                if (day.length() == 8 && day.chars().allMatch(Character::isDigit)) {
                    long end = LocalDate.parse(day, PARTITION_DAY)
                                    .atStartOfDay(ZoneOffset.UTC)
                                    .toInstant()
                                    .toEpochMilli()
                            + DAY;
                    if (end <= cutoff) {
                        old.add(name);
                    }
                }
            }
        }
        try (Statement s = c.createStatement()) {
            for (String name : old) {
                s.execute("drop table if exists \"" + name + "\"");
                LOG.debugf("Dropped partition %s", name);
            }
        }
        return old.size();
    }

    /**
     * Deletes old alert history, {@code batch} rows per statement: transitions past {@code
     * history-kept} but those of an alert's current episode (at or after its {@code
     * pending_since_millis}), and finished notifications past {@code notifications-kept} but those
     * of an alert active now, which a resolution reads its start from, and Alertmanager's firing
     * ones still posted again.
     */
    long purgeAlertHistory(Connection c, long now, int batch) throws SQLException {
        long deleted = deleteByIdBatched(
                c,
                "alert_event",
                "e.at_millis < ? and not exists (select 1 from alert_state s where s.host_id = e.host_id"
                        + " and s.rule_name = e.rule_name and s.subject = e.subject"
                        + " and e.at_millis >= s.pending_since_millis)",
                now - alerts.historyKept().toMillis(),
                batch);
        deleted += deleteByIdBatched(
                c,
                "alert_notification",
                "e.state in ('sent', 'failed', 'silenced') and e.created_millis < ?"
                        + " and (e.resend_millis is null or e.resend_millis < ?)"
                        + " and not exists (select 1 from alert_state s join host h on h.id = s.host_id"
                        + " where h.hostname = e.hostname and s.rule_name = e.rule_name and s.subject = e.subject"
                        + " and e.at_millis >= s.pending_since_millis)",
                now - delivery.notificationsKept().toMillis(),
                batch);
        return deleted;
    }

    /**
     * Deletes the rows of {@code table} (aliased {@code e}) where {@code condition} holds, by id,
     * {@code batch} at a time, each statement its own short transaction; every {@code ?} in the
     * condition is {@code value}.
     */
    private static long deleteByIdBatched(Connection c, String table, String condition, long value, int batch)
            throws SQLException {
        long parameters = condition.chars().filter(ch -> ch == '?').count();
        String sql = "delete from " + table + " where id in (select e.id from " + table + " e where " + condition
                + " limit " + batch + ")";
        long total = 0;
        int n;
        do {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 1; i <= parameters; i++) {
                    s.setLong(i, value);
                }
                n = s.executeUpdate();
            }
            total += n;
        } while (n >= batch);
        return total;
    }

    /** Deletes matching rows a batch at a time, each batch its own short transaction. */
    private long deleteBatched(Connection c, String table, String condition, long value) throws SQLException {
        String row = postgres ? "ctid" : "rowid";
        String sql = "delete from " + table + " where " + row + " in (select " + row + " from " + table + " where "
                + condition + " limit " + retention.batchSize() + ")";
        long total = 0;
        int n;
        do {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setLong(1, value);
                n = s.executeUpdate();
            }
            total += n;
        } while (n >= retention.batchSize());
        return total;
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select pg_try_advisory_lock(" + LOCK_KEY + ")")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static void unlock(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("select pg_advisory_unlock(" + LOCK_KEY + ")");
        }
    }

    static long floor(long millis, long unit) {
        return Math.floorDiv(millis, unit) * unit;
    }
}
