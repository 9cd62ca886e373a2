package io.procscope.api.alerts;

import java.time.Duration;
import java.util.Locale;

/**
 * What must hold on a host for a rule to fire: exactly one of these per rule. Process conditions
 * and host metrics are judged from each report as it is stored; {@link HostStale} and {@link
 * HostGone} by the API's clock, on a timer.
 */
public sealed interface Condition {

    /** The key that names the condition in a rule: {@code processAbsent}, ..., {@code host}. */
    String key();

    /** True for the conditions judged from a report's contents (all but staleness and gone). */
    default boolean fromReport() {
        return true;
    }

    /** No process matching {@code match} runs on the host. */
    record ProcessAbsent(ProcessMatch match) implements Condition {
        @Override
        public String key() {
            return "processAbsent";
        }
    }

    /**
     * The number of processes matching {@code match} is below {@code min} or above {@code max}.
     *
     * @param min fewest allowed, or null for no floor
     * @param max most allowed, or null for no ceiling
     */
    record ProcessCount(ProcessMatch match, Integer min, Integer max) implements Condition {
        @Override
        public String key() {
            return "processCount";
        }
    }

    /**
     * Processes matching {@code match} started more than {@code moreThan} times within {@code
     * within} (a crash loop). Starts are those the API saw: processes new since the host's previous
     * report, started after its first one.
     */
    record Restarts(ProcessMatch match, int moreThan, Duration within) implements Condition {
        @Override
        public String key() {
            return "restarts";
        }
    }

    /**
     * A process matching {@code match} uses more than {@code abovePercent} of one logical processor
     * (so up to 100 x processors). One alert per process.
     */
    record ProcessCpu(ProcessMatch match, double abovePercent) implements Condition {
        @Override
        public String key() {
            return "processCpu";
        }
    }

    /**
     * A process matching {@code match} has a resident set above {@code aboveBytes}, or above {@code
     * abovePercentOfHost} % of the host's memory: exactly one of the two is set. One alert per process.
     */
    record ProcessRss(ProcessMatch match, Long aboveBytes, Double abovePercentOfHost) implements Condition {
        @Override
        public String key() {
            return "processRss";
        }
    }

    /** The host is stale: it missed {@code procscope.hosts.stale-after-intervals} reports (or is gone). */
    record HostStale() implements Condition {
        @Override
        public String key() {
            return "host";
        }

        @Override
        public boolean fromReport() {
            return false;
        }
    }

    /** The host is gone: no report for {@code procscope.hosts.gone-after}. */
    record HostGone() implements Condition {
        @Override
        public String key() {
            return "host";
        }

        @Override
        public boolean fromReport() {
            return false;
        }
    }

    /**
     * A host metric of the newest report is above {@code above}.
     *
     * @param metric which
     * @param above the threshold, in the metric's unit
     * @param mountPoint for {@link Metric#FILE_SYSTEM}, the file system's mount point; else null
     */
    record HostMetric(Metric metric, double above, String mountPoint) implements Condition {
        @Override
        public String key() {
            return "host";
        }
    }

    /** A host metric a rule can watch. */
    enum Metric {
        /** Busy share of all logical processors, 0 to 100 %. */
        CPU("cpu", 100),
        /** Memory used, % of the host's memory. */
        MEMORY("memory", 100),
        /** Swap used, % of the host's swap; 0 without swap. */
        SWAP("swap", 100),
        /** The 1-minute load average divided by the logical processors. */
        LOAD_PER_CPU("loadPerCpu", 1000),
        /** A file system's used share, % of its size. */
        FILE_SYSTEM("fileSystem", 100);

        private final String key;
        private final double max;

        Metric(String key, double max) {
            this.key = key;
            this.max = max;
        }

        /** As rules write it: {@code loadPerCpu}. */
        public String key() {
            return key;
        }

        /** The largest threshold that makes sense. */
        double max() {
            return max;
        }

        /** The metric a rule names, or null. */
        static Metric of(String key) {
            for (Metric m : values()) {
                if (m.key.equals(key)) {
                    return m;
                }
            }
            return null;
        }

        /** For people. */
        String describe() {
            return switch (this) {
                case LOAD_PER_CPU -> "load per CPU";
                case FILE_SYSTEM -> "file system";
                default -> key.toLowerCase(Locale.ROOT);
            };
        }
    }
}
