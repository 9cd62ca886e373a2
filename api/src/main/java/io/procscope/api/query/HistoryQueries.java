package io.procscope.api.query;

import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.domain.Host;
import io.procscope.api.domain.ProcessIdentity;
import io.procscope.api.domain.ProcessSample;
import io.procscope.api.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A host over time: its system metrics, a process's samples, the processes that started and
 * exited. Read from the change-only samples, the snapshots and, past the raw retention, the rollups.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class HistoryQueries {

    /** Most processes a list of starts or exits holds. */
    static final int CHANGES_LIMIT = 1000;
    /** About how many points a chart of host metrics gets. */
    static final int TARGET_POINTS = 360;

    private static final long[] RESOLUTIONS = {
        10_000, 30_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 86_400_000
    };

    private final EntityManager em;
    private final ProcscopeConfig config;
    private final Clock clock;
    private final KnownHosts hosts;

    HistoryQueries(EntityManager em, ProcscopeConfig config, Clock clock, KnownHosts hosts) {
        this.em = em;
        this.config = config;
        this.clock = clock;
        this.hosts = hosts;
    }

    /** A process's samples over a range, the one before the range carried to its start. */
    public ProcessHistory history(String hostname, int pid, long startTimeMillis, TimeRange range) {
        Host host = hosts.named(hostname);
        if (KnownHosts.process(host, pid, startTimeMillis).isEmpty()) {
            throw ProblemException.notFound(
                    "Host '" + hostname + "' has no process " + pid + " started at " + startTimeMillis + ".");
        }
        List<ProcessSample> samples =
                ProcessSample.between(host.id, pid, startTimeMillis, range.fromMillis(), range.toMillis());
        List<ProcessHistory.Point> points = new ArrayList<>(samples.size() + 1);
        if (samples.isEmpty() || samples.get(0).collectedAtMillis > range.fromMillis()) {
            // The sample holding at the range's start, carried to it: the newest before it, however
            // far back (keyframes bound that, but an interval changed since must not hide it).
            ProcessSample.newestBefore(host.id, pid, startTimeMillis, range.fromMillis())
                    .ifPresent(carried -> points.add(point(carried, range.fromMillis())));
        }
        for (ProcessSample s : samples) {
            points.add(point(s, s.collectedAtMillis));
        }
        return new ProcessHistory(host.hostname, pid, startTimeMillis, range.fromMillis(), range.toMillis(), points);
    }

    /** A host's system metrics over a range, in buckets sized to give a chart a few hundred points. */
    public HostMetrics metrics(String hostname, TimeRange range) {
        Host host = hosts.named(hostname);
        long rawStart = clock.millis() - config.retention().raw().toMillis();
        if (range.fromMillis() < rawStart) {
            return rolledUpMetrics(host, range);
        }
        long resolution = resolution(range, hosts.intervalMillis(host));
        List<Object[]> rows = em.createQuery(
                        "select s.collectedAtMillis, s.cpuPercent, s.memoryUsedBytes, s.memoryTotalBytes,"
                                + " s.swapUsedBytes, s.load1, s.processCount, s.networkReceivedBytes,"
                                + " s.networkSentBytes, s.statusCounts from Snapshot s where s.hostId = :host"
                                + " and s.collectedAtMillis >= :from and s.collectedAtMillis < :to"
                                + " order by s.collectedAtMillis",
                        Object[].class)
                .setParameter("host", host.id)
                .setParameter("from", range.fromMillis())
                .setParameter("to", range.toMillis())
                .getResultList();
        return new HostMetrics(
                host.hostname, range.fromMillis(), range.toMillis(), resolution, MetricBuckets.of(rows, resolution));
    }

    /**
     * Metrics of a range that reaches past the raw retention, from the rollups: per minute while
     * those are kept and the range spans at most a week, else per hour.
     */
    private HostMetrics rolledUpMetrics(Host host, TimeRange range) {
        long now = clock.millis();
        boolean minutes = range.span().toDays() <= 7
                && range.fromMillis() >= now - config.retention().minute().toMillis();
        long unit = minutes ? 60_000 : 3_600_000;
        long resolution = resolution(range, unit);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select bucket_millis, samples, cpu_percent_avg, cpu_percent_max, memory_used_bytes_avg,"
                                + " memory_used_bytes_max, memory_total_bytes, swap_used_bytes_avg, load1_avg,"
                                + " process_count_avg, network_received_bytes, network_sent_bytes"
                                + " from host_metrics_rollup where host_id = ?1 and resolution = ?2"
                                + " and bucket_millis >= ?3 and bucket_millis < ?4 order by bucket_millis")
                .setParameter(1, host.id)
                .setParameter(2, minutes ? "m" : "h")
                .setParameter(3, range.fromMillis())
                .setParameter(4, range.toMillis())
                .getResultList();
        return new HostMetrics(
                host.hostname,
                range.fromMillis(),
                range.toMillis(),
                resolution,
                MetricBuckets.ofRollups(rows, resolution));
    }

    /** The processes that started and that exited on a host in a range. */
    public ProcessChanges changes(String hostname, TimeRange range) {
        Host host = hosts.named(hostname);
        return new ProcessChanges(
                host.hostname,
                range.fromMillis(),
                range.toMillis(),
                changes(host, ProcessChanges.Kind.STARTED, range),
                changes(host, ProcessChanges.Kind.EXITED, range));
    }

    /**
     * The processes that started, or that exited, on a host in a range: newest first, at most
     * {@value #CHANGES_LIMIT}. One query for both kinds: they differ only in the time they are
     * listed by.
     */
    private List<ProcessChanges.Change> changes(Host host, ProcessChanges.Kind kind, TimeRange range) {
        String at = switch (kind) {
            case STARTED -> "p.startTimeMillis";
            case EXITED -> "p.endedMillis";
        };
        return em.createQuery(
                        "select p from ProcessIdentity p where p.hostId = :host and " + at + " >= :from and " + at
                                + " < :to order by " + at + " desc",
                        ProcessIdentity.class)
                .setParameter("host", host.id)
                .setParameter("from", range.fromMillis())
                .setParameter("to", range.toMillis())
                .setMaxResults(CHANGES_LIMIT)
                .getResultStream()
                .map(HistoryQueries::change)
                .toList();
    }

    private static ProcessChanges.Change change(ProcessIdentity p) {
        return new ProcessChanges.Change(
                p.pid, p.ppid, p.name, p.user, p.commandLine, p.startTimeMillis, p.endedMillis);
    }

    private static ProcessHistory.Point point(ProcessSample s, long at) {
        return new ProcessHistory.Point(at, s.status, s.cpuPercent, s.rssBytes, s.threads);
    }

    /** The smallest of the usual resolutions that gives at most about {@value #TARGET_POINTS} points. */
    static long resolution(TimeRange range, long intervalMillis) {
        long wanted = Math.max(intervalMillis, range.span().toMillis() / TARGET_POINTS);
        for (long r : RESOLUTIONS) {
            if (r >= wanted) {
                return r;
            }
        }
        return RESOLUTIONS[RESOLUTIONS.length - 1];
    }
}
