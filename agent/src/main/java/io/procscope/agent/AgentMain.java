package io.procscope.agent;

import io.procscope.agent.config.AgentConfig;
import io.procscope.agent.config.ConfigException;
import io.procscope.agent.config.Setting;
import io.procscope.agent.config.SettingSources;
import io.procscope.agent.ship.ReportJson;
import io.procscope.agent.ship.Spool;
import io.procscope.dto.HostReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The {@code procscope-agent} command.
 *
 * <pre>
 * procscope-agent [--config FILE]          collect and ship every interval until SIGTERM
 * procscope-agent --once [--config FILE]   print one report as JSON and exit
 * procscope-agent --requeue-rejected [--config FILE]
 *                                          move reports set aside in the spool's rejected/ back
 * procscope-agent --help | --version
 * </pre>
 *
 * Exit status: 0 done, 1 the loop died, 2 bad option or setting.
 */
public final class AgentMain {

    /** Exit status when the loop died. */
    public static final int EXIT_FAILED = 1;

    /** Exit status for a bad option or setting. */
    public static final int EXIT_USAGE = ConfigException.EXIT_STATUS;

    private AgentMain() {}

    /**
     * Runs the command and exits with its status.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        // before anything touches java.util.logging, so log lines from the shutdown hook survive
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", AgentLogging.ShutdownSafeLogManager.class.getName());
        }
        int status = run(args, System.out, System.err, true);
        AgentLogging.flush();
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the command in this JVM.
     *
     * @param args command-line arguments
     * @param out where {@code --once}, {@code --help} and {@code --version} print
     * @param err where errors print
     * @param installLogging whether to route java.util.logging to stderr at the configured level (the
     *     command does; an embedding program or a test keeps its own)
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err, boolean installLogging) {
        boolean once = false;
        boolean requeue = false;
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--once" -> once = true;
                case "--requeue-rejected" -> requeue = true;
                case "--help", "-h" -> {
                    out.print(usage());
                    return 0;
                }
                case "--version" -> {
                    out.println("procscope-agent " + Agent.version());
                    return 0;
                }
                case "--config" -> {
                    if (i + 1 >= args.length) {
                        err.println("procscope-agent: --config needs a file; see --help");
                        return EXIT_USAGE;
                    }
                    configFile = Path.of(args[++i]);
                }
                default -> {
                    if (a.startsWith("--config=")) {
                        configFile = Path.of(a.substring("--config=".length()));
                    } else {
                        err.println("procscope-agent: unknown option '" + a + "'; see --help");
                        return EXIT_USAGE;
                    }
                }
            }
        }
        try {
            AgentConfig config = AgentConfig.load(configFile);
            if (installLogging) {
                AgentLogging.install(config.logLevel(), config.logFormat());
            }
            Logger log = Logger.getLogger(AgentMain.class.getName());
            config.warnings().forEach(log::warning);
            if (requeue) {
                return requeueRejected(config, out, err);
            }
            return once ? printOnce(config, out) : loop(config, log);
        } catch (ConfigException e) {
            err.println("procscope-agent: " + e.getMessage());
            return EXIT_USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_FAILED;
        }
    }

    private static int printOnce(AgentConfig config, PrintStream out) throws InterruptedException {
        HostReport report = Agent.collectOnce(config);
        out.println(ReportJson.toPrettyJson(report));
        out.flush();
        return 0;
    }

    private static int requeueRejected(AgentConfig config, PrintStream out, PrintStream err) {
        try {
            Spool spool = Spool.open(config.spoolDir(), config.spoolMaxBytes());
            int moved = spool.requeueRejected();
            out.println("procscope-agent: moved " + moved + " report(s) from "
                    + spool.dir().resolve(Spool.REJECTED_DIR)
                    + " back to the spool; the running agent sends them, oldest first, at its next attempt");
            return 0;
        } catch (IOException e) {
            err.println("procscope-agent: cannot requeue the rejected reports in " + config.spoolDir() + ": " + e);
            return EXIT_FAILED;
        }
    }

    private static int loop(AgentConfig config, Logger log) throws InterruptedException {
        log.fine(() -> "settings: " + config);
        Agent.Running running = Agent.start(config);
        Thread hook = new Thread(
                () -> {
                    log.info("stopping (signal)");
                    running.close();
                    AgentLogging.flush();
                },
                "procscope-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        while (!running.awaitStop(Duration.ofDays(1))) {
            // runs until the shutdown hook closes it, or it dies
        }
        if (running.failure() != null) {
            return EXIT_FAILED;
        }
        return 0;
    }

    /**
     * @return the {@code --help} text: options, every setting with its environment variable and
     *     default, and where settings are read from
     */
    public static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: procscope-agent [--once | --requeue-rejected] [--config FILE] [--help] [--version]\n\n")
                .append("Reports this host's processes and resource use to the procscope API.\n\n")
                .append("  --once         collect one report (after a 1 s CPU priming) and print it as JSON\n")
                .append("  --requeue-rejected\n")
                .append("                 move the reports set aside in the spool's rejected/ (refused after\n")
                .append("                 refused-retry, e.g. for a wrong api-key) back to the spool, and exit;\n")
                .append("                 a running agent sends them at its next attempt\n")
                .append("  --config FILE  read settings from this properties file\n")
                .append("                 (default: ./")
                .append(SettingSources.DEFAULT_PROPERTIES_FILE)
                .append(" if present)\n")
                .append("  --help         print this text\n")
                .append("  --version      print the agent's version\n\n")
                .append("Settings, highest precedence first: system property -D")
                .append(Setting.PROPERTY_PREFIX)
                .append("KEY, environment\n")
                .append("variable ")
                .append(Setting.ENV_PREFIX)
                .append("KEY, ./.env, the properties file (")
                .append(Setting.PROPERTY_PREFIX)
                .append("KEY=...), default.\n\n");
        for (Setting s : Setting.values()) {
            sb.append(String.format(
                    "  %-16s %-32s default: %s%n      %s%s%n",
                    s.key(),
                    s.envName(),
                    s.defaultValue().isEmpty() ? "(none)" : s.defaultValue(),
                    s.description(),
                    s.alias()
                            .map(a -> " (old name " + a + ", " + Setting.ENV_PREFIX
                                    + a.toUpperCase(java.util.Locale.ROOT).replace('-', '_')
                                    + ", still read; the new name wins in the same source)")
                            .orElse("")));
        }
        sb.append("\nThe agent enrolls this host once with the enrollment secret and keeps the credential the API\n")
                .append("issues in credential-file; its reports go with that credential. While the API refuses it\n")
                .append(
                        "(revoked, unknown, host enrolled elsewhere) reports wait in the spool and /healthz says why.\n")
                .append(
                        "\nThe launcher script reads JVM flags from PROCSCOPE_AGENT_JAVA_OPTS, replacing the shipped ones.\n")
                .append("Exit status: 0 done, 1 the loop failed, 2 bad option or setting.\n");
        return sb.toString();
    }
}
