package io.procscope.agent.bench;

import io.procscope.agent.AgentWiring;
import io.procscope.agent.collect.HostCollector;
import io.procscope.agent.collect.LinuxHostCollector;
import io.procscope.agent.collect.OshiHostCollector;
import io.procscope.agent.collect.ReportCollector;
import io.procscope.agent.config.AgentConfig;
import io.procscope.agent.ship.ReportJson;
import io.procscope.dto.HostReport;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import oshi.SystemInfo;

/**
 * Times full collections on this machine. Not a test: {@code agent/bench/run.sh} runs it with the
 * agent's shipped JVM flags beside the psutil reference; by hand, after {@code ./mvnw -pl dto,agent
 * verify}:
 *
 * <pre>
 * java @agent/target/jvm.options \
 *   -cp "agent/target/test-classes:agent/target/classes:agent/target/lib/*" \
 *   io.procscope.agent.bench.CollectionBench [runs]
 * </pre>
 *
 * Primes, times the first (cold) collection, then {@code runs} (default 20) collections one second
 * apart, as the agent's loop would make them, and prints one line of {@code key=value}: the median
 * wall time and the mean CPU time of the whole process (collection, GC and compiler) per
 * collection, the process count, the report's gzip size, and the RSS; then the host part alone.
 * The process CPU clock ticks in 10 ms steps on Linux, so the mean over every run is reported, not
 * a median of steps.
 */
public final class CollectionBench {

    private CollectionBench() {}

    /**
     * @param args optional number of collections
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ReportCollector collector = AgentWiring.collector(AgentConfig.defaults(), "bench");
        collector.prime();
        TimeUnit.SECONDS.sleep(1);
        long cold0 = System.nanoTime();
        collector.collect();
        double coldMs = (System.nanoTime() - cold0) / 1e6;

        double[] wallMs = new double[runs];
        double[] cpuMs = new double[runs];
        int processes = 0;
        int gzipBytes = 0;
        for (int i = 0; i < runs; i++) {
            TimeUnit.SECONDS.sleep(1);
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            HostReport report = collector.collect();
            wallMs[i] = (System.nanoTime() - t0) / 1e6;
            cpuMs[i] = (os.getProcessCpuTime() - cpu0) / 1e6;
            processes = report.processes().size();
            gzipBytes = ReportJson.toGzip(report).length;
        }
        System.out.printf(
                java.util.Locale.ROOT,
                "collections=%d processes=%d median_ms=%.1f min_ms=%.1f max_ms=%.1f cold_ms=%.1f"
                        + " mean_cpu_s=%.4f report_gzip_bytes=%d rss_mb=%.1f%n",
                runs,
                processes,
                median(wallMs),
                Arrays.stream(wallMs).min().orElse(0),
                Arrays.stream(wallMs).max().orElse(0),
                coldMs,
                Arrays.stream(cpuMs).average().orElse(0) / 1000,
                gzipBytes,
                rssMb());
        hostPart(Math.min(runs, 10));
    }

    /** Times host info and metrics apart from the processes: /proc on Linux, OSHI elsewhere. */
    private static void hostPart(int runs) {
        HostCollector host;
        if (System.getProperty("os.name").startsWith("Linux")) {
            host = new LinuxHostCollector(Path.of("/proc"), Optional.empty());
        } else {
            SystemInfo si = new SystemInfo();
            host = new OshiHostCollector(
                    si.getOperatingSystem(), si.getHardware(), SystemInfo.getCurrentPlatform(), Optional.empty());
        }
        host.prime();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            host.hostInfo();
            host.metrics();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        System.out.printf(java.util.Locale.ROOT, "host_info_and_metrics_median_ms=%.1f%n", median(ms));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double rssMb() throws Exception {
        Map<String, String> status = new java.util.HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            int c = line.indexOf(':');
            if (c > 0) {
                status.put(line.substring(0, c), line.substring(c + 1).trim());
            }
        }
        String rss = status.getOrDefault("VmRSS", "0 kB").split(" ")[0];
        return Long.parseLong(rss) / 1024.0;
    }
}
