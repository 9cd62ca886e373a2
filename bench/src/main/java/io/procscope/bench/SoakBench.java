package io.procscope.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The soak's load: simulated agents that report for a while, as real agents do, to an API that
 * bench/soak.sh restarts (and whose PostgreSQL it restarts) meanwhile; then what each agent sent
 * is compared with what the database holds. Prints {@code RESULT} lines: reports sent, stored,
 * duplicated and lost. See bench/README.md, "Soak".
 */
public final class SoakBench {

    /** The soak's flags, each {@code --name value}. */
    record Options(
            String url,
            String key,
            String jdbc,
            String dbUser,
            int agents,
            int processes,
            double minutes,
            long intervalMillis,
            Duration timeout,
            Duration drain,
            double busyRate,
            double churnRate,
            long seed) {

        static final String USAGE = """
                procscope soak: simulated agents. Flags (--name value):
                  --url URL            the API (required)
                  --key KEY            enrollment secret: each agent enrolls with it (required)
                  --jdbc URL           the API's database (required), to count what was stored
                  --db-user NAME       database user (default postgres)
                  --agents N           simulated agents, one host each (default 20)
                  --processes N        processes per host (default 500)
                  --minutes M          minutes of reporting (default 10; fractions allowed)
                  --interval S         seconds between two reports of an agent (default 10)
                  --timeout S          seconds an agent waits for one answer (default 10, the agent's)
                  --drain S            seconds to deliver what still waits once reporting stops (default 120)
                  --busy-rate F        share of processes moving every report (default 0.04)
                  --churn-rate F       share of processes exiting, and starting, per report (default 0.01)
                  --seed N             random seed (default 42)
                """;

        static Options parse(String[] args) {
            Map<String, String> flags = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("Expected --name value, got '" + args[i] + "'");
                }
                flags.put(args[i].substring(2), args[++i]);
            }
            Options options = new Options(
                    required(flags, "url").replaceAll("/+$", ""),
                    required(flags, "key"),
                    required(flags, "jdbc"),
                    or(flags, "db-user", "postgres"),
                    Integer.parseInt(or(flags, "agents", "20")),
                    Integer.parseInt(or(flags, "processes", "500")),
                    Double.parseDouble(or(flags, "minutes", "10")),
                    (long) (Double.parseDouble(or(flags, "interval", "10")) * 1000),
                    Duration.ofMillis((long) (Double.parseDouble(or(flags, "timeout", "10")) * 1000)),
                    Duration.ofSeconds(Long.parseLong(or(flags, "drain", "120"))),
                    Double.parseDouble(or(flags, "busy-rate", "0.04")),
                    Double.parseDouble(or(flags, "churn-rate", "0.01")),
                    Long.parseLong(or(flags, "seed", "42")));
            if (!flags.isEmpty()) {
                throw new IllegalArgumentException("Unknown flags: " + flags.keySet());
            }
            return options;
        }

        private static String required(Map<String, String> flags, String name) {
            String value = flags.remove(name);
            if (value == null) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return value;
        }

        private static String or(Map<String, String> flags, String name, String fallback) {
            String value = flags.remove(name);
            return value == null ? fallback : value;
        }
    }

    /** One stored snapshot of a simulated host. */
    private record Stored(String hostname, String reportId, long collectedAtMillis) {}

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    private SoakBench() {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "procscope soak: %d agents x %d processes, a report every %d ms each, for %.1f min against %s%n",
                options.agents(),
                options.processes(),
                options.intervalMillis(),
                options.minutes(),
                options.url());

        long start = System.nanoTime();
        long stopGenerating = start + (long) (options.minutes() * 60e9);
        long stopDelivering = stopGenerating + options.drain().toNanos();
        List<SoakAgent> agents = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < options.agents(); i++) {
            String hostname = String.format(Locale.ROOT, "soak-agent-%02d", i);
            SimulatedHost host = new SimulatedHost(
                    hostname,
                    options.processes(),
                    System.currentTimeMillis(),
                    options.intervalMillis(),
                    options.busyRate(),
                    options.churnRate(),
                    options.seed() + i);
            // Agents report at different moments of the interval, as a real fleet does.
            long first = start + options.intervalMillis() * 1_000_000 * (i + 1) / options.agents();
            SoakAgent agent = new SoakAgent(
                    host,
                    new ApiClient(options.url(), options.key(), false, options.timeout()),
                    options.intervalMillis(),
                    first,
                    stopGenerating,
                    stopDelivering);
            agents.add(agent);
            Thread thread = new Thread(agent, hostname);
            threads.add(thread);
            thread.start();
        }

        long nextProgress = start + PROGRESS_EVERY.toNanos();
        while (agents.stream().anyMatch(a -> !a.isDone())) {
            Thread.sleep(200);
            if (System.nanoTime() - nextProgress >= 0) {
                progress(agents, start);
                nextProgress += PROGRESS_EVERY.toNanos();
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        progress(agents, start);

        List<Stored> stored = stored(options);
        report(options, agents, stored);
    }

    private static void progress(List<SoakAgent> agents, long start) {
        int generated = 0;
        int acknowledged = 0;
        int waiting = 0;
        Map<SoakAgent.Outcome, Integer> attempts = new TreeMap<>();
        for (SoakAgent a : agents) {
            synchronized (a) {
                generated += a.generated.size();
                a.attempts.forEach((k, v) -> attempts.merge(k, v, Integer::sum));
            }
            acknowledged += a.acknowledged.size();
            waiting += a.waiting();
        }
        System.out.printf(
                Locale.ROOT,
                "%6.0f s: %d generated, %d acknowledged, %d waiting; attempts %s%n",
                (System.nanoTime() - start) / 1e9,
                generated,
                acknowledged,
                waiting,
                attempts);
    }

    private static List<Stored> stored(Options options) throws SQLException {
        List<Stored> stored = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(options.jdbc(), options.dbUser(), "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select h.hostname, s.report_id, s.collected_at_millis"
                        + " from snapshot s join host h on h.id = s.host_id where h.hostname like 'soak-agent-%'"
                        + " order by h.hostname, s.collected_at_millis")) {
            while (rs.next()) {
                stored.add(new Stored(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return stored;
    }

    private static void report(Options options, List<SoakAgent> agents, List<Stored> stored) {
        Set<String> generated = new HashSet<>();
        Set<String> acknowledged = new HashSet<>();
        Set<String> sent = new HashSet<>();
        Set<String> answeredDuplicate = new HashSet<>();
        Map<SoakAgent.Outcome, Integer> attempts = new TreeMap<>();
        int retried = 0;
        int skipped = 0;
        int rejected = 0;
        for (SoakAgent a : agents) {
            generated.addAll(a.generated.keySet());
            acknowledged.addAll(a.acknowledged);
            sent.addAll(a.acknowledged);
            sent.addAll(a.retried);
            retried += a.retried.size();
            answeredDuplicate.addAll(a.answeredDuplicate);
            a.attempts.forEach((k, v) -> attempts.merge(k, v, Integer::sum));
            skipped += a.ticksSkipped;
            rejected += a.rejected;
        }

        Map<String, Integer> timesStored = new HashMap<>();
        Map<String, Integer> perHost = new TreeMap<>();
        Map<String, Long> largestGap = new TreeMap<>();
        Map<String, Long> lastOfHost = new HashMap<>();
        for (Stored s : stored) {
            timesStored.merge(s.reportId(), 1, Integer::sum);
            perHost.merge(s.hostname(), 1, Integer::sum);
            Long last = lastOfHost.put(s.hostname(), s.collectedAtMillis());
            if (last != null) {
                largestGap.merge(s.hostname(), s.collectedAtMillis() - last, Math::max);
            }
        }
        long duplicated = timesStored.values().stream().filter(n -> n > 1).count();
        Set<String> expected = new HashSet<>(generated);
        expected.addAll(acknowledged);
        Set<String> lost = new HashSet<>(expected);
        lost.removeAll(timesStored.keySet());
        Set<String> acknowledgedLost = new HashSet<>(acknowledged);
        acknowledgedLost.retainAll(lost);
        Set<String> neverAcknowledged = new HashSet<>(generated);
        neverAcknowledged.removeAll(acknowledged);
        Set<String> unknown = new HashSet<>(timesStored.keySet());
        unknown.removeAll(generated);
        int totalAttempts =
                attempts.values().stream().mapToInt(Integer::intValue).sum();
        int fewest = perHost.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        int most = perHost.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        long gap = largestGap.values().stream().mapToLong(Long::longValue).max().orElse(0);

        System.out.println();
        System.out.printf(Locale.ROOT, "attempts by outcome: %s%n", attempts);
        System.out.printf(Locale.ROOT, "stored per host: %s%n", perHost);
        System.out.printf(Locale.ROOT, "largest gap between a host's stored reports, ms: %s%n", largestGap);
        if (!lost.isEmpty()) {
            System.out.println("lost report ids: " + lost);
        }
        if (duplicated > 0) {
            System.out.println("report ids stored more than once: "
                    + timesStored.entrySet().stream()
                            .filter(e -> e.getValue() > 1)
                            .map(Map.Entry::getKey)
                            .toList());
        }

        Results results = new Results();
        results.add(
                "soak reports generated",
                String.format(
                        Locale.ROOT,
                        "%d (%d agents, %.1f min, %d ticks skipped)",
                        generated.size(),
                        agents.size(),
                        options.minutes(),
                        skipped),
                "(none)",
                null);
        results.add(
                "soak reports sent",
                String.format(
                        Locale.ROOT,
                        "%d (%d acknowledged, %d retried, %d attempts)",
                        sent.size(),
                        acknowledged.size(),
                        retried,
                        totalAttempts),
                "= generated",
                sent.size() == generated.size());
        results.add(
                "soak answered 'already stored'",
                String.format(Locale.ROOT, "%d (retries whose first answer was lost)", answeredDuplicate.size()),
                "(none)",
                null);
        results.add(
                "soak reports stored",
                String.format(
                        Locale.ROOT,
                        "%d snapshot rows (%d-%d per host, largest gap %.1f s)",
                        stored.size(),
                        fewest,
                        most,
                        gap / 1000.0),
                "= generated",
                stored.size() == generated.size());
        results.add("soak reports duplicated", Long.toString(duplicated), "0", duplicated == 0);
        results.add(
                "soak reports lost",
                String.format(
                        Locale.ROOT,
                        "%d (%d acknowledged, %d never acknowledged, %d rejected)",
                        lost.size(),
                        acknowledgedLost.size(),
                        neverAcknowledged.size(),
                        rejected),
                "0",
                lost.isEmpty());
        if (!unknown.isEmpty()) {
            results.note(unknown.size() + " stored report ids that no agent generated");
        }
        results.note("load average at the end: " + CpuClock.loadAverage());
        results.print();
    }
}
