package io.procscope.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Phase D: limits under abuse. {@code --abuse-hosts} (50) hosts send reports of {@code
 * --abuse-report-bytes} (16 MB of JSON, gzip-compressed, just under the API's 16 MiB limit; {@code
 * --abuse-oversized} (5) of them just over it) every {@code --interval}, all at once, while a client
 * searches the fleet without pause. Each host behaves as the agent does: a report the API turns away
 * with 429 is sent again once its {@code Retry-After} (plus up to 20% of jitter) has passed, one
 * refused with 413 is given up, and the next report follows an interval after the last was made.
 *
 * <p>Meanwhile the API's heap is read from {@code /q/metrics} every 250 ms. Prints the answers by
 * status, the heap's high-water mark, and the API's own refusal counters; bench/api-bench.sh adds
 * the high-water mark of the heap after each collection from the API's GC log.
 */
final class AbusePhase {

    /** Reports a host cycles through: consecutive ones of one simulated host, so each differs by churn. */
    private static final int TEMPLATES = 3;

    private static final ObjectMapper JSON = IngestPhase.JSON;
    private static final long MAX_RETRY_AFTER_MILLIS = 300_000;

    private final Options options;
    private final Results results;
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final LongAdder noAnswer = new LongAdder();
    private final AtomicLong firstOddAnswer = new AtomicLong();
    private volatile String oddAnswer;

    AbusePhase(Options options, Results results) {
        this.options = options;
        this.results = results;
    }

    void run(Database database) throws Exception {
        int hosts = options.abuseHosts();
        int oversized = Math.min(hosts, options.abuseOversized());
        System.out.printf(
                Locale.ROOT,
                "%n== Phase D: abuse ==%n%d hosts send reports of about %,d bytes of JSON every %d s (%d of them"
                        + " over 16 MiB), all at once, for %d s; a client searches for '%s' without pause%n",
                hosts,
                options.abuseReportBytes(),
                options.intervalMillis() / 1000,
                oversized,
                options.abuseDurationSeconds(),
                options.abuseSearch());

        long encodeStart = System.nanoTime();
        List<SplicedGzip> fitting = templates(options.abuseReportBytes(), TEMPLATES, 1);
        List<SplicedGzip> tooLarge = oversized == 0 ? List.of() : templates((17L << 20) + (1 << 19), 1, 2);
        System.out.printf(
                Locale.ROOT,
                "encoded in %.1f s: reports of %,d bytes of JSON (%,d gzip), oversized ones of %,d%n",
                (System.nanoTime() - encodeStart) / 1e9,
                fitting.get(0).fixedLength(),
                fitting.get(0).with(new byte[0]).length,
                tooLarge.isEmpty() ? 0 : tooLarge.get(0).fixedLength());

        ApiClient api = new ApiClient(options.url(), options.key(), false);
        HeapWatch heap = HeapWatch.start(api);
        CpuShare cpu = CpuShare.start(options.apiPid(), database);
        long deadline = System.nanoTime() + options.abuseDurationSeconds() * 1_000_000_000L;
        Latencies accepted = new Latencies();
        Latencies searches = new Latencies();
        LongAdder searchFailures = new LongAdder();

        List<Thread> threads = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            String hostname = String.format(Locale.ROOT, "bench-abuse-%02d", h);
            List<SplicedGzip> reports = h >= hosts - oversized ? tooLarge : fitting;
            threads.add(start("host-" + h, () -> sendAsAnAgent(api, hostname, reports, deadline, accepted)));
        }
        threads.add(start("search", () -> {
            String path = "/api/v1/search?q=" + options.abuseSearch();
            while (System.nanoTime() < deadline) {
                try {
                    ApiClient.Answer answer = api.get(path);
                    if (answer.status() == 200) {
                        searches.record(answer.nanos(), answer.body().length);
                    } else {
                        searchFailures.increment();
                    }
                } catch (IOException e) {
                    searchFailures.increment();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }));
        for (Thread t : threads) {
            t.join();
        }
        CpuShare.Usage usage = cpu.stop();
        HeapWatch.Peak peak = heap.stop();
        String counters = HeapWatch.rejectedCounters(api);

        long answered = statuses.values().stream().mapToLong(LongAdder::sum).sum();
        String byStatus = statusLine();
        System.out.printf(
                Locale.ROOT,
                "reports: %,d answers (%s), %,d without an answer; accepted ones took %s%n",
                answered,
                byStatus,
                noAnswer.sum(),
                accepted.count() == 0 ? "-" : accepted.describe());
        if (oddAnswer != null) {
            System.out.println("first other answer: " + oddAnswer);
        }
        System.out.printf(
                Locale.ROOT,
                "searches: %,d answered (%s), %,d failed, %,d bytes per answer%n",
                searches.count(),
                searches.count() == 0 ? "-" : searches.describe(),
                searchFailures.sum(),
                searches.averageBytes());
        System.out.printf(
                Locale.ROOT,
                "API heap, polled every 250 ms (%d reads): high-water %.0f MiB used (garbage included) of"
                        + " %.0f MiB max%n",
                peak.reads(),
                peak.usedBytes() / 1048576.0,
                peak.maxBytes() / 1048576.0);
        System.out.println("API counters: " + counters);
        System.out.println("CPU during abuse: " + usage.describe(Math.max(1, answered), "report answer"));
        System.out.printf(
                Locale.ROOT,
                "stored: %,d snapshots of %,d hosts%n",
                database.count("snapshot"),
                database.count("host"));

        results.add("abuse report answers", byStatus, "(none)", null);
        results.add(
                "abuse API heap high-water (polled)",
                String.format(
                        Locale.ROOT, "%.0f MiB of %.0f MiB", peak.usedBytes() / 1048576.0, peak.maxBytes() / 1048576.0),
                "under the max, no OutOfMemoryError",
                peak.usedBytes() < peak.maxBytes());
        results.add(
                "abuse searches",
                searches.count() == 0
                        ? "none answered"
                        : String.format(
                                Locale.ROOT,
                                "%d answered, p50 %.0f ms, p99 %.0f ms, %d failed",
                                searches.count(),
                                searches.percentileMillis(50),
                                searches.percentileMillis(99),
                                searchFailures.sum()),
                "(none)",
                null);
        results.note("abuse API counters: " + counters);
        results.note("abuse CPU: " + usage.describe(Math.max(1, answered), "report answer"));
    }

    /**
     * One host's loop: a report every interval, sent again after each 429's Retry-After until it is
     * taken or refused for good, as the agent's shipper does.
     */
    private void sendAsAnAgent(
            ApiClient api, String hostname, List<SplicedGzip> reports, long deadline, Latencies accepted) {
        byte[] host = hostJson(hostname);
        long collectedAt = System.currentTimeMillis();
        int sent = 0;
        // Hosts start spread over the first second, as a fleet whose API came back does not.
        sleepMillis(ThreadLocalRandom.current().nextLong(1000));
        while (System.nanoTime() < deadline) {
            collectedAt = Math.max(collectedAt + 1, System.currentTimeMillis());
            byte[] body = reports.get(sent % reports.size()).with(tail(host, UUID.randomUUID(), collectedAt));
            sent++;
            long nextReportAt = collectedAt + options.intervalMillis();
            while (System.nanoTime() < deadline) {
                ApiClient.Answer answer;
                try {
                    answer = api.postReport(hostname, body);
                } catch (IOException e) {
                    noAnswer.increment();
                    sleepMillis(1000);
                    continue;
                } catch (InterruptedException e) {
                    return;
                }
                statuses.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
                if (answer.status() == 429) {
                    long retryAfter =
                            answer.headers().firstValueAsLong("Retry-After").orElse(1);
                    long wait = Math.min(MAX_RETRY_AFTER_MILLIS, retryAfter * 1000);
                    sleepMillis(wait
                            + (long) (wait * 0.2 * ThreadLocalRandom.current().nextDouble()));
                    continue;
                }
                if (answer.status() == 202) {
                    accepted.record(answer.nanos(), answer.body().length);
                } else if (answer.status() != 413 && firstOddAnswer.compareAndSet(0, 1)) {
                    oddAnswer = hostname + ": HTTP " + answer.status() + " " + answer.text();
                }
                break;
            }
            long untilDeadline = (deadline - System.nanoTime()) / 1_000_000;
            sleepMillis(Math.min(untilDeadline, nextReportAt - System.currentTimeMillis()));
        }
    }

    /**
     * {@code count} consecutive reports of one simulated host of about {@code jsonBytes}, each as the
     * part of its JSON that stays the same: everything but the host, the report's id and its time,
     * which {@link #tail} adds.
     */
    private List<SplicedGzip> templates(long jsonBytes, int count, long seedOffset) throws IOException {
        SimulatedHost sample = host(1_000, seedOffset);
        long perProcess = JSON.writeValueAsBytes(sample.nextReport().processes()).length / 1_000;
        int processes = (int) Math.min(HostReport.MAX_PROCESSES, (jsonBytes - 4_096) / perProcess);
        SimulatedHost host = host(processes, seedOffset);
        List<SplicedGzip> templates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HostReport r = host.nextReport();
            ByteArrayOutputStream fixed = new ByteArrayOutputStream((int) jsonBytes + 4096);
            fixed.write("{\"processes\":".getBytes(StandardCharsets.UTF_8));
            fixed.write(JSON.writeValueAsBytes(r.processes()));
            fixed.write((",\"schemaVersion\":" + r.schemaVersion() + ",\"agentVersion\":\"" + r.agentVersion()
                            + "\",\"intervalMillis\":" + options.intervalMillis() + ",\"metrics\":")
                    .getBytes(StandardCharsets.UTF_8));
            fixed.write(JSON.writeValueAsBytes(r.metrics()));
            templates.add(SplicedGzip.of(fixed.toByteArray()));
        }
        return templates;
    }

    private SimulatedHost host(int processes, long seedOffset) {
        return new SimulatedHost(
                "bench-abuse-template",
                processes,
                System.currentTimeMillis(),
                options.intervalMillis(),
                options.busyRate(),
                options.churnRate(),
                options.seed() + 10_000 + seedOffset);
    }

    private static byte[] hostJson(String hostname) {
        try {
            return JSON.writeValueAsBytes(new HostInfo(
                    hostname,
                    "Debian GNU/Linux",
                    "12 (bookworm)",
                    "6.1.0-18-amd64",
                    "linux",
                    "amd64",
                    16,
                    64L << 30,
                    System.currentTimeMillis() - 86_400_000L));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] tail(byte[] host, UUID reportId, long collectedAtMillis) {
        String start = ",\"host\":";
        String end = ",\"reportId\":\"" + reportId + "\",\"collectedAtMillis\":" + collectedAtMillis + "}";
        ByteArrayOutputStream tail = new ByteArrayOutputStream(host.length + 128);
        tail.writeBytes(start.getBytes(StandardCharsets.UTF_8));
        tail.writeBytes(host);
        tail.writeBytes(end.getBytes(StandardCharsets.UTF_8));
        return tail.toByteArray();
    }

    private String statusLine() {
        StringBuilder line = new StringBuilder();
        statuses.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (!line.isEmpty()) {
                line.append(", ");
            }
            line.append(String.format(
                    Locale.ROOT, "%d: %,d", e.getKey(), e.getValue().sum()));
        });
        return line.isEmpty() ? "none" : line.toString();
    }

    private static Thread start(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void sleepMillis(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
