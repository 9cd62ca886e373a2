package io.procscope.agent;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent as a real process, for the *IT tests. By default the JVM build, with the flags it ships
 * with: {@code java @target/jvm.options -cp target/classes:target/lib/* io.procscope.agent.AgentMain}.
 * The system property {@value #COMMAND_PROPERTY} replaces that command (words separated by spaces),
 * so the native build reruns the same tests against {@code target/procscope-agent-native}.
 */
final class AgentProcess implements AutoCloseable {

    /** System property holding the command that starts the agent. */
    static final String COMMAND_PROPERTY = "procscope.agent.command";

    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @return the command that starts the agent, without arguments
     */
    static List<String> command() {
        String override = System.getProperty(COMMAND_PROPERTY, "").strip();
        if (!override.isEmpty()) {
            return List.of(override.split("\\s+"));
        }
        Path target = Path.of("target").toAbsolutePath();
        if (!Files.isRegularFile(target.resolve("jvm.options")) || !Files.isDirectory(target.resolve("lib"))) {
            throw new IllegalStateException("no packaged agent in " + target
                    + ": run the *IT tests in 'verify' (after 'package'), or set -D" + COMMAND_PROPERTY);
        }
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + target.resolve("jvm.options"),
                "-cp",
                target.resolve("classes") + File.pathSeparator + target.resolve("lib") + File.separator + "*",
                AgentMain.class.getName());
    }

    /**
     * Starts the agent in {@code workDir} (where no .env or properties file lies) with only the given
     * agent settings (and proxy variables) in its environment; its output goes to {@code workDir/agent-N.log}.
     *
     * @param workDir working directory
     * @param settings environment variables, {@code PROCSCOPE_AGENT_...}
     * @param args command-line arguments
     * @return the running agent
     */
    static AgentProcess start(Path workDir, Map<String, String> settings, String... args) {
        List<String> cmd = new ArrayList<>(command());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        // nor the machine's proxy: a test that wants one says so
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("PROCSCOPE_AGENT_")
                        || k.equals("NODE_NAME")
                        || k.equalsIgnoreCase("https_proxy")
                        || k.equalsIgnoreCase("http_proxy")
                        || k.equalsIgnoreCase("no_proxy"));
        pb.environment().putAll(settings);
        try {
            Path log = Files.createTempFile(workDir, "agent-", ".log");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            return new AgentProcess(pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the agent with " + cmd, e);
        }
    }

    /**
     * @return a port of 127.0.0.1 nothing listens on now
     */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the process */
    Process process() {
        return process;
    }

    /** @return what the agent printed so far */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Kills it as a power cut or the OOM killer would: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Stops it as {@code docker stop} would (SIGTERM) and waits.
     *
     * @param timeout longest wait
     * @return its exit status
     */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
