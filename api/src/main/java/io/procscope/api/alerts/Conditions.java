package io.procscope.api.alerts;

import io.procscope.api.query.HostStatus;
import io.procscope.dto.FileSystemUsage;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.SystemMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Judges a rule's condition on a host: which of its subjects (the host itself, or single
 * processes) it holds for now, with the measured value and a summary for people. Pure: no
 * database, no clock, so each condition is tested on plain values.
 */
final class Conditions {

    /** The subject of an alert about the host itself (or a count on it). */
    static final String HOST = "";

    private Conditions() {}

    /**
     * One subject the condition holds for.
     *
     * @param subject {@link #HOST}, or {@code pid:start} for a process
     * @param pid the process's pid, or null
     * @param startTimeMillis the process's start, or null
     * @param value what was measured: a count, a percentage, bytes, seconds
     * @param summary one line for people
     */
    record Observation(String subject, Integer pid, Long startTimeMillis, double value, String summary) {}

    /**
     * What judging a rule found.
     *
     * @param evaluated false when the rule could not be judged (a value the agent could not read,
     *     patterns that took too long): its alerts stay as they are
     * @param value for host-level conditions, the value now, holding or not (resolutions carry it)
     * @param holding the subjects the condition holds for
     */
    record Outcome(boolean evaluated, double value, List<Observation> holding) {
        static final Outcome NOT_EVALUATED = new Outcome(false, 0, List.of());

        static Outcome holds(Observation o) {
            return new Outcome(true, o.value(), List.of(o));
        }

        static Outcome clear(double value) {
            return new Outcome(true, value, List.of());
        }
    }

    /** The condition of {@code rule} on {@code host}. */
    static Outcome evaluate(AlertRule rule, HostView host, MatchBudget budget) {
        Condition c = rule.condition();
        if (c.fromReport() && !host.withReport()) {
            return Outcome.NOT_EVALUATED;
        }
        try {
            if (c instanceof Condition.ProcessAbsent a) {
                return absent(a, host, budget);
            }
            if (c instanceof Condition.ProcessCount n) {
                return count(n, host, budget);
            }
            if (c instanceof Condition.Restarts r) {
                return restarts(r, host, budget);
            }
            if (c instanceof Condition.ProcessCpu cpu) {
                return processCpu(cpu, host, budget);
            }
            if (c instanceof Condition.ProcessRss rss) {
                return processRss(rss, host, budget);
            }
            if (c instanceof Condition.HostStale) {
                return stale(host);
            }
            if (c instanceof Condition.HostGone) {
                return gone(host);
            }
            return metric((Condition.HostMetric) c, host);
        } catch (MatchBudget.Exhausted e) {
            return Outcome.NOT_EVALUATED;
        }
    }

    private static Outcome absent(Condition.ProcessAbsent a, HostView host, MatchBudget budget) {
        for (ProcessInfo p : host.processes()) {
            if (matches(a.match(), p, budget)) {
                return Outcome.clear(1);
            }
        }
        return Outcome.holds(new Observation(
                HOST,
                null,
                null,
                0,
                "no process matching %s on %s".formatted(a.match().describe(), host.hostname())));
    }

    private static Outcome count(Condition.ProcessCount n, HostView host, MatchBudget budget) {
        int count = 0;
        for (ProcessInfo p : host.processes()) {
            if (matches(n.match(), p, budget)) {
                count++;
            }
        }
        boolean below = n.min() != null && count < n.min();
        boolean above = n.max() != null && count > n.max();
        if (!below && !above) {
            return Outcome.clear(count);
        }
        String bound = below ? "fewer than " + n.min() : "more than " + n.max();
        return Outcome.holds(new Observation(
                HOST,
                null,
                null,
                count,
                "%d processes matching %s on %s: %s".formatted(count, n.match().describe(), host.hostname(), bound)));
    }

    private static Outcome restarts(Condition.Restarts r, HostView host, MatchBudget budget) {
        long from = host.collectedAtMillis() - r.within().toMillis();
        int count = 0;
        for (HostView.Start s : host.starts()) {
            if (s.startTimeMillis() > from && r.match().matches(s.name(), s.user(), s.commandLine(), budget)) {
                count++;
            }
        }
        if (count <= r.moreThan()) {
            return Outcome.clear(count);
        }
        return Outcome.holds(new Observation(
                HOST,
                null,
                null,
                count,
                "%d starts of processes matching %s on %s within %s"
                        .formatted(count, r.match().describe(), host.hostname(), Units.formatDuration(r.within()))));
    }

    private static Outcome processCpu(Condition.ProcessCpu cpu, HostView host, MatchBudget budget) {
        List<Observation> holding = new ArrayList<>();
        for (ProcessInfo p : host.processes()) {
            Double v = p.cpuPercent();
            if (v != null && v > cpu.abovePercent() && matches(cpu.match(), p, budget)) {
                holding.add(process(
                        p,
                        v,
                        "%s (pid %d) at %s %% CPU on %s, above %s %%"
                                .formatted(
                                        name(p),
                                        p.pid(),
                                        Units.formatNumber(v),
                                        host.hostname(),
                                        Units.formatNumber(cpu.abovePercent()))));
            }
        }
        return byValue(holding);
    }

    private static Outcome processRss(Condition.ProcessRss rss, HostView host, MatchBudget budget) {
        double threshold;
        if (rss.aboveBytes() != null) {
            threshold = rss.aboveBytes();
        } else if (host.memoryTotalBytes() != null && host.memoryTotalBytes() > 0) {
            threshold = host.memoryTotalBytes() * rss.abovePercentOfHost() / 100;
        } else {
            return Outcome.NOT_EVALUATED; // the share of a memory the agent could not read
        }
        String limit = rss.aboveBytes() != null
                ? Units.formatBytes(threshold)
                : Units.formatNumber(rss.abovePercentOfHost()) + " % of the host's memory";
        List<Observation> holding = new ArrayList<>();
        for (ProcessInfo p : host.processes()) {
            Long v = p.rssBytes();
            if (v != null && v > threshold && matches(rss.match(), p, budget)) {
                holding.add(process(
                        p,
                        v,
                        "%s (pid %d) at %s RSS on %s, above %s"
                                .formatted(name(p), p.pid(), Units.formatBytes(v), host.hostname(), limit)));
            }
        }
        return byValue(holding);
    }

    private static Outcome stale(HostView host) {
        double seconds = host.silentMillis() / 1000.0;
        if (host.status() == HostStatus.REPORTING) {
            return Outcome.clear(seconds);
        }
        return Outcome.holds(new Observation(
                HOST,
                null,
                null,
                seconds,
                "%s has not reported for %s"
                        .formatted(host.hostname(), Units.formatDuration(Duration.ofSeconds((long) seconds)))));
    }

    private static Outcome gone(HostView host) {
        double seconds = host.silentMillis() / 1000.0;
        if (host.status() != HostStatus.GONE) {
            return Outcome.clear(seconds);
        }
        return Outcome.holds(new Observation(
                HOST,
                null,
                null,
                seconds,
                "%s is gone: no report for %s"
                        .formatted(host.hostname(), Units.formatDuration(Duration.ofSeconds((long) seconds)))));
    }

    private static Outcome metric(Condition.HostMetric m, HostView host) {
        Double value = metricValue(m, host);
        if (value == null) {
            return Outcome.NOT_EVALUATED;
        }
        if (value <= m.above()) {
            return Outcome.clear(value);
        }
        String what = m.metric() == Condition.Metric.FILE_SYSTEM
                ? "file system " + RuleParser.excerpt(m.mountPoint())
                : m.metric().describe();
        String unit = m.metric() == Condition.Metric.LOAD_PER_CPU ? "" : " %";
        return Outcome.holds(new Observation(
                HOST,
                null,
                null,
                value,
                "%s at %s%s on %s, above %s%s"
                        .formatted(
                                what,
                                String.format(Locale.ROOT, "%.2f", value).replaceAll("\\.?0+$", ""),
                                unit,
                                host.hostname(),
                                Units.formatNumber(m.above()),
                                unit)));
    }

    /**
     * The metric's value now; null where the report does not say. A file system the report does
     * not list is 0 % used: it is not mounted any more.
     */
    static Double metricValue(Condition.HostMetric m, HostView host) {
        SystemMetrics s = host.metrics();
        if (s == null) {
            return null;
        }
        return switch (m.metric()) {
            case CPU -> s.cpuPercent();
            case MEMORY -> percent(s.memoryUsedBytes(), s.memoryTotalBytes());
            case SWAP ->
                s.swapTotalBytes() != null && s.swapTotalBytes() == 0
                        ? Double.valueOf(0)
                        : percent(s.swapUsedBytes(), s.swapTotalBytes());
            case LOAD_PER_CPU ->
                s.load1() == null || host.cpuCount() == null || host.cpuCount() <= 0
                        ? null
                        : s.load1() / host.cpuCount();
            case FILE_SYSTEM -> {
                if (s.fileSystems() == null) {
                    yield null;
                }
                for (FileSystemUsage fs : s.fileSystems()) {
                    if (m.mountPoint().equals(fs.mountPoint())) {
                        yield percent(fs.usedBytes(), fs.totalBytes());
                    }
                }
                yield 0.0;
            }
        };
    }

    private static Double percent(Long used, Long total) {
        return used == null || total == null || total <= 0 ? null : 100.0 * used / total;
    }

    private static boolean matches(ProcessMatch match, ProcessInfo p, MatchBudget budget) {
        return match.matches(p.name(), p.user(), p.commandLine(), budget);
    }

    private static Observation process(ProcessInfo p, double value, String summary) {
        return new Observation(subject(p.pid(), p.startTimeMillis()), p.pid(), p.startTimeMillis(), value, summary);
    }

    /** The subject of an alert about one process: {@code pid:start}. */
    static String subject(int pid, long startTimeMillis) {
        return pid + ":" + startTimeMillis;
    }

    private static String name(ProcessInfo p) {
        String n = p.name() == null ? "?" : p.name();
        return n.length() <= 64 ? n : n.substring(0, 64) + "…";
    }

    private static Outcome byValue(List<Observation> holding) {
        holding.sort(Comparator.comparingDouble(Observation::value).reversed());
        return new Outcome(true, holding.isEmpty() ? 0 : holding.get(0).value(), holding);
    }
}
