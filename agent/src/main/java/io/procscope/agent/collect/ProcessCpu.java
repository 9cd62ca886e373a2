package io.procscope.agent.collect;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-process CPU percent between two collections. CPU% needs two readings: the agent primes this
 * with one collection of ticks before its first report, so the first report is already right.
 *
 * <p>A process is keyed by (pid, start time) because pids are reused. One not seen in the previous
 * collection (started since, or the very first reading) gets its lifetime average. Not thread-safe:
 * one collection at a time.
 */
final class ProcessCpu {

    /** A process's identity: pid plus start time, ms since the epoch. */
    record Key(int pid, long startTimeMillis) {}

    /**
     * One reading of a process's CPU counters.
     *
     * @param busyMillis user plus kernel time since the process started, ms
     * @param upTimeMillis wall time since the process started, at the reading, ms
     */
    record Tick(long busyMillis, long upTimeMillis) {}

    private Map<Key, Tick> previous = new HashMap<>();
    private Map<Key, Tick> current = new HashMap<>();

    /**
     * Records a reading and returns the process's CPU percent since the previous collection.
     *
     * @param key the process
     * @param now this reading
     * @return percent of one logical processor, rounded to 0.01; null when it cannot be computed
     */
    Double record(Key key, Tick now) {
        current.put(key, now);
        return percent(previous.get(key), now);
    }

    /** Ends a collection: its readings become the previous ones, and vanished processes are dropped. */
    void endCollection() {
        previous = current;
        current = new HashMap<>(previous.size() + 16);
    }

    /**
     * @return how many processes the previous collection read
     */
    int primedProcesses() {
        return previous.size();
    }

    /**
     * CPU percent from two readings: 100 * delta(busy) / delta(wall). Without a usable prior reading
     * (none, or counters that went backwards) it is the lifetime average, 100 * busy / uptime.
     *
     * @param prior the previous collection's reading, or null
     * @param now this reading
     * @return percent of one logical processor (above 100 for several busy threads), rounded to
     *     0.01; null when the process has no measurable uptime
     */
    static Double percent(Tick prior, Tick now) {
        if (prior != null) {
            long busy = now.busyMillis() - prior.busyMillis();
            long wall = now.upTimeMillis() - prior.upTimeMillis();
            if (busy >= 0 && wall > 0) {
                return round(100.0 * busy / wall);
            }
        }
        if (now.upTimeMillis() <= 0 || now.busyMillis() < 0) {
            return null;
        }
        return round(100.0 * now.busyMillis() / now.upTimeMillis());
    }

    private static double round(double percent) {
        return Math.round(percent * 100.0) / 100.0;
    }
}
