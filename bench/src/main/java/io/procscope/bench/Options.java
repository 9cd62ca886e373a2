package io.procscope.bench;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The generator's flags, each {@code --name value}. Defaults are the benchmark's: 40 hosts of 500
 * processes, 2,000,000 processes ingested by 4 senders, 4 query clients for 20 s, one host of 300
 * processes for an hour for storage, and 50 hosts of 16 MB reports for 90 s for abuse.
 */
record Options(
        String url,
        String key,
        String jdbc,
        String dbUser,
        Set<String> phases,
        int hosts,
        int processes,
        long observations,
        int senders,
        int warmupReports,
        int clients,
        int durationSeconds,
        int queryWarmupSeconds,
        int storageProcesses,
        int storageReports,
        long intervalMillis,
        double busyRate,
        double churnRate,
        long seed,
        long apiPid,
        boolean gzipResponses,
        int abuseHosts,
        int abuseOversized,
        long abuseReportBytes,
        int abuseDurationSeconds,
        String abuseSearch,
        List<Integer> scaleHosts,
        int scaleReports,
        double scaleRate,
        int pageBigProcesses,
        int pageRuns) {

    static final String USAGE = """
            procscope API benchmark: load generator. Flags (--name value):
              --url URL                 the API, e.g. http://127.0.0.1:18080 (required)
              --key KEY                 enrollment secret: each host enrolls with it (required for ingest and storage)
              --jdbc URL                the API's database, for counts and sizes
                                        (default jdbc:postgresql://127.0.0.1:5432/procscope_bench)
              --db-user NAME            database user (default postgres)
              --phases LIST             ingest,query,storage,abuse,scale,pages (default ingest,query)
              --hosts N                 simulated hosts for ingest and queries (default 40)
              --processes N             processes per host (default 500)
              --observations N          processes to ingest, reports x processes (default 2000000)
              --senders N               concurrent report senders (default 4)
              --warmup-reports N        untimed reports from 4 other hosts before ingest (default 200)
              --clients N               concurrent query clients (default 4)
              --duration S              seconds of measured queries (default 20)
              --query-warmup S          seconds of untimed queries before (default 5)
              --storage-processes N     processes of the storage host (default 300)
              --storage-reports N       reports of the storage host (default 360: an hour at 10 s)
              --interval S              seconds between two reports of a host (default 10)
              --busy-rate F             share of processes moving every report (default 0.04)
              --churn-rate F            share of processes exiting, and starting, per report (default 0.01)
              --seed N                  random seed (default 42)
              --api-pid PID             the API's process id, to account its CPU (default: not accounted)
              --gzip-responses BOOL     ask for gzip-compressed query answers (default false)
              --abuse-hosts N           abuse: hosts sending reports of --abuse-report-bytes (default 50)
              --abuse-oversized N       abuse: of those, hosts whose reports are past 16 MiB (default 5)
              --abuse-report-bytes N    abuse: JSON bytes of a report (default 16000000, under 16 MiB)
              --abuse-duration S        abuse: seconds of reports and searches (default 90)
              --abuse-search TEXT       abuse: what the searching client asks for (default postgres)
              --scale-hosts LIST        scale: fleet sizes the queries are measured at, ascending (default 20,200)
              --scale-reports N         scale: reports each host of the scale fleet sends first (default 6)
              --scale-rate R            scale: also ask R requests/s on a schedule, timed from when each was
                                        due, to see service times apart from a saturated closed loop
                                        (default 40; 0 skips it)
              --page-big-processes N    pages: processes of the one large host beside the scale fleet (default 2000)
              --page-runs N             pages: loads of each page at each fleet size, after one warm-up (default 15)
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
                flags.remove("key"),
                or(flags, "jdbc", "jdbc:postgresql://127.0.0.1:5432/procscope_bench"),
                or(flags, "db-user", "postgres"),
                new LinkedHashSet<>(List.of(or(flags, "phases", "ingest,query").split(","))),
                Integer.parseInt(or(flags, "hosts", "40")),
                Integer.parseInt(or(flags, "processes", "500")),
                Long.parseLong(or(flags, "observations", "2000000")),
                Integer.parseInt(or(flags, "senders", "4")),
                Integer.parseInt(or(flags, "warmup-reports", "200")),
                Integer.parseInt(or(flags, "clients", "4")),
                Integer.parseInt(or(flags, "duration", "20")),
                Integer.parseInt(or(flags, "query-warmup", "5")),
                Integer.parseInt(or(flags, "storage-processes", "300")),
                Integer.parseInt(or(flags, "storage-reports", "360")),
                Long.parseLong(or(flags, "interval", "10")) * 1000,
                Double.parseDouble(or(flags, "busy-rate", "0.04")),
                Double.parseDouble(or(flags, "churn-rate", "0.01")),
                Long.parseLong(or(flags, "seed", "42")),
                Long.parseLong(or(flags, "api-pid", "0")),
                Boolean.parseBoolean(or(flags, "gzip-responses", "false")),
                Integer.parseInt(or(flags, "abuse-hosts", "50")),
                Integer.parseInt(or(flags, "abuse-oversized", "5")),
                Long.parseLong(or(flags, "abuse-report-bytes", "16000000")),
                Integer.parseInt(or(flags, "abuse-duration", "90")),
                or(flags, "abuse-search", "postgres"),
                java.util.Arrays.stream(or(flags, "scale-hosts", "20,200").split(","))
                        .map(String::strip)
                        .map(Integer::valueOf)
                        .toList(),
                Integer.parseInt(or(flags, "scale-reports", "6")),
                Double.parseDouble(or(flags, "scale-rate", "40")),
                Integer.parseInt(or(flags, "page-big-processes", "2000")),
                Integer.parseInt(or(flags, "page-runs", "15")));
        if (!flags.isEmpty()) {
            throw new IllegalArgumentException("Unknown flags: " + flags.keySet());
        }
        for (String phase : options.phases) {
            if (!Set.of("ingest", "query", "storage", "abuse", "scale", "pages").contains(phase)) {
                throw new IllegalArgumentException(
                        "Unknown phase '" + phase + "': use ingest, query, storage, abuse, scale, pages");
            }
        }
        if ((options.phases.contains("ingest")
                        || options.phases.contains("storage")
                        || options.phases.contains("abuse")
                        || options.phases.contains("scale")
                        || options.phases.contains("pages"))
                && options.key == null) {
            throw new IllegalArgumentException("--key is required to send reports");
        }
        return options;
    }

    /** These options with {@code processes} per host. */
    Options withProcesses(int processes) {
        return new Options(
                url,
                key,
                jdbc,
                dbUser,
                phases,
                hosts,
                processes,
                observations,
                senders,
                warmupReports,
                clients,
                durationSeconds,
                queryWarmupSeconds,
                storageProcesses,
                storageReports,
                intervalMillis,
                busyRate,
                churnRate,
                seed,
                apiPid,
                gzipResponses,
                abuseHosts,
                abuseOversized,
                abuseReportBytes,
                abuseDurationSeconds,
                abuseSearch,
                scaleHosts,
                scaleReports,
                scaleRate,
                pageBigProcesses,
                pageRuns);
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
