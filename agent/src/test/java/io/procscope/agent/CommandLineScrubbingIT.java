package io.procscope.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procscope.agent.ship.ReportJson;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrubbing as deployed: the agent's command ({@code --once}) reports processes of this host whose
 * arguments carry secrets, and none of the secrets is in what it prints.
 */
class CommandLineScrubbingIT {

    /** What the children carry, each in a form the scrubber masks; none may reach the output. */
    private static final List<String> SECRETS = List.of(
            "hunter2",
            "sk-live-xyz",
            "pg-secret-1",
            "url-pw-9",
            "tok-abc-7",
            "bearer-tok-5",
            "acc-tok-3",
            "svc-tok-8",
            "mysql-pw-6",
            "title-pw-4",
            "title-key-2");

    @TempDir
    Path work;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopChildren() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void printsProcessesWithSecretsInTheirArgumentsMasked() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the children are started with sh and bash");
        String marker = "procscope-scrub-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        // sh waits on its stdin (a pipe from this test) with every argument as the kernel keeps it
        Process args = start(
                "sh",
                "-c",
                "read line",
                marker,
                "--password=hunter2",
                "--api-key",
                "sk-live-xyz",
                "PGPASSWORD=pg-secret-1",
                "https://u:url-pw-9@db/x?token=tok-abc-7",
                "-H",
                "Authorization: Bearer bearer-tok-5",
                "--access-token",
                "acc-tok-3",
                "MY_SERVICE_TOKEN=svc-tok-8",
                "mysql",
                "-pmysql-pw-6");
        // one argument with spaces, as a process that sets its title shows it (exec -a names it)
        String title = marker + "-title --db-password=title-pw-4 X-Api-Key: title-key-2";
        Process titled = start("bash", "-c", "exec -a \"$0\" sleep 600", title);
        awaitCommandLine(args, marker);
        awaitCommandLine(titled, marker + "-title");

        String out;
        try (AgentProcess agent = AgentProcess.start(
                work,
                Map.of(
                        "PROCSCOPE_AGENT_HOSTNAME", "scrub-it",
                        "PROCSCOPE_AGENT_LOG_LEVEL", "WARN",
                        "PROCSCOPE_AGENT_KUBERNETES_API", "off"),
                "--once")) {
            assertThat(agent.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            out = agent.output();
            assertThat(agent.process().exitValue()).as(out).isZero();
        }

        HostReport report = ReportJson.mapper().readValue(out.substring(out.indexOf('{')), HostReport.class);
        assertThat(commandLineOf(report, args.pid()))
                .isEqualTo("sh -c read line " + marker
                        + " --password=******** --api-key ******** PGPASSWORD=********"
                        + " https://u:********@db/x?token=******** -H Authorization: Bearer ********"
                        + " --access-token ******** MY_SERVICE_TOKEN=******** mysql -p********");
        assertThat(commandLineOf(report, titled.pid()))
                .isEqualTo(marker + "-title --db-password=******** X-Api-Key: ******** 600");
        for (String secret : SECRETS) {
            assertThat(out).as("the agent's output").doesNotContain(secret);
        }
    }

    private Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        children.add(p);
        return p;
    }

    /** Until the child has exec'd: its command line then holds the marker. */
    private static void awaitCommandLine(Process p, String marker) throws Exception {
        Path cmdline = Path.of("/proc", Long.toString(p.pid()), "cmdline");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).contains(marker)) {
            assertThat(p.isAlive()).as("child %d", p.pid()).isTrue();
            assertThat(System.nanoTime() - deadline)
                    .as("child %d exec'd", p.pid())
                    .isNegative();
            Thread.sleep(20);
        }
    }

    private static String commandLineOf(HostReport report, long pid) {
        return report.processes().stream()
                .filter(p -> p.pid() == pid)
                .map(ProcessInfo::commandLine)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no process " + pid + " in the report"));
    }
}
