package io.procscope.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procscope.agent.ship.ReportJson;
import io.procscope.dto.FileSystemUsage;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capabilities the DaemonSet gives the agent are the ones its collection needs, proven on this
 * machine's real {@code /proc} with the real agent ({@code --once}, as {@link AgentProcess} starts
 * it): root with every capability dropped but {@code CAP_SYS_PTRACE}, as the DaemonSet runs it,
 * reads everything that root with {@code CAP_SYS_PTRACE} and {@code CAP_DAC_READ_SEARCH} reads.
 *
 * <p>Two proofs. {@code strace} lists every file the agent touches under its {@code proc-path}
 * (a link to {@code /proc}, as the DaemonSet's {@code /host/proc}): each is a world-readable file
 * or a link the kernel guards with a ptrace access check, never {@code io}, {@code fd} or {@code
 * environ}, the files {@code CAP_DAC_READ_SEARCH} would open. And the reports of the two runs are the
 * same for every process both saw, a process of another user included, and so are the file systems
 * measured. A third run without any capability shows the comparison would notice a missing one.
 *
 * <p>Needs root, {@code setpriv} and {@code strace} (util-linux, strace): this machine and CI have
 * them; elsewhere the test is skipped and says why.
 */
class CollectionPrivilegesIT {

    /** What the DaemonSet grants: {@code capabilities: {drop: [ALL], add: [SYS_PTRACE]}}. */
    private static final String DAEMONSET = "-all,+sys_ptrace";

    /** What it granted before. */
    private static final String WITH_DAC_READ_SEARCH = "-all,+sys_ptrace,+dac_read_search";

    private static final String NONE = "-all";

    /** Files of {@code /proc/PID} that anyone may read: mode 0444 (cgroup, cmdline, stat, status). */
    private static final Set<String> WORLD_READABLE_PER_PROCESS = Set.of("stat", "status", "cmdline", "cgroup");

    /**
     * Links of {@code /proc/PID} the kernel shows after a ptrace read-access check: CAP_SYS_PTRACE, not
     * CAP_DAC_READ_SEARCH, opens them for another user's process ({@code root} is init's root link,
     * read for the host's os-release and the mounts' sizes).
     */
    private static final Set<String> PTRACE_GUARDED_LINKS = Set.of("exe", "cwd", "root");

    /** Files that CAP_DAC_READ_SEARCH (or the owner) would be needed for: mode 0400 or 0500. */
    private static final Set<String> OWNER_ONLY = Set.of(
            "io",
            "fd",
            "fdinfo",
            "environ",
            "mem",
            "maps",
            "smaps",
            "pagemap",
            "map_files",
            "stack",
            "syscall",
            "auxv",
            "personality",
            "timers");

    /** {@code 4242 openat(AT_FDCWD, "/path", O_RDONLY) = 3}: the pid, the call and its first path. */
    private static final Pattern CALL =
            Pattern.compile("^\\d+\\s+(\\w+)\\((?:AT_FDCWD, |\\d+<?[^,]*>?, )?\"([^\"]*)\"");

    private static Process foreign;

    @TempDir
    static Path work;

    @BeforeAll
    static void asRootWithTheTools() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to drop capabilities from");
        assumeTrue(installed("setpriv") && installed("strace"), "needs setpriv and strace on the PATH");
        // a process of another user, in a directory only that user may enter: its exe and cwd links are
        // what CAP_SYS_PTRACE is for, its io file what CAP_DAC_READ_SEARCH would be
        Path home = Files.createDirectory(work.resolve("nobody-home"));
        Files.setPosixFilePermissions(
                home,
                Set.of(
                        PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE));
        Files.setAttribute(home, "unix:uid", 65534);
        foreign = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sleep", "600")
                .directory(home.toFile())
                .start();
        Files.createSymbolicLink(work.resolve("hostproc"), Path.of("/proc"));
    }

    @AfterAll
    static void stopTheForeignProcess() throws IOException {
        if (foreign != null) {
            foreign.destroy();
        }
        if (work != null) {
            Files.deleteIfExists(work.resolve("hostproc")); // the link only, not /proc
        }
    }

    @Test
    void everyFileTheCollectorOpensIsWorldReadableOrAPtraceGuardedLink() throws Exception {
        Path trace = work.resolve("strace.txt");
        Run run = collect(
                DAEMONSET,
                List.of("strace", "-f", "-qq", "-e", "trace=%file", "-e", "signal=none", "-o", trace.toString()));

        String prefix = work.resolve("hostproc") + "/";
        Map<String, Set<String>> callsByEntry = new TreeMap<>();
        for (String line : Files.readAllLines(trace, StandardCharsets.UTF_8)) {
            Matcher m = CALL.matcher(line);
            if (m.find() && m.group(2).startsWith(prefix)) {
                callsByEntry
                        .computeIfAbsent(entry(m.group(2).substring(prefix.length())), k -> new TreeSet<>())
                        .add(m.group(1));
            }
        }
        System.out.printf(
                "files under proc-path the agent touched in one --once collection (%d processes):%n",
                run.report().processes().size());
        callsByEntry.forEach((entry, calls) -> System.out.printf("  %-22s %s%n", entry, calls));

        Set<String> perProcess = callsByEntry.keySet().stream()
                .filter(e -> e.startsWith("PID/"))
                .map(e -> e.substring("PID/".length()).split("/")[0])
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(perProcess)
                .as("what the collector reads of each process")
                .contains("stat", "status", "cmdline", "exe", "cwd")
                .doesNotContainAnyElementsOf(OWNER_ONLY)
                .isSubsetOf(union(WORLD_READABLE_PER_PROCESS, PTRACE_GUARDED_LINKS));
        // init (pid 1) is read like any process, and through its root link: the host's os-release and mounts
        assertThat(callsByEntry.keySet())
                .as("host files the collector reads")
                .contains("stat", "meminfo", "loadavg", "1/mounts");

        // and the files are what the sets above say, on this kernel, for the other user's process
        Path foreignDir = Path.of("/proc", Long.toString(foreign.pid()));
        for (String file : perProcess) {
            Path p = foreignDir.resolve(file);
            if (PTRACE_GUARDED_LINKS.contains(file)) {
                assertThat(Files.isSymbolicLink(p)).as("%s is a link", p).isTrue();
            } else {
                assertThat(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        .as("%s is world-readable", p)
                        .contains(PosixFilePermission.OTHERS_READ);
            }
        }
        assertThat(Files.getPosixFilePermissions(foreignDir.resolve("io")))
                .as("io, which the collector leaves alone, is the owner's only")
                .doesNotContain(PosixFilePermission.OTHERS_READ);
    }

    /** Whether {@code pid} runs now: its /proc entry is there and it is not a zombie. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    @Test
    void withoutDacReadSearchTheReportIsTheSame() throws Exception {
        Run daemonSet = collect(DAEMONSET, List.of());
        Run withDac = collect(WITH_DAC_READ_SEARCH, List.of());
        Run none = collect(NONE, List.of());

        ProcessInfo ptraceOnly = own(daemonSet, foreign.pid());
        ProcessInfo noCapabilities = own(none, foreign.pid());
        assertThat(ptraceOnly.user()).isEqualTo("nobody");
        assertThat(ptraceOnly.exe())
                .as("exe of another user's process, with CAP_SYS_PTRACE")
                .endsWith("/sleep");
        assertThat(ptraceOnly.cwd()).isEqualTo(work.resolve("nobody-home").toString());
        assertThat(noCapabilities.exe())
                .as("without any capability the comparison below would see a difference")
                .isNull();
        assertThat(noCapabilities.cwd()).isNull();

        Map<String, String> a = stable(daemonSet.report());
        Map<String, String> b = stable(withDac.report());
        Set<String> both = new TreeSet<>(a.keySet());
        both.retainAll(b.keySet());
        // A process that ended while a run read it loses its links in that run whatever the
        // capabilities (other tests' browsers come and go): compare the processes still running.
        both.removeIf(key -> !running(Long.parseLong(key.substring(0, key.indexOf('@')))));
        assertThat(both.size()).as("processes seen by both runs").isGreaterThan(Math.min(a.size(), b.size()) * 9 / 10);
        List<String> differ = new ArrayList<>();
        for (String key : both) {
            if (!a.get(key).equals(b.get(key))) {
                differ.add(
                        key + ":\n  sys_ptrace only:      " + a.get(key) + "\n  + dac_read_search:    " + b.get(key));
            }
        }
        System.out.printf(
                "compared %d processes seen by both runs (%d and %d in all); %d differ%n",
                both.size(), a.size(), b.size(), differ.size());
        assertThat(differ).as("what CAP_DAC_READ_SEARCH adds").isEmpty();
        assertThat(fileSystems(daemonSet.report()))
                .as("the host's file systems, measured through init's root")
                .isEqualTo(fileSystems(withDac.report()));
    }

    @Test
    void withoutDacReadSearchEveryMountIsMeasured() throws Exception {
        // Through proc-path /proc the agent measures its own mounts, each by its path: what a mount
        // under a directory root could not enter without CAP_DAC_READ_SEARCH would lose. (Through a
        // host's proc-path it goes through init's root link, which CAP_SYS_PTRACE opens on a node; the
        // sandbox init of some machines refuses it to every capability, and then both runs above
        // report no file system alike.)
        List<String> daemonSet =
                fileSystems(collect(DAEMONSET, List.of(), Path.of("/proc")).report());
        List<String> withDac = fileSystems(
                collect(WITH_DAC_READ_SEARCH, List.of(), Path.of("/proc")).report());

        System.out.println("file systems measured with sys_ptrace only: " + daemonSet);
        assertThat(daemonSet).isNotEmpty().contains("/").isEqualTo(withDac);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** One {@code --once} report and what it logged. */
    private record Run(HostReport report, String log) {}

    /**
     * Runs the agent once as root with only the given capabilities in its bounding set (so none
     * beyond them after exec, as the container runtime sets it up), reading {@code /proc} through a
     * link, as the DaemonSet reads the host's through {@code /host/proc}.
     */
    private static Run collect(String capabilities, List<String> wrapper) throws Exception {
        return collect(capabilities, wrapper, work.resolve("hostproc"));
    }

    private static Run collect(String capabilities, List<String> wrapper, Path procPath) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of("setpriv", "--bounding-set=" + capabilities, "--inh-caps=-all", "--"));
        cmd.addAll(wrapper);
        cmd.addAll(AgentProcess.command());
        cmd.add("--once");
        Path out = Files.createTempFile(work, "once-", ".json");
        Path err = Files.createTempFile(work, "once-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(work.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PROCSCOPE_AGENT_"));
        pb.environment().put("PROCSCOPE_AGENT_PROC_PATH", procPath.toString());
        pb.environment().put("PROCSCOPE_AGENT_KUBERNETES_API", "off");
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("--once did not finish: " + Files.readString(err));
        }
        String log = Files.readString(err);
        assertThat(p.exitValue()).as("%s: %s", cmd, log).isZero();
        return new Run(ReportJson.mapper().readValue(out.toFile(), HostReport.class), log);
    }

    private static ProcessInfo own(Run run, long pid) {
        return run.report().processes().stream()
                .filter(p -> p.pid() == pid)
                .findFirst()
                .orElseThrow(() -> new AssertionError("pid " + pid + " not reported: " + run.log()));
    }

    /**
     * What privileges could hide of each process, by pid and start: whether each field could be read,
     * and the exe link's target. Not the values that a process changes as it runs (its command line,
     * which a server may rewrite as a status; its cwd; a kernel worker's name): those come from the
     * same files and links either way.
     */
    private static Map<String, String> stable(HostReport report) {
        Function<ProcessInfo, String> key = p -> p.pid() + "@" + p.startTimeMillis();
        return report.processes().stream()
                .collect(Collectors.toMap(
                        key,
                        p -> String.join(
                                " | ",
                                "user=" + p.user(),
                                "exe=" + p.exe(),
                                "cwd " + known(p.cwd()),
                                "command line " + known(p.commandLine()),
                                "container " + known(p.containerId())),
                        (x, y) -> x,
                        TreeMap::new));
    }

    private static String known(Object value) {
        return value == null ? "unknown" : "known";
    }

    private static List<String> fileSystems(HostReport report) {
        return report.metrics().fileSystems().stream()
                .map(FileSystemUsage::mountPoint)
                .sorted()
                .toList();
    }

    /** A path under proc-path with pids written as PID, except init's, which the host reading names. */
    private static String entry(String relative) {
        String[] parts = relative.split("/", 2);
        if (parts[0].matches("\\d+") && !parts[0].equals("1")) {
            return parts.length == 1 ? "PID" : "PID/" + parts[1];
        }
        if (parts[0].equals("1")
                && parts.length == 2
                && !parts[1].startsWith("root")
                && !parts[1].equals("mounts")
                && !parts[1].startsWith("net")) {
            return "PID/" + parts[1]; // init read as one of the processes
        }
        return relative.startsWith("1/root/") ? "1/root/..." : relative;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    private static boolean installed(String tool) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + tool)
                            .redirectErrorStream(true)
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
