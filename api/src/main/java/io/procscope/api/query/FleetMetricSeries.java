package io.procscope.api.query;

import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.domain.FleetBuckets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.Session;

/**
 * The fleet's system metrics over time, read from the buckets that reports add to as they arrive
 * ({@code fleet_metrics}, see {@link FleetBuckets}): a range costs at most a few hundred buckets of
 * {@link FleetBuckets#STRIPES} rows, whatever the fleet's size. Each host counts in a bucket with
 * its newest report there; CPU is weighted by each host's processors, so a 64-core host counts for
 * more than a 2-core one. The buckets are the fleet as it was: a host gone since still counts in the
 * buckets it reported in.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class FleetMetricSeries {

    /** About how many points a chart of the fleet gets, at most. */
    static final int TARGET_POINTS = HistoryQueries.TARGET_POINTS;

    private static final String[] STATES = {"running", "sleeping", "disk_sleep", "idle", "stopped", "zombie", "unknown"
    };

    private final EntityManager em;
    private final ProcscopeConfig config;
    private final Clock clock;

    FleetMetricSeries(EntityManager em, ProcscopeConfig config, Clock clock) {
        this.em = em;
        this.config = config;
        this.clock = clock;
    }

    /**
     * The fleet over a time range.
     *
     * @param fromMillis start of the range, ms since the epoch
     * @param toMillis end of the range, ms since the epoch
     * @param resolutionMillis width of a bucket
     * @param hosts hosts added up
     * @param points one per bucket that has data, oldest first
     */
    public record Fleet(long fromMillis, long toMillis, long resolutionMillis, int hosts, List<Point> points) {}

    /**
     * The fleet in one bucket.
     *
     * @param atMillis start of the bucket, ms since the epoch
     * @param hosts hosts with data in the bucket
     * @param cpuPercent busy share of those hosts' processors, 0 to 100
     * @param memoryUsedBytes memory in use on those hosts, bytes
     * @param memoryTotalBytes their memory, bytes
     * @param processCount their processes
     * @param statusCounts their processes per state, by lower-case state name
     */
    public record Point(
            long atMillis,
            int hosts,
            Double cpuPercent,
            long memoryUsedBytes,
            long memoryTotalBytes,
            double processCount,
            Map<String, Integer> statusCounts) {}

    /** The fleet over {@code range}, in the finest buckets kept that give it at most about {@value #TARGET_POINTS} points. */
    public Fleet over(TimeRange range) {
        long notGoneSince = clock.millis() - config.hosts().goneAfter().toMillis();
        return em.unwrap(Session.class).doReturningWork(c -> {
            int hosts = 0;
            long interval = config.hosts().defaultInterval().toMillis();
            // Hosts not gone by interval, a few rows, not a visit of each host: the buckets are no
            // finer than the interval half of them report at, so a bucket holds most hosts. Hosts
            // with a longer interval (a misconfigured or hostile agent among them) show in the
            // buckets they report in and do not make everyone's chart coarse.
            try (PreparedStatement s = c.prepareStatement("select i, count(*) from (select coalesce(interval_millis, ?)"
                    + " as i from host where last_received_millis >= ?) h group by i")) {
                long fallback = interval;
                s.setLong(1, fallback);
                s.setLong(2, notGoneSince);
                TreeMap<Long, Long> byInterval = new TreeMap<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        byInterval.put(rs.getLong(1), rs.getLong(2));
                        hosts += rs.getInt(2);
                    }
                }
                interval = medianInterval(byInterval, fallback);
            }
            long resolution = resolution(range, interval);
            List<Point> points = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select bucket_millis, sum(hosts), sum(cpu_busy), sum(cpus),"
                    + " sum(memory_used_bytes), sum(memory_total_bytes), sum(processes), sum(running), sum(sleeping),"
                    + " sum(disk_sleep), sum(idle), sum(stopped), sum(zombie), sum(unknown) from fleet_metrics"
                    + " where resolution_millis = ? and bucket_millis >= ? and bucket_millis < ?"
                    + " group by bucket_millis order by bucket_millis")) {
                s.setLong(1, resolution);
                s.setLong(2, FleetBuckets.bucket(range.fromMillis(), resolution));
                s.setLong(3, range.toMillis());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        int bucketHosts = rs.getInt(2);
                        if (bucketHosts <= 0) {
                            continue;
                        }
                        long cpus = rs.getLong(4);
                        Map<String, Integer> states = new TreeMap<>();
                        for (int i = 0; i < STATES.length; i++) {
                            int n = rs.getInt(8 + i);
                            if (n > 0) {
                                states.put(STATES[i], n);
                            }
                        }
                        points.add(new Point(
                                rs.getLong(1),
                                bucketHosts,
                                cpus == 0 ? null : rs.getDouble(3) / cpus,
                                rs.getLong(5),
                                rs.getLong(6),
                                rs.getLong(7),
                                states));
                    }
                }
            }
            return new Fleet(range.fromMillis(), range.toMillis(), resolution, hosts, points);
        });
    }

    /**
     * The interval at or under which half the hosts report, from the count of hosts by interval;
     * {@code fallback} when there is no host.
     */
    static long medianInterval(TreeMap<Long, Long> hostsByInterval, long fallback) {
        long hosts =
                hostsByInterval.values().stream().mapToLong(Long::longValue).sum();
        long counted = 0;
        for (Map.Entry<Long, Long> group : hostsByInterval.entrySet()) {
            counted += group.getValue();
            if (counted * 2 >= hosts) {
                return group.getKey();
            }
        }
        return fallback;
    }

    /**
     * The finest bucket width kept that is no finer than the hosts' median interval and gives at
     * most about {@value #TARGET_POINTS} points; the coarsest kept for longer ranges.
     */
    static long resolution(TimeRange range, long intervalMillis) {
        long wanted = Math.max(intervalMillis, range.span().toMillis() / TARGET_POINTS);
        for (long r : FleetBuckets.RESOLUTIONS) {
            if (r >= wanted) {
                return r;
            }
        }
        return FleetBuckets.RESOLUTIONS[FleetBuckets.RESOLUTIONS.length - 1];
    }
}
