package io.procscope.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Phase S, queries as the fleet grows: the fleet is grown to each of {@code --scale-hosts} hosts
 * (each new host sends {@code --scale-reports} reports of {@code --processes} processes, the newest
 * about now), then {@code --clients} clients ask every kind of JSON question in turn for {@code
 * --duration} s, with no ingest running. A per-host question is about a random host of the fleet
 * and its busiest process; a fleet question is about the whole fleet. Prints p50/p99 per kind and
 * size, and for the fleet questions the ratio of the largest size's figure to the smallest's.
 */
final class ScalePhase {

    /** What a question is about: a host and one of its processes. */
    record Target(String host, int pid, long startTimeMillis) {}

    /** The kinds of question, each a path for a target. */
    static final Map<String, Function<Target, String>> KINDS = new LinkedHashMap<>();

    /** The kinds that ask about the whole fleet: their figures must not grow with it. */
    static final Set<String> FLEET_KINDS = Set.of("search?q=postgres", "top", "fleet/metrics", "fleet/changes");

    static {
        KINDS.put("processes", t -> "/api/v1/hosts/" + t.host() + "/processes");
        KINDS.put("processes?q=java&sort=-memory", t -> "/api/v1/hosts/" + t.host() + "/processes?q=java&sort=-memory");
        KINDS.put("tree", t -> "/api/v1/hosts/" + t.host() + "/tree");
        KINDS.put(
                "process detail",
                t -> "/api/v1/hosts/" + t.host() + "/processes/" + t.pid() + "?start=" + t.startTimeMillis());
        KINDS.put(
                "history",
                t -> "/api/v1/hosts/" + t.host() + "/processes/" + t.pid() + "/history?start=" + t.startTimeMillis());
        KINDS.put("search?q=postgres", t -> "/api/v1/search?q=postgres");
        KINDS.put("top", t -> "/api/v1/top?by=cpu&limit=10");
        KINDS.put("fleet/metrics", t -> "/api/v1/fleet/metrics");
        KINDS.put("fleet/changes", t -> "/api/v1/fleet/changes?limit=100");
    }

    static final String NAMES = "bench-fleet-%03d";

    private final Options options;
    private final Results results;
    private final IngestPhase ingest;

    ScalePhase(Options options, Results results) {
        this.options = options;
        this.results = results;
        this.ingest = new IngestPhase(options, results);
    }

    void run(Database database) throws Exception {
        ApiClient api = new ApiClient(options.url(), options.key(), options.gzipResponses());
        System.out.printf(
                Locale.ROOT,
                "%n== Phase S: queries as the fleet grows to %s hosts of %d processes (%d reports each) ==%n",
                options.scaleHosts(),
                options.processes(),
                options.scaleReports());
        Map<Integer, Map<String, Latencies>> bySize = new LinkedHashMap<>();
        Map<Integer, Map<String, Latencies>> pacedBySize = new LinkedHashMap<>();
        List<Target> targets = new ArrayList<>();
        int hosts = 0;
        for (int size : options.scaleHosts()) {
            if (size > hosts) {
                grow(api, hosts, size - hosts);
                for (int h = hosts; h < size; h++) {
                    targets.add(target(api, String.format(Locale.ROOT, NAMES, h)));
                }
                hosts = size;
            }
            System.out.printf(
                    Locale.ROOT,
                    "-- %d hosts: stored %,d snapshots, %,d process identities, %,d process_sample rows; load %s%n",
                    hosts,
                    database.count("snapshot"),
                    database.count("process"),
                    database.count("process_sample"),
                    CpuClock.loadAverage());
            run(api, targets, options.queryWarmupSeconds());
            CpuShare cpu = CpuShare.start(options.apiPid(), database);
            long start = System.nanoTime();
            Map<String, Latencies> measured = run(api, targets, options.durationSeconds());
            double seconds = (System.nanoTime() - start) / 1e9;
            int total = measured.values().stream().mapToInt(Latencies::count).sum();
            for (Map.Entry<String, Latencies> e : measured.entrySet()) {
                Latencies l = e.getValue();
                System.out.printf(
                        Locale.ROOT,
                        "  %-30s %6d requests, %s; %,d bytes per answer%n",
                        e.getKey(),
                        l.count(),
                        l.describe(),
                        l.averageBytes());
            }
            System.out.printf(
                    Locale.ROOT,
                    "  %d clients, %,.0f requests/s; CPU: %s%n",
                    options.clients(),
                    total / seconds,
                    cpu.stop().describe(total, "request"));
            bySize.put(hosts, measured);
            if (options.scaleRate() > 0) {
                Map<String, Latencies> paced = QueryClients.runAtRate(
                        api, options.clients(), KINDS, targets, options.durationSeconds(), options.scaleRate());
                System.out.printf(
                        Locale.ROOT,
                        "  at %.0f requests/s on a schedule (timed from when each was due):%n",
                        options.scaleRate());
                for (Map.Entry<String, Latencies> e : paced.entrySet()) {
                    System.out.printf(
                            Locale.ROOT,
                            "  %-30s %6d requests, %s%n",
                            e.getKey(),
                            e.getValue().count(),
                            e.getValue().describe());
                }
                pacedBySize.put(hosts, paced);
            }
        }
        table(bySize, true);
        if (!pacedBySize.isEmpty()) {
            System.out.printf(Locale.ROOT, "%nAt %.0f requests/s on a schedule:", options.scaleRate());
            table(pacedBySize, false);
        }
    }

    /**
     * Prints p50 / p99 of every kind at every size, and the p99's growth from the first size to the
     * last; with {@code asResults}, also as RESULT lines against the targets (the closed loop's).
     */
    private void table(Map<Integer, Map<String, Latencies>> bySize, boolean asResults) {
        List<Integer> sizes = new ArrayList<>(bySize.keySet());
        int small = sizes.get(0);
        int large = sizes.get(sizes.size() - 1);
        System.out.printf(Locale.ROOT, "%n%-30s", "p50 / p99 ms");
        sizes.forEach(s -> System.out.printf(Locale.ROOT, " %16s", s + " hosts"));
        System.out.printf(Locale.ROOT, " %12s%n", "p99 " + large + "/" + small);
        for (String kind : KINDS.keySet()) {
            System.out.printf(Locale.ROOT, "%-30s", kind);
            for (int s : sizes) {
                Latencies l = bySize.get(s).get(kind);
                System.out.printf(
                        Locale.ROOT,
                        " %16s",
                        String.format(Locale.ROOT, "%.1f / %.1f", l.percentileMillis(50), l.percentileMillis(99)));
            }
            double growth = bySize.get(large).get(kind).percentileMillis(99)
                    / bySize.get(small).get(kind).percentileMillis(99);
            System.out.printf(Locale.ROOT, " %11.2fx%n", growth);
            if (!asResults) {
                continue;
            }
            for (int s : sizes) {
                Latencies l = bySize.get(s).get(kind);
                results.add(
                        "scale " + s + " hosts " + kind,
                        String.format(
                                Locale.ROOT,
                                "p50 %.1f ms, p99 %.1f ms",
                                l.percentileMillis(50),
                                l.percentileMillis(99)),
                        "p99 < 20 ms",
                        l.percentileMillis(99) < 20);
            }
            if (FLEET_KINDS.contains(kind) && large > small) {
                Latencies a = bySize.get(small).get(kind);
                Latencies b = bySize.get(large).get(kind);
                double p50 = b.percentileMillis(50) / a.percentileMillis(50);
                double p99 = b.percentileMillis(99) / a.percentileMillis(99);
                results.add(
                        "scale " + kind + " " + large + "/" + small,
                        String.format(Locale.ROOT, "p50 %.2fx, p99 %.2fx", p50, p99),
                        "<= 1.5x",
                        p50 <= 1.5 && p99 <= 1.5);
            }
        }
    }

    /** Adds {@code count} hosts after the first {@code existing}, each with its reports up to about now. */
    void grow(ApiClient api, int existing, int count) throws Exception {
        int perHost = options.scaleReports();
        long firstReport = System.currentTimeMillis() - (long) (perHost + 1) * options.intervalMillis();
        long start = System.nanoTime();
        IngestPhase.Encoded encoded = ingest.encode(NAMES, existing, count, perHost, firstReport, 5_000);
        for (String hostname : encoded.hostnames) {
            api.credential(hostname);
        }
        ingest.send(api, encoded, new Latencies());
        System.out.printf(
                Locale.ROOT,
                "grew the fleet by %d hosts (%,d reports) in %.1f s%n",
                count,
                encoded.count(),
                (System.nanoTime() - start) / 1e9);
    }

    /** A host and its busiest process now, which has samples in the history. */
    static Target target(ApiClient api, String host) throws Exception {
        ApiClient.Answer answer = api.get("/api/v1/hosts/" + host + "/processes?sort=-cpu&limit=1");
        if (answer.status() != 200) {
            throw new IllegalStateException("processes of " + host + ": HTTP " + answer.status() + " " + answer.text());
        }
        JsonNode page = new ObjectMapper().readTree(answer.body());
        JsonNode rows = page.isArray() ? page : page.path("processes");
        JsonNode busiest = rows.get(0);
        return new Target(
                host, busiest.get("pid").asInt(), busiest.get("startTimeMillis").asLong());
    }

    private Map<String, Latencies> run(ApiClient api, List<Target> targets, int seconds) throws InterruptedException {
        return QueryClients.run(api, options.clients(), KINDS, targets, seconds);
    }
}
