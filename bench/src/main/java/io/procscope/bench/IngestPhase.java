package io.procscope.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

/**
 * Phase A: many hosts' reports, each host's in order, sent by a few concurrent senders as fast as
 * the API takes them. Bodies are encoded before the clock starts, so the generator spends its CPU
 * on HTTP only.
 */
final class IngestPhase {

    /** The agent's encoding: null fields left out, gzip. */
    static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private static final int WARMUP_HOSTS = 4;

    private final Options options;
    private final Results results;

    IngestPhase(Options options, Results results) {
        this.options = options;
        this.results = results;
    }

    void run(Database database) throws Exception {
        int perHost = (int) Math.ceil((double) options.observations() / ((long) options.hosts() * options.processes()));
        int warmupPerHost = (options.warmupReports() + WARMUP_HOSTS - 1) / WARMUP_HOSTS;
        System.out.printf(
                Locale.ROOT,
                "%n== Phase A: ingest ==%n%d hosts x %d processes, %d reports each (%,d reports, %,d processes),"
                        + " %d senders; untimed warm-up first: %d reports of %d other hosts%n",
                options.hosts(),
                options.processes(),
                perHost,
                (long) perHost * options.hosts(),
                (long) perHost * options.hosts() * options.processes(),
                options.senders(),
                warmupPerHost * WARMUP_HOSTS,
                WARMUP_HOSTS);

        long firstReport = System.currentTimeMillis() - (long) (perHost + 1) * options.intervalMillis();
        long encodeStart = System.nanoTime();
        Encoded warmup = encode("bench-warmup-%02d", WARMUP_HOSTS, warmupPerHost, firstReport, 1_000);
        Encoded timed = encode("bench-host-%03d", options.hosts(), perHost, firstReport, 0);
        System.out.printf(
                Locale.ROOT,
                "encoded %,d reports in %.1f s: %.1f KiB JSON, %.1f KiB gzip per report;"
                        + " per report %.1f%% of processes moved, %.1f started%n",
                timed.count() + warmup.count(),
                (System.nanoTime() - encodeStart) / 1e9,
                timed.jsonBytes / 1024.0 / timed.count(),
                timed.gzipBytes / 1024.0 / timed.count(),
                100.0 * timed.moved / timed.observations(),
                (double) timed.started / timed.pairs);

        ApiClient api = new ApiClient(options.url(), options.key(), false);
        send(api, warmup, new Latencies());
        System.out.printf(Locale.ROOT, "warm-up sent (%d reports)%n", warmup.count());

        for (String hostname : timed.hostnames) {
            api.credential(hostname); // enrolled before the clock starts: the timing is of reports
        }
        Latencies latencies = new Latencies();
        CpuShare cpu = CpuShare.start(options.apiPid(), database);
        long start = System.nanoTime();
        long accepted = send(api, timed, latencies);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuShare.Usage usage = cpu.stop();
        String cpuLine = usage.describe(latencies.count(), "report");
        double rate = accepted / seconds;
        System.out.printf(
                Locale.ROOT,
                "ingest: %,d reports in %.1f s: %,.0f processes/s, %.1f reports/s; report latency %s%n",
                latencies.count(),
                seconds,
                rate,
                latencies.count() / seconds,
                latencies.describe());
        System.out.println("CPU during ingest: " + cpuLine);
        // On a shared machine the wall-clock rate says as much about the neighbours as about the
        // API: the CPU each report cost tells what the cores alone would allow.
        int cores = Runtime.getRuntime().availableProcessors();
        double ceiling = cores / usage.benchmarkSecondsPer(latencies.count()) * options.processes();
        System.out.printf(
                Locale.ROOT,
                "estimate, not a measurement: with the %d cores to itself (API + PostgreSQL + generator"
                        + " at this CPU per report) ingest would top out near %,.0f processes/s%n",
                cores,
                ceiling);
        results.add(
                "ingest throughput",
                String.format(
                        Locale.ROOT,
                        "%,.0f processes/s, API CPU %.1f ms/report",
                        rate,
                        1000 * usage.api() / latencies.count()),
                ">= 100,000",
                rate >= 100_000);
        results.add(
                "ingest report latency",
                String.format(
                        Locale.ROOT,
                        "p50 %.1f ms, p99 %.1f ms",
                        latencies.percentileMillis(50),
                        latencies.percentileMillis(99)),
                "(none)",
                null);
        results.note("ingest CPU: " + cpuLine);
        results.note(String.format(
                Locale.ROOT,
                "ingest ceiling on %d idle cores (estimate from CPU per report): %,.0f processes/s",
                cores,
                ceiling));
        System.out.printf(
                Locale.ROOT,
                "stored: %,d snapshots, %,d process identities, %,d process_sample rows (of %,d processes received)%n",
                database.count("snapshot"),
                database.count("process"),
                database.count("process_sample"),
                (long) (timed.count() + warmup.count()) * options.processes());
    }

    /** Every report of every host, encoded; {@code bodies[h][r]} is host h's r-th report. */
    private Encoded encode(String nameFormat, int hosts, int perHost, long firstReport, long seedOffset) {
        return encode(nameFormat, 0, hosts, perHost, firstReport, seedOffset);
    }

    /** The reports of the hosts numbered {@code first} to {@code first + hosts - 1}. */
    Encoded encode(String nameFormat, int first, int hosts, int perHost, long firstReport, long seedOffset) {
        Encoded e = new Encoded(hosts, perHost);
        for (int i = 0; i < hosts; i++) {
            int h = first + i;
            // Hosts report at different moments of the interval, as a real fleet does.
            long offset = (h * 7919L) % options.intervalMillis();
            e.hostnames[i] = String.format(Locale.ROOT, nameFormat, h);
            SimulatedHost host = new SimulatedHost(
                    e.hostnames[i],
                    options.processes(),
                    firstReport + offset,
                    options.intervalMillis(),
                    options.busyRate(),
                    options.churnRate(),
                    options.seed() + seedOffset + h);
            HostReport previous = null;
            for (int r = 0; r < perHost; r++) {
                HostReport report = host.nextReport();
                e.bodies[i][r] = gzip(report, e);
                if (previous != null) {
                    e.count(previous, report);
                }
                previous = report;
            }
        }
        return e;
    }

    private static byte[] gzip(HostReport report, Encoded e) {
        try {
            byte[] json = JSON.writeValueAsBytes(report);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(json.length / 4);
            try (OutputStream out = new GZIPOutputStream(bytes, 8192)) {
                out.write(json);
            }
            e.jsonBytes += json.length;
            e.gzipBytes += bytes.size();
            return bytes.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Sends every report: sender s takes the hosts h with h % senders == s and sends their reports
     * round by round, so each host's reports arrive in order.
     *
     * @return processes in accepted reports
     */
    long send(ApiClient api, Encoded encoded, Latencies latencies) throws InterruptedException {
        int senders = Math.min(options.senders(), encoded.bodies.length);
        AtomicLong accepted = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(senders);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            Thread t = new Thread(
                    () -> {
                        try {
                            for (int r = 0; r < encoded.perHost && failure.get() == null; r++) {
                                for (int h = sender; h < encoded.bodies.length; h += senders) {
                                    ApiClient.Answer answer =
                                            api.postReport(encoded.hostnames[h], encoded.bodies[h][r]);
                                    if (answer.status() != 202 || answer.text().contains("\"duplicate\":true")) {
                                        failure.compareAndSet(
                                                null,
                                                "report " + r + " of host " + h + ": HTTP " + answer.status() + " "
                                                        + answer.text());
                                        return;
                                    }
                                    latencies.record(answer.nanos(), answer.body().length);
                                    accepted.addAndGet(options.processes());
                                }
                            }
                        } catch (Exception ex) {
                            failure.compareAndSet(null, ex.toString());
                        } finally {
                            done.countDown();
                        }
                    },
                    "sender-" + s);
            threads.add(t);
            t.start();
        }
        done.await();
        if (failure.get() != null) {
            throw new IllegalStateException("A report was not accepted: " + failure.get());
        }
        return accepted.get();
    }

    /** Encoded reports and what they hold. */
    static final class Encoded {
        final byte[][][] bodies;
        final String[] hostnames;
        final int perHost;
        long jsonBytes;
        long gzipBytes;
        long moved;
        long started;
        long compared;
        long pairs;

        Encoded(int hosts, int perHost) {
            this.bodies = new byte[hosts][perHost][];
            this.hostnames = new String[hosts];
            this.perHost = perHost;
        }

        int count() {
            return bodies.length * perHost;
        }

        long observations() {
            return compared;
        }

        /** Counts the processes that moved and started from one report to the next. */
        void count(HostReport before, HostReport now) {
            pairs++;
            Map<Long, ProcessInfo> previous = new HashMap<>();
            for (ProcessInfo p : before.processes()) {
                previous.put(((long) p.pid() << 32) ^ p.startTimeMillis(), p);
            }
            for (ProcessInfo p : now.processes()) {
                ProcessInfo was = previous.get(((long) p.pid() << 32) ^ p.startTimeMillis());
                compared++;
                if (was == null) {
                    started++;
                } else if (!Objects.equals(was.cpuPercent(), p.cpuPercent())
                        || !Objects.equals(was.rssBytes(), p.rssBytes())) {
                    moved++;
                }
            }
        }
    }
}
