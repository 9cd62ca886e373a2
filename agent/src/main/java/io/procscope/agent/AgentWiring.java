package io.procscope.agent;

import io.procscope.agent.collect.HostCollector;
import io.procscope.agent.collect.KubernetesPods;
import io.procscope.agent.collect.LinuxHostCollector;
import io.procscope.agent.collect.LinuxProcessCollector;
import io.procscope.agent.collect.OshiHostCollector;
import io.procscope.agent.collect.OshiProcessCollector;
import io.procscope.agent.collect.PodNames;
import io.procscope.agent.collect.ProcessCollector;
import io.procscope.agent.collect.ReportCollector;
import io.procscope.agent.collect.UserNames;
import io.procscope.agent.config.AgentConfig;
import io.procscope.agent.config.ConfigException;
import io.procscope.agent.config.Setting;
import io.procscope.agent.filter.CommandLineScrubber;
import io.procscope.agent.ship.ApiTransport;
import io.procscope.agent.ship.Enrollment;
import io.procscope.agent.ship.ReportClient;
import io.procscope.agent.ship.ReportShipper;
import io.procscope.agent.ship.Spool;
import io.procscope.dto.match.ProcessMatcher;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import oshi.SystemInfo;
import oshi.software.os.OperatingSystem;

/**
 * Builds the agent's parts from its settings, for the platform it runs on: the report collector,
 * which reads {@code /proc} on Linux (where nothing of OSHI or JNA is loaded) and asks OSHI
 * elsewhere, with its filter, scrubber and pod names; and the shipper with its spool.
 */
public final class AgentWiring {

    private static final Logger LOG = Logger.getLogger(AgentWiring.class.getName());

    /** OSHI's setting for where {@code /proc} is; read once, when OSHI's config class loads. */
    static final String OSHI_PROC_PATH = "oshi.util.proc.path";

    private static String oshiProcPath;

    private AgentWiring() {}

    /**
     * Builds a collector that reads this host: from {@code /proc} on Linux (see {@link
     * LinuxHostCollector} and {@link LinuxProcessCollector}), with OSHI elsewhere. Points OSHI at
     * {@code proc-path} first, which only works before any OSHI class has read its configuration: the
     * first call in a JVM decides.
     *
     * @param config the settings
     * @param agentVersion the agent's version
     * @return the collector
     * @throws ConfigException when {@code proc-path} is not a directory on Linux
     */
    public static ReportCollector collector(AgentConfig config, String agentVersion) {
        configureOshi(config.procPath());
        UserNames users = new UserNames(config.passwdPath(), config.interval());
        ProcessMatcher filter = filterOf(config);
        CommandLineScrubber scrubber = scrubberOf(config);
        HostCollector host;
        ProcessCollector processes;
        if (isLinux()) {
            LinuxHostCollector linux = new LinuxHostCollector(config.procPath(), config.hostname());
            host = linux;
            processes = LinuxProcessCollector.ofHost(
                    config.procPath(), linux, users, filter, scrubber, podNamesOf(config, System.getenv()));
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
     * Builds the shipper: the API client, the host's enrollment with its credential file, and the
     * spool, opened (and created) in {@code spool-dir}.
     *
     * @param config the settings
     * @param agentVersion the agent's version, sent with every report
     * @return the shipper
     * @throws ConfigException when the spool directory cannot be created or used
     */
    static ReportShipper shipper(AgentConfig config, String agentVersion) {
        Spool spool;
        try {
            spool = Spool.open(config.spoolDir(), config.spoolMaxBytes());
        } catch (IOException e) {
            throw new ConfigException(
                    "invalid " + Setting.SPOOL_DIR.key() + " '" + config.spoolDir() + "': cannot use it: " + e, e);
        }
        ApiTransport transport = ApiTransport.of(config, agentVersion);
        return new ReportShipper(
                new ReportClient(transport),
                Enrollment.of(config, spool, transport, agentVersion),
                spool,
                config.interval(),
                config.refusedRetry());
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

        ProcessCollector processes(UserNames users, ProcessMatcher filter, CommandLineScrubber scrubber) {
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
    static ProcessMatcher filterOf(AgentConfig config) {
        return new ProcessMatcher(
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
    static CommandLineScrubber scrubberOf(AgentConfig config) {
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
}
