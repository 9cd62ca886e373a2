package io.procscope.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time spent by the API, PostgreSQL, this generator and the whole machine, read from
 * {@code /proc}, so that a phase can say where its time went on the shared cores.
 */
final class CpuClock {

    /** Linux's USER_HZ: /proc counts CPU in hundredths of a second on every common platform. */
    private static final double TICKS_PER_SECOND = 100.0;

    private CpuClock() {}

    /** CPU seconds (user + system) a process has used; 0 when it is gone or unreadable. */
    static double processSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU seconds of each process, by pid. */
    static Map<Long, Double> processSeconds(Collection<Long> pids) {
        Map<Long, Double> seconds = new HashMap<>();
        for (long pid : pids) {
            seconds.put(pid, processSeconds(pid));
        }
        return seconds;
    }

    /** CPU seconds this JVM has used. */
    static double ownSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }

    /** Busy CPU seconds of the whole machine, all cores: everything but idle and I/O wait. */
    static double machineBusySeconds() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] f = lines.get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return (total - idle) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The load averages over 1, 5 and 15 minutes, as /proc/loadavg prints them. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
