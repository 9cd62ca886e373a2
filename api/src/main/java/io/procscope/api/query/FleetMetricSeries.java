package io.procscope.api.query;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet's system metrics over time: each host's {@link HistoryQueries#metrics} put into common
 * buckets (the coarsest of the hosts' resolutions) and added up. CPU is weighted by each host's
 * processors, so a 64-core host counts for more than a 2-core one.
 */
@ApplicationScoped
public class FleetMetricSeries {

    private final HostQueries hostQueries;
    private final HistoryQueries historyQueries;

    FleetMetricSeries(HostQueries hostQueries, HistoryQueries historyQueries) {
        this.hostQueries = hostQueries;
        this.historyQueries = historyQueries;
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

    /** Every host not gone over {@code range}. */
    public Fleet over(TimeRange range) {
        List<HostSummary> hosts = hostQueries.listHosts().stream()
                .filter(h -> h.status() != HostStatus.GONE)
                .toList();
        List<HostMetrics> perHost = new ArrayList<>(hosts.size());
        Map<String, Integer> cpus = new LinkedHashMap<>();
        long resolution = 0;
        for (HostSummary h : hosts) {
            HostMetrics m = historyQueries.metrics(h.hostname(), range);
            perHost.add(m);
            cpus.put(h.hostname(), h.cpuCount() == null ? 1 : h.cpuCount());
            resolution = Math.max(resolution, m.resolutionMillis());
        }
        return new Fleet(
                range.fromMillis(), range.toMillis(), resolution, hosts.size(), add(perHost, cpus, resolution));
    }

    /** Pure: the hosts' points re-bucketed at {@code resolution} and added up. */
    static List<Point> add(List<HostMetrics> perHost, Map<String, Integer> cpus, long resolution) {
        Map<Long, Sum> buckets = new TreeMap<>();
        for (HostMetrics host : perHost) {
            // A host's own buckets may be finer than the fleet's: average them into the fleet's first.
            Map<Long, List<HostMetrics.Point>> mine = new TreeMap<>();
            for (HostMetrics.Point p : host.points()) {
                mine.computeIfAbsent(Math.floorDiv(p.atMillis(), resolution) * resolution, k -> new ArrayList<>())
                        .add(p);
            }
            int hostCpus = cpus.getOrDefault(host.hostname(), 1);
            mine.forEach((at, points) -> buckets.computeIfAbsent(at, Sum::new).add(points, hostCpus));
        }
        return buckets.values().stream().map(Sum::point).toList();
    }

    private static final class Sum {
        final long at;
        int hosts;
        double busy;
        long cpus;
        long memoryUsed;
        long memoryTotal;
        double processes;
        final Map<String, Integer> statusCounts = new TreeMap<>();

        Sum(long at) {
            this.at = at;
        }

        void add(List<HostMetrics.Point> points, int hostCpus) {
            hosts++;
            Double cpu =
                    average(points.stream().map(HostMetrics.Point::cpuPercent).toList());
            if (cpu != null) {
                busy += cpu * hostCpus;
                cpus += hostCpus;
            }
            Double memory = average(points.stream()
                    .map(p -> p.memoryUsedBytes() == null
                            ? null
                            : p.memoryUsedBytes().doubleValue())
                    .toList());
            memoryUsed += memory == null ? 0 : Math.round(memory);
            HostMetrics.Point last = points.get(points.size() - 1);
            memoryTotal += last.memoryTotalBytes() == null ? 0 : last.memoryTotalBytes();
            Double count =
                    average(points.stream().map(HostMetrics.Point::processCount).toList());
            processes += count == null ? 0 : count;
            if (last.statusCounts() != null) {
                last.statusCounts().forEach((status, n) -> statusCounts.merge(status, n, Integer::sum));
            }
        }

        Point point() {
            return new Point(
                    at, hosts, cpus == 0 ? null : busy / cpus, memoryUsed, memoryTotal, processes, statusCounts);
        }

        private static Double average(List<Double> values) {
            double sum = 0;
            int n = 0;
            for (Double v : values) {
                if (v != null) {
                    sum += v;
                    n++;
                }
            }
            return n == 0 ? null : sum / n;
        }
    }
}
