package io.procscope.bench;

import io.procscope.dto.HostReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Phase C: one fresh host, alone in its database, reports for a simulated hour; the database's
 * growth is measured per table and extrapolated to a day. Tables that grow with time (history)
 * are extrapolated; the one-row-per-host tables (host, host_state) are counted once, since each
 * report replaces the host's row and (auto)vacuum makes the old one's space reusable.
 */
final class StoragePhase {

    private static final double MB = 1_000_000.0;

    private final Options options;
    private final Results results;

    StoragePhase(Options options, Results results) {
        this.options = options;
        this.results = results;
    }

    void run(Database database) throws Exception {
        int reports = options.storageReports();
        long reportsPerDay = 86_400_000L / options.intervalMillis();
        System.out.printf(
                Locale.ROOT,
                "%n== Phase C: storage ==%n1 host x %d processes, %d reports %d s apart (%.1f h simulated),"
                        + " in a database of its own%n",
                options.storageProcesses(),
                reports,
                options.intervalMillis() / 1000,
                reports * options.intervalMillis() / 3_600_000.0);
        SimulatedHost host = new SimulatedHost(
                "bench-size-host",
                options.storageProcesses(),
                System.currentTimeMillis() - (long) reports * options.intervalMillis(),
                options.intervalMillis(),
                options.busyRate(),
                options.churnRate(),
                options.seed() + 10_000);
        ApiClient api = new ApiClient(options.url(), options.key(), false);

        database.settle();
        Map<String, Long> emptyParts = database.partSizes();
        Map<String, Long> empty = Database.tableSizes(emptyParts);
        long emptyDatabase = database.databaseSize();
        send(api, host.nextReport());
        database.settle();
        Map<String, Long> firstParts = database.partSizes();
        Map<String, Long> first = Database.tableSizes(firstParts);
        // Each report replaces the host's state row (a TOASTed blob of some 10 KiB). In real time
        // autovacuum makes the old versions' space reusable about once a minute (autovacuum_naptime);
        // reports sent back to back leave it no time, so the phase does it every simulated minute.
        long vacuumEvery = Math.max(1, 60_000 / options.intervalMillis());
        long start = System.nanoTime();
        for (int r = 1; r < reports; r++) {
            send(api, host.nextReport());
            if (r % vacuumEvery == 0) {
                database.vacuum("host_state", "host");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        database.settle();
        Map<String, Long> lastParts = database.partSizes();
        Map<String, Long> last = Database.tableSizes(lastParts);
        long lastDatabase = database.databaseSize();

        Set<String> tables = new LinkedHashSet<>(last.keySet());
        tables.addAll(empty.keySet());
        double perDay = 0;
        System.out.printf(
                Locale.ROOT,
                "sent in %.1f s; growth by table (first report / the other %d / per day):%n",
                seconds,
                reports - 1);
        for (String table : tables) {
            long firstGrowth = first.getOrDefault(table, 0L) - empty.getOrDefault(table, 0L);
            long restGrowth = last.getOrDefault(table, 0L) - first.getOrDefault(table, 0L);
            boolean history = Database.HISTORY_TABLES.contains(table);
            double day = history ? perDay(firstGrowth, restGrowth, reportsPerDay, reports) : firstGrowth + restGrowth;
            perDay += day;
            if (firstGrowth != 0 || restGrowth != 0) {
                System.out.printf(
                        Locale.ROOT,
                        "  %-22s %10s %12s %12s  %s%n",
                        table,
                        kib(firstGrowth),
                        kib(restGrowth),
                        kib((long) day),
                        history ? "grows with time" : "one row per host: counted once");
                if (history) {
                    printParts(table, emptyParts, firstParts, lastParts, reportsPerDay, reports);
                }
            }
        }
        long samples = database.count("process_sample");
        long naive = lastDatabase - emptyDatabase;
        double observations = (double) options.storageProcesses() * reportsPerDay;
        System.out.printf(
                Locale.ROOT,
                "stored: %,d process_sample rows, %,d process identities, %,d snapshots%n"
                        + "per host per day at %d processes every %d s: %.1f MB (%.0f bytes per process observed);"
                        + " pg_database_size grew %.1f MB in the run (scaled to a day: %.1f MB)%n",
                samples,
                database.count("process"),
                database.count("snapshot"),
                options.storageProcesses(),
                options.intervalMillis() / 1000,
                perDay / MB,
                perDay / observations,
                naive / MB,
                naive / MB * 86_400_000.0 / (reports * options.intervalMillis()));
        results.add(
                "storage per host per day",
                String.format(Locale.ROOT, "%.1f MB (%.0f B per process observed)", perDay / MB, perDay / observations),
                "<= 25 MB",
                perDay / MB <= 25);
    }

    /** A history table's growth in a day: one first report and reportsPerDay - 1 more like the rest. */
    private static double perDay(long firstGrowth, long restGrowth, long reportsPerDay, int reports) {
        return firstGrowth + restGrowth * (double) (reportsPerDay - 1) / (reports - 1);
    }

    /** The rows and each index of a history table, as its line: first report / the rest / per day. */
    private static void printParts(
            String table,
            Map<String, Long> empty,
            Map<String, Long> first,
            Map<String, Long> last,
            long reportsPerDay,
            int reports) {
        for (String part : last.keySet()) {
            if (!part.equals(table) && !part.startsWith(table + " ")) {
                continue;
            }
            long firstGrowth = first.getOrDefault(part, 0L) - empty.getOrDefault(part, 0L);
            long restGrowth = last.getOrDefault(part, 0L) - first.getOrDefault(part, 0L);
            double day = perDay(firstGrowth, restGrowth, reportsPerDay, reports);
            System.out.printf(
                    Locale.ROOT,
                    "    %-40s %10s %12s %12s%n",
                    part.equals(table) ? "(rows)" : part.substring(table.length() + 1),
                    kib(firstGrowth),
                    kib(restGrowth),
                    kib((long) day));
        }
    }

    private static void send(ApiClient api, HostReport report) throws IOException, InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            IngestPhase.JSON.writeValue(out, report);
        }
        ApiClient.Answer answer = api.postReport(report.host().hostname(), bytes.toByteArray());
        if (answer.status() != 202) {
            throw new IllegalStateException("Report not accepted: HTTP " + answer.status() + " " + answer.text());
        }
    }

    private static String kib(long bytes) {
        return String.format(Locale.ROOT, "%,.0f KiB", bytes / 1024.0);
    }
}
