package io.procscope.api.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Folds a host's snapshots, oldest first, into buckets of a fixed width: averages and maxima of the
 * gauges, and rates of the network counters (a counter that goes backwards, after a reboot, adds
 * nothing).
 */
final class MetricBuckets {

    private MetricBuckets() {}

    /**
     * @param rows {@code [collectedAtMillis, cpuPercent, memoryUsedBytes, memoryTotalBytes,
     *     swapUsedBytes, load1, processCount, networkReceivedBytes, networkSentBytes, statusCounts]}
     */
    static List<HostMetrics.Point> of(List<Object[]> rows, long resolution) {
        return fold(rows, resolution, Bucket::add);
    }

    /**
     * The same from rollups, oldest first.
     *
     * @param rows {@code [bucketMillis, samples, cpuPercentAvg, cpuPercentMax, memoryUsedBytesAvg,
     *     memoryUsedBytesMax, memoryTotalBytes, swapUsedBytesAvg, load1Avg, processCountAvg,
     *     networkReceivedBytes, networkSentBytes]}
     */
    static List<HostMetrics.Point> ofRollups(List<Object[]> rows, long resolution) {
        return fold(rows, resolution, Bucket::addRollup);
    }

    /** Adds a row, given the row before it (for counter rates), to a bucket. */
    private interface Adder {
        void add(Bucket bucket, Object[] row, Object[] previous);
    }

    private static List<HostMetrics.Point> fold(List<Object[]> rows, long resolution, Adder adder) {
        List<HostMetrics.Point> points = new ArrayList<>();
        Bucket bucket = null;
        Object[] previous = null;
        for (Object[] row : rows) {
            long start = Math.floorDiv(((Number) row[0]).longValue(), resolution) * resolution;
            if (bucket == null || bucket.start != start) {
                if (bucket != null) {
                    points.add(bucket.point());
                }
                bucket = new Bucket(start);
            }
            adder.add(bucket, row, previous);
            previous = row;
        }
        if (bucket != null) {
            points.add(bucket.point());
        }
        return points;
    }

    private static final class Bucket {
        final long start;
        final Mean cpu = new Mean();
        final Mean memory = new Mean();
        final Mean swap = new Mean();
        final Mean load = new Mean();
        final Mean processes = new Mean();
        Long memoryTotal;
        long receivedBytes;
        long sentBytes;
        long rateMillis;
        String statusCounts;

        Bucket(long start) {
            this.start = start;
        }

        void add(Object[] row, Object[] previous) {
            cpu.add((Double) row[1]);
            memory.add((Long) row[2]);
            memoryTotal = row[3] == null ? memoryTotal : (Long) row[3];
            swap.add((Long) row[4]);
            load.add((Double) row[5]);
            processes.add((Integer) row[6]);
            statusCounts = (String) row[9];
            if (previous != null) {
                long dt = (Long) row[0] - (Long) previous[0];
                long rx = delta(row[7], previous[7]);
                long tx = delta(row[8], previous[8]);
                if (dt > 0 && rx >= 0 && tx >= 0) {
                    receivedBytes += rx;
                    sentBytes += tx;
                    rateMillis += dt;
                }
            }
        }

        void addRollup(Object[] row, Object[] previous) {
            int weight = ((Number) row[1]).intValue();
            cpu.add(number(row[2]), weight);
            cpu.max = Math.max(cpu.max, row[3] == null ? Double.NEGATIVE_INFINITY : number(row[3]));
            memory.add(number(row[4]), weight);
            memory.max = Math.max(memory.max, row[5] == null ? Double.NEGATIVE_INFINITY : number(row[5]));
            memoryTotal = row[6] == null ? memoryTotal : ((Number) row[6]).longValue();
            swap.add(number(row[7]), weight);
            load.add(number(row[8]), weight);
            processes.add(number(row[9]), weight);
            if (previous != null) {
                long dt = ((Number) row[0]).longValue() - ((Number) previous[0]).longValue();
                long rx = delta(row[10], previous[10]);
                long tx = delta(row[11], previous[11]);
                if (dt > 0 && rx >= 0 && tx >= 0) {
                    receivedBytes += rx;
                    sentBytes += tx;
                    rateMillis += dt;
                }
            }
        }

        private static Double number(Object value) {
            return value == null ? null : ((Number) value).doubleValue();
        }

        private static long delta(Object now, Object before) {
            return now == null || before == null ? -1 : ((Number) now).longValue() - ((Number) before).longValue();
        }

        HostMetrics.Point point() {
            Double rxRate = rateMillis == 0 ? null : receivedBytes * 1000.0 / rateMillis;
            Double txRate = rateMillis == 0 ? null : sentBytes * 1000.0 / rateMillis;
            return new HostMetrics.Point(
                    start,
                    cpu.average(),
                    cpu.max(),
                    memory.averageLong(),
                    memory.maxLong(),
                    memoryTotal,
                    swap.averageLong(),
                    load.average(),
                    processes.average(),
                    rxRate,
                    txRate,
                    KnownHosts.statusNames(statusCounts));
        }
    }

    /** Average and maximum of the values that are present. */
    private static final class Mean {
        double sum;
        double max = Double.NEGATIVE_INFINITY;
        int count;

        void add(Number value) {
            add(value == null ? null : value.doubleValue(), 1);
        }

        void add(Double value, int weight) {
            if (value != null && weight > 0) {
                sum += value * weight;
                max = Math.max(max, value);
                count += weight;
            }
        }

        Double average() {
            return count == 0 ? null : sum / count;
        }

        Double max() {
            return count == 0 ? null : max;
        }

        Long averageLong() {
            return count == 0 ? null : Math.round(sum / count);
        }

        Long maxLong() {
            return count == 0 ? null : (long) max;
        }
    }
}
