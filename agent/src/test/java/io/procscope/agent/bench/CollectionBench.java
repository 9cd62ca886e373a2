package io.procscope.agent.bench;

import io.procscope.agent.collect.HostCollector;
import io.procscope.agent.collect.ReportCollector;
import io.procscope.agent.config.AgentConfig;
import io.procscope.agent.ship.ReportJson;
import io.procscope.dto.HostReport;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Times full collections on this machine. Not a test: run it on purpose, after {@code ./mvnw -pl
 * agent verify}, with the agent's shipped JVM flags:
 *
 * <pre>
 * java @agent/target/jvm.options \
 *   -cp "agent/target/test-classes:agent/target/classes:agent/target/lib/*" \
 *   io.procscope.agent.bench.CollectionBench [runs]
 * </pre>
 *
 * Primes, then runs {@code runs} (default 20) collections one second apart and prints the median
 * wall time, CPU time and process count; then times the parts of OSHI's per-process read, to show
 * what dominates.
 */
public final class CollectionBench {

    private CollectionBench() {}

    /**
     * @param args optional number of collections
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        ReportCollector collector = ReportCollector.create(AgentConfig.defaults(), "bench");
        collector.prime();
        TimeUnit.SECONDS.sleep(1);
        // one unmeasured collection: class loading and the interpreter's first pass
        collector.collect();

        var threads = ManagementFactory.getThreadMXBean();
        double[] wallMs = new double[runs];
        double[] cpuMs = new double[runs];
        double[] processCpuMs = new double[runs];
        var osBean = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int processes = 0;
        int gzipBytes = 0;
        for (int i = 0; i < runs; i++) {
            TimeUnit.SECONDS.sleep(1);
            long cpu0 = threads.getCurrentThreadCpuTime();
            long processCpu0 = osBean.getProcessCpuTime();
            long t0 = System.nanoTime();
            HostReport report = collector.collect();
            wallMs[i] = (System.nanoTime() - t0) / 1e6;
            cpuMs[i] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
            processCpuMs[i] = (osBean.getProcessCpuTime() - processCpu0) / 1e6;
            processes = report.processes().size();
            gzipBytes = ReportJson.toGzip(report).length;
        }
        System.out.printf(
                "collections=%d processes=%d median_ms=%.1f min_ms=%.1f max_ms=%.1f median_thread_cpu_ms=%.1f"
                        + " median_process_cpu_ms=%.1f report_gzip_bytes=%d"
                        + " rss_mb=%.1f%n",
                runs,
                processes,
                median(wallMs),
                Arrays.stream(wallMs).min().orElse(0),
                Arrays.stream(wallMs).max().orElse(0),
                median(cpuMs),
                median(processCpuMs),
                gzipBytes,
                rssMb());
        breakdown(Math.min(runs, 10));
    }

    /** Times OSHI's listing (which reads stat, status, io and the exe link) apart from the lazy reads. */
    private static void breakdown(int runs) throws Exception {
        OperatingSystem os = new SystemInfo().getOperatingSystem();
        double[] list = new double[runs];
        double[] cmdline = new double[runs];
        double[] cwd = new double[runs];
        double[] host = new double[runs];
        SystemInfo si = new SystemInfo();
        HostCollector hostCollector = new HostCollector(
                os, si.getHardware(), SystemInfo.getCurrentPlatform(), Optional.empty(), Path.of("/proc"));
        hostCollector.prime();
        for (int i = 0; i < runs; i++) {
            long h0 = System.nanoTime();
            hostCollector.hostInfo();
            hostCollector.metrics();
            host[i] = (System.nanoTime() - h0) / 1e6;
            long t0 = System.nanoTime();
            List<OSProcess> ps = os.getProcesses();
            long t1 = System.nanoTime();
            for (OSProcess p : ps) {
                p.getCommandLine();
            }
            long t2 = System.nanoTime();
            for (OSProcess p : ps) {
                try {
                    Files.readSymbolicLink(Path.of("/proc", Integer.toString(p.getProcessID()), "cwd"));
                } catch (Exception e) {
                    // unreadable: counted all the same
                }
            }
            long t3 = System.nanoTime();
            list[i] = (t1 - t0) / 1e6;
            cmdline[i] = (t2 - t1) / 1e6;
            cwd[i] = (t3 - t2) / 1e6;
        }
        System.out.printf(
                "breakdown median_ms: host_info_and_metrics=%.1f oshi_getProcesses=%.1f getCommandLine=%.1f"
                        + " cwd_readlink=%.1f%n",
                median(host), median(list), median(cmdline), median(cwd));
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
