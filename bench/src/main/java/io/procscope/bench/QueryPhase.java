package io.procscope.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Phase B: concurrent readers over the stored data, with no ingest running: each client asks in
 * turn for a random host's processes (default page, then searched and sorted), its tree, and a
 * fleet-wide search.
 */
final class QueryPhase {

    /** The kinds of question, each a path for a host. */
    static final Map<String, Function<String, String>> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("processes", h -> "/api/v1/hosts/" + h + "/processes");
        KINDS.put("processes?q=java&sort=-memory", h -> "/api/v1/hosts/" + h + "/processes?q=java&sort=-memory");
        KINDS.put("tree", h -> "/api/v1/hosts/" + h + "/tree");
        KINDS.put("search?q=postgres", h -> "/api/v1/search?q=postgres");
    }

    private final Options options;
    private final Results results;

    QueryPhase(Options options, Results results) {
        this.options = options;
        this.results = results;
    }

    void run(Database database) throws Exception {
        ApiClient api = new ApiClient(options.url(), options.key(), options.gzipResponses());
        List<String> hosts = benchHosts(api);
        System.out.printf(
                Locale.ROOT,
                "%n== Phase B: queries (no ingest running) ==%n%d hosts to ask about (%d in the fleet);"
                        + " stored: %,d snapshots (%,d process observations), %,d process_sample rows,"
                        + " %,d process identities%n",
                hosts.size(),
                totalHosts,
                database.count("snapshot"),
                database.single("select coalesce(sum(process_count), 0) from snapshot"),
                database.count("process_sample"),
                database.count("process"));
        Map<String, Latencies> warmup = run(api, hosts, options.queryWarmupSeconds());
        System.out.printf(
                Locale.ROOT,
                "warm-up: %d s, %d requests%n",
                options.queryWarmupSeconds(),
                warmup.values().stream().mapToInt(Latencies::count).sum());

        CpuShare cpu = CpuShare.start(options.apiPid(), database);
        long start = System.nanoTime();
        Map<String, Latencies> measured = run(api, hosts, options.durationSeconds());
        double seconds = (System.nanoTime() - start) / 1e9;
        int total = measured.values().stream().mapToInt(Latencies::count).sum();
        String cpuLine = cpu.stop().describe(total, "request");
        double worstP99 = 0;
        for (Map.Entry<String, Latencies> e : measured.entrySet()) {
            Latencies l = e.getValue();
            worstP99 = Math.max(worstP99, l.percentileMillis(99));
            System.out.printf(
                    Locale.ROOT,
                    "  %-30s %6d requests, %6.1f/s, %s; %,d bytes per answer%n",
                    e.getKey(),
                    l.count(),
                    l.count() / seconds,
                    l.describe(),
                    l.averageBytes());
            results.add(
                    "query " + e.getKey(),
                    String.format(
                            Locale.ROOT, "p50 %.1f ms, p99 %.1f ms", l.percentileMillis(50), l.percentileMillis(99)),
                    "p99 < 20 ms",
                    l.percentileMillis(99) < 20);
        }
        System.out.printf(
                Locale.ROOT,
                "queries: %d clients, %.1f s, %,.0f requests/s in all; worst p99 %.1f ms%n",
                options.clients(),
                seconds,
                total / seconds,
                worstP99);
        System.out.println("CPU during queries: " + cpuLine);
        results.note(String.format(
                Locale.ROOT, "queries: %,.0f requests/s from %d clients", total / seconds, options.clients()));
        results.note("query CPU: " + cpuLine);
    }

    private int totalHosts;

    /** The ingest phase's hosts, from the API's own host list. */
    private List<String> benchHosts(ApiClient api) throws Exception {
        ApiClient.Answer answer = api.get("/api/v1/hosts");
        if (answer.status() != 200) {
            throw new IllegalStateException("GET /api/v1/hosts: HTTP " + answer.status() + " " + answer.text());
        }
        List<String> hosts = new ArrayList<>();
        JsonNode list = new ObjectMapper().readTree(answer.body());
        totalHosts = list.size();
        for (JsonNode host : list) {
            String name = host.get("hostname").asText();
            if (name.startsWith("bench-host-")) {
                hosts.add(name);
            }
        }
        if (hosts.isEmpty()) {
            throw new IllegalStateException("No bench-host-* has reported: run the ingest phase first");
        }
        return hosts;
    }

    private Map<String, Latencies> run(ApiClient api, List<String> hosts, int seconds) throws InterruptedException {
        return QueryClients.run(api, options.clients(), KINDS, hosts, seconds);
    }
}
