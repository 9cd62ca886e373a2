package io.procscope.bench;

import java.util.Locale;

/**
 * The API benchmark's load generator: see bench/README.md. Run by bench/api-bench.sh against an
 * API it started; prints figures, and {@code RESULT} lines beside their targets.
 */
public final class ApiBench {

    private ApiBench() {}

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
                "procscope API benchmark: %s, phases %s, %d cores, load average %s%n",
                options.url(),
                String.join(",", options.phases()),
                Runtime.getRuntime().availableProcessors(),
                CpuClock.loadAverage());
        Results results = new Results();
        try (Database database = new Database(options.jdbc(), options.dbUser())) {
            if (options.phases().contains("ingest")) {
                new IngestPhase(options, results).run(database);
            }
            if (options.phases().contains("query")) {
                new QueryPhase(options, results).run(database);
            }
            if (options.phases().contains("storage")) {
                new StoragePhase(options, results).run(database);
            }
            if (options.phases().contains("scale")) {
                new ScalePhase(options, results).run(database);
            }
            if (options.phases().contains("pages")) {
                new PagePhase(options, results).run(database);
            }
            if (options.phases().contains("abuse")) {
                new AbusePhase(options, results).run(database);
            }
        }
        results.note("load average at the end: " + CpuClock.loadAverage());
        results.print();
    }
}
