package io.procscope.agent.collect;

/**
 * Shaping shared by the host collectors: pure functions of what a platform reader returned, with no
 * OSHI type in sight, so that loading this class loads nothing of OSHI.
 */
final class HostValues {

    /** Index of the idle ticks in a CPU tick array: {@code /proc/stat}'s order, and OSHI's. */
    static final int IDLE = 3;

    /** Index of the iowait ticks in a CPU tick array. */
    static final int IOWAIT = 4;

    private HostValues() {}

    /**
     * Busy share of all processors between two readings of the system's CPU ticks: everything but
     * idle and iowait, over everything. The arrays are in {@code /proc/stat}'s order (user, nice,
     * system, idle, iowait, irq, softirq, steal), which is also that of OSHI's {@code TickType}.
     *
     * @param prev the earlier ticks
     * @param now the later ticks
     * @return percent, 0 to 100, rounded to 0.01; null when no time passed, the counters reset or a
     *     reading is missing
     */
    static Double cpuPercentBetween(long[] prev, long[] now) {
        if (prev == null || now == null || prev.length != now.length || now.length <= IOWAIT) {
            return null;
        }
        long total = 0;
        for (int i = 0; i < now.length; i++) {
            long d = now[i] - prev[i];
            if (d < 0) {
                return null;
            }
            total += d;
        }
        if (total <= 0) {
            return null;
        }
        long idle = (now[IDLE] - prev[IDLE]) + (now[IOWAIT] - prev[IOWAIT]);
        double percent = 100.0 * (total - idle) / total;
        return Math.round(Math.max(0, Math.min(100, percent)) * 100.0) / 100.0;
    }

    /**
     * @param version for example {@code 12}
     * @param codeName for example {@code bookworm}
     * @return for example {@code 12 (bookworm)}, or null when neither is known
     */
    static String osVersion(String version, String codeName) {
        String v = Fields.blankToNull(version);
        String c = Fields.blankToNull(codeName);
        if (v == null || "unknown".equalsIgnoreCase(v)) {
            return c;
        }
        return c == null ? v : v + " (" + c + ")";
    }
}
