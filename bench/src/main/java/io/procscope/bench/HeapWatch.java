package io.procscope.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the API's heap from its Prometheus endpoint every 250 ms on a thread of its own, and keeps
 * the highest figures: heap used (all pools, garbage included, as the JVM reports it) and the heap's
 * maximum. (What is live is in the API's GC log: bench/api-bench.sh reads it.)
 */
final class HeapWatch {

    /**
     * The highest figures seen, bytes.
     *
     * @param usedBytes heap used, summed over its pools
     * @param maxBytes the heap's maximum, summed over its pools
     * @param reads how many times the endpoint answered
     */
    record Peak(double usedBytes, double maxBytes, int reads) {}

    private static final long EVERY_MILLIS = 250;

    private final ApiClient api;
    private final Thread thread;
    private volatile boolean running = true;
    private double used;
    private double max;
    private int reads;

    private HeapWatch(ApiClient api) {
        this.api = api;
        this.thread = new Thread(this::watch, "heap-watch");
        this.thread.setDaemon(true);
    }

    static HeapWatch start(ApiClient api) {
        HeapWatch watch = new HeapWatch(api);
        watch.thread.start();
        return watch;
    }

    Peak stop() throws InterruptedException {
        running = false;
        thread.join();
        synchronized (this) {
            return new Peak(used, max, reads);
        }
    }

    /** The API's {@code procscope_ingest_rejected_total} series and the cache gauge, one line. */
    static String rejectedCounters(ApiClient api) throws Exception {
        List<String> found = new ArrayList<>();
        for (String line : api.get("/q/metrics", "text/plain").text().split("\n")) {
            if (line.startsWith("procscope_ingest_rejected_total{")
                    || line.startsWith("procscope_ingest_reports_total{")
                    || line.startsWith("procscope_cache_bytes")) {
                String[] parts = line.split(" ");
                found.add(parts[0] + " " + String.format(Locale.ROOT, "%.0f", Double.parseDouble(parts[1])));
            }
        }
        return String.join(", ", found);
    }

    private void watch() {
        while (running) {
            long start = System.nanoTime();
            try {
                ApiClient.Answer answer = api.get("/q/metrics", "text/plain");
                if (answer.status() == 200) {
                    read(answer.text());
                }
            } catch (Exception e) {
                // a read that fails under load is skipped: the next one comes in 250 ms
            }
            long left = EVERY_MILLIS - (System.nanoTime() - start) / 1_000_000;
            if (left > 0) {
                try {
                    Thread.sleep(left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void read(String metrics) {
        double usedNow = 0;
        double maxNow = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                usedNow += value(line);
            } else if (line.startsWith("jvm_memory_max_bytes{") && line.contains("area=\"heap\"")) {
                maxNow += Math.max(0, value(line));
            }
        }
        synchronized (this) {
            used = Math.max(used, usedNow);
            max = Math.max(max, maxNow);
            reads++;
        }
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
