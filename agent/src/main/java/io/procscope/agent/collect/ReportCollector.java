package io.procscope.agent.collect;

import io.procscope.agent.config.AgentConfig;
import io.procscope.agent.config.ConfigException;
import io.procscope.agent.config.Setting;
import io.procscope.agent.filter.CommandLineScrubber;
import io.procscope.agent.filter.ProcessFilter;
import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.SystemMetrics;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import oshi.SystemInfo;
import oshi.software.os.OperatingSystem;

/**
 * Assembles one {@link HostReport} per call: host, metrics and processes, a fresh report id and the
 * agent's version. {@link #prime()} once first so CPU percentages are right in the first report. Not
 * thread-safe.
 */
public final class ReportCollector {

    private static final Logger LOG = Logger.getLogger(ReportCollector.class.getName());

    /** OSHI's setting for where {@code /proc} is; read once, when OSHI's config class loads. */
    static final String OSHI_PROC_PATH = "oshi.util.proc.path";

    private static String oshiProcPath;

    private final HostCollector host;
    private final ProcessCollector processes;
    private final String agentVersion;
    private final Clock clock;
    private final Long intervalMillis;
    private long lastDurationNanos;

    /**
     * @param host host info and metrics
     * @param processes process list
     * @param agentVersion the agent's version, for example {@code 0.1.0}
     * @param clock wall clock for {@code collectedAtMillis}
     */
    public ReportCollector(HostCollector host, ProcessCollector processes, String agentVersion, Clock clock) {
        this(host, processes, agentVersion, clock, null);
    }

    /**
     * @param host host info and metrics
     * @param processes process list
     * @param agentVersion the agent's version, for example {@code 0.1.0}
     * @param clock wall clock for {@code collectedAtMillis}
     * @param intervalMillis the reporting interval the reports announce, ms; null for none
     */
    public ReportCollector(
            HostCollector host, ProcessCollector processes, String agentVersion, Clock clock, Long intervalMillis) {
        this.host = host;
        this.processes = processes;
        this.agentVersion = agentVersion;
        this.clock = clock;
        this.intervalMillis = intervalMillis;
    }

    /**
     * Builds a collector that reads this host: from {@code /proc} on Linux, where nothing of OSHI or
     * JNA is loaded (see {@link LinuxHostCollector}), with OSHI elsewhere. Points OSHI at {@code
     * proc-path} first, which only works before any OSHI class has read its configuration: the first
     * call in a JVM decides.
     *
     * @param config the settings
     * @param agentVersion the agent's version
     * @return the collector
     * @throws ConfigException when {@code proc-path} is not a directory on Linux
     */
    public static ReportCollector create(AgentConfig config, String agentVersion) {
        configureOshi(config.procPath());
        UserNames users = new UserNames(config.passwdPath(), config.interval());
        ProcessFilter filter = filterOf(config);
        CommandLineScrubber scrubber = scrubberOf(config);
        HostCollector host;
        ProcessCollector processes;
        if (isLinux()) {
            LinuxHostCollector linux = new LinuxHostCollector(config.procPath(), config.hostname());
            host = linux;
            LinuxHost.Auxv auxv = LinuxHost.readAuxv();
            if (auxv == null || auxv.hz() <= 0 || auxv.pageSize() <= 0) {
                LOG.warning("cannot read /proc/self/auxv: process times assume 100 ticks a second, "
                        + "resident sizes 4096-byte pages");
            }
            Long boot = linux.bootTimeMillis();
            if (boot == null) {
                LOG.warning("no btime in " + config.procPath().resolve("stat")
                        + ": process start times are counted from the epoch");
            }
            // processes straight from /proc: see LinuxProcessCollector for why and what it costs
            processes = new LinuxProcessCollector(
                    config.procPath(),
                    users,
                    filter,
                    scrubber,
                    podNamesOf(config, System.getenv()),
                    boot == null ? 0 : boot,
                    auxv == null ? 0 : auxv.hz(),
                    auxv == null ? 0 : auxv.pageSize(),
                    System::currentTimeMillis);
        } else {
            Oshi oshi = new Oshi(config.hostname());
            host = oshi.host;
            processes = oshi.processes(users, filter, scrubber);
        }
        return new ReportCollector(
                host,
                processes,
                agentVersion,
                Clock.systemUTC(),
                config.interval().toMillis());
    }

    /**
     * The OSHI wiring, in a class of its own: the JVM loads a class when it first runs code of it,
     * so on Linux neither this class nor anything of OSHI or JNA is loaded.
     */
    private static final class Oshi {

        private final SystemInfo si = new SystemInfo();
        private final OperatingSystem os = si.getOperatingSystem();
        private final HostCollector host;

        Oshi(Optional<String> hostname) {
            host = new OshiHostCollector(os, si.getHardware(), SystemInfo.getCurrentPlatform(), hostname);
        }

        ProcessCollector processes(UserNames users, ProcessFilter filter, CommandLineScrubber scrubber) {
            return new OshiProcessCollector(os::getProcesses, users, filter, scrubber);
        }
    }

    /**
     * @return whether this is Linux, from {@code os.name}: asking OSHI would load it
     */
    static boolean isLinux() {
        return System.getProperty("os.name", "").startsWith("Linux");
    }

    /**
     * @param config the settings
     * @return the include and exclude rules
     */
    public static ProcessFilter filterOf(AgentConfig config) {
        return new ProcessFilter(
                config.includeNames(),
                config.excludeNames(),
                config.includeUsers(),
                config.excludeUsers(),
                config.includeCommand().orElse(null),
                config.excludeCommand().orElse(null));
    }

    /**
     * @param config the settings
     * @return the command-line scrubber
     */
    public static CommandLineScrubber scrubberOf(AgentConfig config) {
        return new CommandLineScrubber(config.scrubCommandLine(), config.scrubWords(), config.dropArguments());
    }

    /**
     * Where pod names come from: the {@code kubernetes-api} setting, and this node's name (the
     * {@code hostname} setting, which the DaemonSet sets from {@code spec.nodeName}).
     *
     * @param config the settings
     * @param env the environment, for the in-cluster API server
     * @return the pod names; {@link PodNames#NONE} when off, outside a pod, or without a node name
     */
    static PodNames podNamesOf(AgentConfig config, Map<String, String> env) {
        String api = config.kubernetesApi();
        if (api.equals("off")) {
            return PodNames.NONE;
        }
        boolean inPod = env.containsKey("KUBERNETES_SERVICE_HOST");
        if (config.hostname().isEmpty()) {
            if (inPod || !api.equals("auto")) {
                LOG.warning("no node name (set " + Setting.HOSTNAME.envName()
                        + " from spec.nodeName); pod names are not reported");
            }
            return PodNames.NONE;
        }
        String node = config.hostname().get();
        Duration timeout = config.timeout();
        if (api.equals("auto")) {
            return KubernetesPods.inCluster(env, node, timeout, config.interval())
                    .map(p -> (PodNames) p)
                    .orElse(PodNames.NONE);
        }
        Path token = KubernetesPods.SERVICE_ACCOUNT.resolve("token");
        return new KubernetesPods(
                URI.create(api),
                node,
                Files.isReadable(token) ? token : null,
                null,
                timeout,
                config.interval(),
                System::nanoTime);
    }

    /**
     * Sets OSHI's {@code oshi.util.proc.path} from {@code proc-path} before OSHI reads it.
     *
     * @param procPath where {@code /proc} is mounted
     * @throws ConfigException when it is not a directory on Linux
     */
    static synchronized void configureOshi(Path procPath) {
        // os.name, not SystemInfo: nothing of OSHI may load before the property is set
        if (isLinux() && !Files.isDirectory(procPath)) {
            // OSHI would fail later with an ExceptionInInitializerError; say which setting is wrong
            throw new ConfigException("invalid " + Setting.PROC_PATH.key() + " '" + procPath + "': not a directory");
        }
        String wanted = procPath.toAbsolutePath().normalize().toString();
        if (oshiProcPath == null) {
            System.setProperty(OSHI_PROC_PATH, wanted);
            oshiProcPath = wanted;
        } else if (!oshiProcPath.equals(wanted)) {
            LOG.warning("proc-path " + wanted + " ignored: OSHI already reads " + oshiProcPath
                    + " in this JVM, and can only be pointed once");
        }
    }

    /**
     * Takes the first reading of every CPU counter, host and processes. Wait (a second, or the
     * interval) before {@link #collect()}.
     *
     * @return how many processes were read
     */
    public int prime() {
        host.prime();
        return processes.prime();
    }

    /**
     * Collects one report.
     *
     * @return the report, stamped when the collection finished
     */
    public HostReport collect() {
        long start = System.nanoTime();
        HostInfo info = host.hostInfo();
        SystemMetrics metrics = host.metrics();
        List<ProcessInfo> procs = processes.collect();
        long at = clock.millis();
        lastDurationNanos = System.nanoTime() - start;
        return assemble(UUID.randomUUID(), agentVersion, at, info, metrics, procs, intervalMillis);
    }

    /**
     * @return how long the last {@link #collect()} took
     */
    public Duration lastDuration() {
        return Duration.ofNanos(lastDurationNanos);
    }

    /**
     * Puts a report together at the current {@link HostReport#SCHEMA_VERSION}.
     *
     * @param reportId the report's id, fresh per collection
     * @param agentVersion the agent's version
     * @param collectedAtMillis when the collection finished, ms since the epoch
     * @param host what the host is
     * @param metrics host-wide resource use
     * @param processes the processes
     * @param intervalMillis the reporting interval, ms; null for a one-off collection
     * @return the report
     */
    public static HostReport assemble(
            UUID reportId,
            String agentVersion,
            long collectedAtMillis,
            HostInfo host,
            SystemMetrics metrics,
            List<ProcessInfo> processes,
            Long intervalMillis) {
        List<ProcessInfo> capped = processes.size() > HostReport.MAX_PROCESSES
                ? processes.subList(0, HostReport.MAX_PROCESSES)
                : processes;
        if (capped != processes) {
            LOG.warning(processes.size() + " processes; the report carries the first " + HostReport.MAX_PROCESSES);
        }
        return new HostReport(
                HostReport.SCHEMA_VERSION,
                reportId,
                agentVersion,
                collectedAtMillis,
                host,
                metrics,
                List.copyOf(capped),
                intervalMillis);
    }
}
