package io.procscope.agent.collect;

import io.procscope.agent.filter.CommandLineScrubber;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import io.procscope.dto.match.ProcessMatcher;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Reads every process straight from {@code /proc}, only what the wire needs: {@code stat} (pid,
 * name, state, parent, CPU times, nice, threads, start, memory) every collection; the real uid from
 * {@code status}, {@code cmdline}, {@code cgroup}, and the {@code exe} and {@code cwd} links when a
 * process is first seen, when its name changes (an exec), and every {@value #REFRESH_EVERY}
 * collections after, staggered by pid. Those rarely change in a process's life, and the API stores
 * them once per process; reading them every time would triple the kernel's work.
 *
 * <p>Why not OSHI, which the agent keeps for other platforms: its
 * {@code getProcesses()} reads {@code stat}, {@code status}, {@code io} and the exe link of every
 * process every time and allocates about 200 MB per collection of 1085 processes: 190-260 ms on a
 * 16 MB heap, of a 310 ms collection (measured 2026-11-26, against 116 ms for a psutil agent). This
 * reader reuses one buffer and one {@link ProcStat}, parses bytes without regex or splitting, and
 * allocates little beyond the result; {@code agent/bench/run.sh} prints its figures.
 *
 * <p>A field that cannot be read (another user's {@code exe} or {@code cwd} without privileges, a
 * kernel thread's {@code exe}) is null and the rest of the process is still reported; a process that
 * exits while it is read is skipped. An excluded process is dropped as soon as its name, user and
 * command line are known, before anything else of it is read. Not thread-safe.
 */
public final class LinuxProcessCollector implements ProcessCollector {

    private static final Logger LOG = Logger.getLogger(LinuxProcessCollector.class.getName());

    /**
     * Bytes read of one file at most; longer command lines are cut, to {@link
     * ProcessInfo#MAX_COMMAND_LINE_LENGTH} characters in the end.
     */
    static final int MAX_READ = 64 * 1024;

    /** FileInputStream copies through a stack buffer up to 8 KiB, and mallocs above. */
    private static final int CHUNK = 8192;

    /** Cgroup texts remembered with their parse; a host has far fewer distinct ones than processes. */
    private static final int MAX_CGROUP_CACHE = 4096;

    private static final String DELETED = " (deleted)";

    /**
     * Collections after which a known process is read whole again: its user, command line, exe, cwd
     * and container, which the API stores once per process anyway. One minute at the default 10 s.
     */
    static final int REFRESH_EVERY = 6;

    /** What {@link #readUid} returns for a process that has exited. */
    private static final long GONE = -2;

    private final String proc;
    private final File procDir;
    private final UserNames users;
    private final ProcessMatcher filter;
    private final CommandLineScrubber scrubber;
    private final PodNames pods;
    private final long bootTimeMillis;
    private final long hz;
    private final long pageSize;
    private final LongSupplier wallClockMillis;

    private final ProcessCpu cpu = new ProcessCpu();
    private final ProcStat stat = new ProcStat();
    private final byte[] buf = new byte[MAX_READ];
    private final Map<String, ContainerCgroup.Attribution> cgroups = new HashMap<>();
    private final StringBuilder path = new StringBuilder(64);
    private final Map<Integer, Known> known = new HashMap<>();
    private long collection;
    private int fullReads;
    private boolean warnedUnlistable;

    /**
     * @param procPath where {@code /proc} is mounted; {@code /host/proc} from a container
     * @param users uid to name
     * @param filter which processes are reported
     * @param scrubber what is masked in command lines
     * @param pods names pods by UID
     * @param bootTimeMillis when the host booted, ms since the epoch: {@code btime} of {@code
     *     /proc/stat}, as OSHI reads it, so a process's start time is the same as OSHI computes it
     * @param hz clock ticks per second ({@code USER_HZ}, 100 on nearly every kernel)
     * @param pageSize bytes per memory page
     * @param wallClockMillis the wall clock, ms since the epoch
     */
    public LinuxProcessCollector(
            Path procPath,
            UserNames users,
            ProcessMatcher filter,
            CommandLineScrubber scrubber,
            PodNames pods,
            long bootTimeMillis,
            long hz,
            long pageSize,
            LongSupplier wallClockMillis) {
        String p = procPath.toString();
        this.proc = p.endsWith("/") ? p : p + "/";
        this.procDir = procPath.toFile();
        this.users = users;
        this.filter = filter;
        this.scrubber = scrubber;
        this.pods = pods;
        this.bootTimeMillis = bootTimeMillis;
        this.hz = hz > 0 ? hz : 100;
        this.pageSize = pageSize > 0 ? pageSize : 4096;
        this.wallClockMillis = wallClockMillis;
    }

    /**
     * A collector of the processes of the host {@code host} reads, with its boot time (from the host's
     * {@code /proc/stat}) and the kernel's clock ticks and page size (from the agent's own auxiliary
     * vector). What cannot be read is logged and replaced by the value nearly every kernel has.
     *
     * @param procPath where {@code /proc} is mounted; {@code /host/proc} from a container
     * @param host the host collector of the same {@code procPath}
     * @param users uid to name
     * @param filter which processes are reported
     * @param scrubber what is masked in command lines
     * @param pods names pods by UID
     * @return the collector
     */
    public static LinuxProcessCollector ofHost(
            Path procPath,
            LinuxHostCollector host,
            UserNames users,
            ProcessMatcher filter,
            CommandLineScrubber scrubber,
            PodNames pods) {
        LinuxHost.Auxv auxv = LinuxHost.readAuxv();
        if (auxv == null || auxv.hz() <= 0 || auxv.pageSize() <= 0) {
            LOG.warning("cannot read /proc/self/auxv: process times assume 100 ticks a second, "
                    + "resident sizes 4096-byte pages");
        }
        Long boot = host.bootTimeMillis();
        if (boot == null) {
            LOG.warning("no btime in " + procPath.resolve("stat") + ": process start times are counted from the epoch");
        }
        return new LinuxProcessCollector(
                procPath,
                users,
                filter,
                scrubber,
                pods,
                boot == null ? 0 : boot,
                auxv == null ? 0 : auxv.hz(),
                auxv == null ? 0 : auxv.pageSize(),
                System::currentTimeMillis);
    }

    @Override
    public int prime() {
        collect();
        return cpu.primedProcesses();
    }

    @Override
    public List<ProcessInfo> collect() {
        collection++;
        fullReads = 0;
        int[] pids = pids();
        long now = wallClockMillis.getAsLong();
        List<ProcessInfo> infos = new ArrayList<>(pids.length);
        for (int pid : pids) {
            ProcessInfo info = read(pid, now);
            if (info != null) {
                infos.add(info);
            }
        }
        cpu.endCollection();
        known.values().removeIf(k -> k.seen != collection);
        if (cgroups.size() > MAX_CGROUP_CACHE) {
            cgroups.clear();
        }
        return infos;
    }

    /**
     * @return processes read whole in the last collection, the rest came from what was known
     */
    int lastFullReads() {
        return fullReads;
    }

    /**
     * What a process's life mostly keeps: read whole when it is first seen, when its name changes
     * (an exec), and every {@link #REFRESH_EVERY} collections after.
     */
    private static final class Known {
        long startTicks;
        String comm;
        long refreshAt;
        long seen;
        boolean excluded;
        String name;
        String user;
        String commandLine;
        String exe;
        String cwd;
        ContainerCgroup.Attribution container;
    }

    private ProcessInfo read(int pid, long now) {
        if (!readStat(pid)) {
            return null; // exited before we looked
        }
        Known k = known.get(pid);
        if (k == null || k.startTicks != stat.startTicks || !k.comm.equals(stat.comm) || collection >= k.refreshAt) {
            k = readWhole(pid, k);
            if (k == null) {
                return null; // exited while we read it
            }
        }
        k.seen = collection;
        if (k.excluded) {
            return null; // never leaves the host
        }
        long startMillis = startMillis();
        Double cpuPercent = cpu.record(keyOf(), tickOf(now));
        long rss = stat.rssPages * pageSize;
        PodNames.Pod pod = k.container.podUid() == null ? null : pods.podOf(k.container.podUid());
        return new ProcessInfo(
                pid,
                stat.ppid >= 0 ? stat.ppid : null,
                k.name,
                k.exe,
                k.commandLine,
                k.user,
                ProcessStatus.fromStateLetter(stat.state),
                startMillis,
                cpuPercent,
                rss >= 0 ? rss : null,
                stat.vsizeBytes >= 0 ? stat.vsizeBytes : null,
                stat.threads > 0 ? stat.threads : null,
                stat.nice >= -20 && stat.nice <= 19 ? stat.nice : null,
                k.cwd,
                k.container.containerId(),
                k.container.podUid(),
                pod == null ? null : pod.namespace(),
                pod == null ? null : pod.name());
    }

    /** Reads what {@code stat} does not hold; null when the process exited meanwhile. */
    private Known readWhole(int pid, Known previous) {
        long uid = readUid(pid);
        if (uid == GONE) {
            return null;
        }
        fullReads++;
        boolean firstSight = previous == null || previous.startTicks != stat.startTicks;
        // the exe link and the cgroup change with an exec (a new name) or a move, not with time: a
        // periodic re-read of a process already reported keeps them
        boolean sameImage = !firstSight && previous.comm.equals(stat.comm) && !previous.excluded;
        Known k = previous != null ? previous : new Known();
        k.startTicks = stat.startTicks;
        k.comm = stat.comm;
        // spread the first sightings over the next REFRESH_EVERY collections, so each refreshes a share
        k.refreshAt = collection + (firstSight ? 1 + Math.floorMod(pid, REFRESH_EVERY) : REFRESH_EVERY);
        k.user = uid < 0 ? null : Fields.cut(users.nameOf(Long.toString(uid)), ProcessInfo.MAX_USER_LENGTH);
        String raw = readCommandLine(pid);
        String name = nameOf(stat.comm, raw);
        k.excluded = !filter.accepts(name, k.user, raw);
        known.put(pid, k);
        if (k.excluded) {
            k.name = k.commandLine = k.exe = k.cwd = null;
            k.container = ContainerCgroup.Attribution.NONE;
            return k;
        }
        k.name = Fields.cut(name, ProcessInfo.MAX_NAME_LENGTH);
        k.commandLine = raw == null
                ? null
                : Fields.cut(Fields.emptyToNull(scrubber.scrub(raw, '\0')), ProcessInfo.MAX_COMMAND_LINE_LENGTH);
        Link exe = sameImage ? null : readLink(pid, "exe");
        Link cwd = readLink(pid, "cwd");
        if ((cwd.missing || (exe != null && exe.missing)) && !new File(dir(pid)).exists()) {
            known.remove(pid);
            return null;
        }
        if (!sameImage) {
            k.exe = Fields.cut(exe.target, ProcessInfo.MAX_PATH_LENGTH);
            k.container = readCgroup(pid);
        }
        k.cwd = Fields.cut(cwd.target, ProcessInfo.MAX_PATH_LENGTH);
        return k;
    }

    // ---- acquisition ---------------------------------------------------------------------------

    /** The pids in {@code /proc}, ascending. */
    private int[] pids() {
        String[] names = procDir.list();
        if (names == null) {
            if (!warnedUnlistable) {
                LOG.warning("cannot list " + procDir + "; no processes are reported");
                warnedUnlistable = true;
            }
            return new int[0];
        }
        int[] pids = new int[names.length];
        int n = 0;
        for (String name : names) {
            int pid = parsePid(name);
            if (pid > 0) {
                pids[n++] = pid;
            }
        }
        int[] result = Arrays.copyOf(pids, n);
        Arrays.sort(result);
        return result;
    }

    private boolean readStat(int pid) {
        int n = readFile(pid, "stat", true);
        return n > 0 && stat.parse(buf, n);
    }

    /** @return the real uid, -1 when unknown, {@link #GONE} when the process is gone */
    private long readUid(int pid) {
        int n = readFile(pid, "status", true);
        return n <= 0 ? GONE : realUid(buf, n);
    }

    /** @return the arguments separated by NULs, or null for none (kernel threads, zombies) */
    private String readCommandLine(int pid) {
        int n = readFile(pid, "cmdline", false);
        return n <= 0 ? null : commandLineOf(buf, n);
    }

    private ContainerCgroup.Attribution readCgroup(int pid) {
        int n = readFile(pid, "cgroup", false);
        if (n <= 0) {
            return ContainerCgroup.Attribution.NONE;
        }
        // cgroup paths are names the kernel and runtimes chose; Latin-1 keeps every byte
        String text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        return cgroups.computeIfAbsent(text, ContainerCgroup::parse);
    }

    /** A link's target, or why there is none. */
    private record Link(String target, boolean missing) {
        static final Link MISSING = new Link(null, true);
        static final Link UNREADABLE = new Link(null, false);
    }

    private Link readLink(int pid, String link) {
        try {
            String target = Files.readSymbolicLink(Path.of(dir(pid) + link)).toString();
            return new Link(stripDeleted(target), false);
        } catch (NoSuchFileException e) {
            // a kernel thread has no exe, a zombie neither exe nor cwd; or the process is gone
            return Link.MISSING;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Link.UNREADABLE; // another user's process, without CAP_SYS_PTRACE
        }
    }

    /**
     * Reads one file of {@code /proc/PID} into the buffer.
     *
     * @param stopAtNewline for {@code stat} and {@code status}, which the kernel writes whole on the
     *     first read and end with a newline: saves the second, empty read
     * @return bytes read, or -1 when the file cannot be opened
     */
    private int readFile(int pid, String file, boolean stopAtNewline) {
        try (FileInputStream in = new FileInputStream(dir(pid) + file)) {
            int n = 0;
            while (n < buf.length) {
                int r = in.read(buf, n, Math.min(CHUNK, buf.length - n));
                if (r <= 0) {
                    break;
                }
                n += r;
                if (stopAtNewline && buf[n - 1] == '\n') {
                    break;
                }
            }
            return n;
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    private String dir(int pid) {
        path.setLength(0);
        return path.append(proc).append(pid).append('/').toString();
    }

    private long startMillis() {
        return bootTimeMillis + stat.startTicks * 1000 / hz;
    }

    private ProcessCpu.Key keyOf() {
        return new ProcessCpu.Key(stat.pid, startMillis());
    }

    private ProcessCpu.Tick tickOf(long now) {
        return new ProcessCpu.Tick((stat.utimeTicks + stat.stimeTicks) * 1000 / hz, now - startMillis());
    }

    // ---- pure parsing --------------------------------------------------------------------------

    /**
     * @param name a {@code /proc} entry
     * @return its pid, or -1 when it is not a process directory
     */
    static int parsePid(String name) {
        int n = name.length();
        if (n == 0 || n > 10) {
            return -1;
        }
        long pid = 0;
        for (int i = 0; i < n; i++) {
            int d = name.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            pid = pid * 10 + d;
        }
        return pid <= Integer.MAX_VALUE ? (int) pid : -1;
    }

    /**
     * The real uid, the first of the four on the {@code Uid:} line of {@code /proc/PID/status}.
     *
     * @param b the file's bytes
     * @param len how many were read
     * @return the uid, or -1 when the line is missing
     */
    static long realUid(byte[] b, int len) {
        for (int i = 0; i + 4 < len; i++) {
            if ((i == 0 || b[i - 1] == '\n') && b[i] == 'U' && b[i + 1] == 'i' && b[i + 2] == 'd' && b[i + 3] == ':') {
                int j = i + 4;
                while (j < len && (b[j] == '\t' || b[j] == ' ')) {
                    j++;
                }
                if (j >= len || b[j] < '0' || b[j] > '9') {
                    return -1;
                }
                return ProcStat.parseLong(b, j, len);
            }
        }
        return -1;
    }

    /**
     * The arguments of {@code /proc/PID/cmdline}, NUL-separated as the kernel keeps them (an
     * argument may hold spaces), without the trailing NULs.
     *
     * @param b the file's bytes
     * @param len how many were read
     * @return the arguments, or null when there are none
     */
    static String commandLineOf(byte[] b, int len) {
        int end = len;
        while (end > 0 && (b[end - 1] == 0 || b[end - 1] == ' ')) {
            end--;
        }
        return end == 0 ? null : new String(b, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * The process's name: {@code comm}, which the kernel cuts to 15 bytes; when it is that long and
     * the program's file name in the command line starts with it, the whole file name (as {@code ps}
     * and psutil do), so {@code kube-controller-manager} is not {@code kube-controller}.
     *
     * @param comm field 2 of {@code stat}
     * @param commandLine the NUL-separated arguments, or null
     * @return the name, or null when empty
     */
    static String nameOf(String comm, String commandLine) {
        if (comm == null || comm.isEmpty()) {
            return null;
        }
        if (comm.length() < 15 || commandLine == null) {
            return comm;
        }
        int end = commandLine.indexOf('\0');
        String program = end < 0 ? commandLine : commandLine.substring(0, end);
        int space = program.indexOf(' ');
        if (end < 0 && space >= 0) {
            program = program.substring(0, space); // a rewritten title: its first word
        }
        String base = program.substring(program.lastIndexOf('/') + 1);
        return base.startsWith(comm) ? base : comm;
    }

    static String stripDeleted(String path) {
        return path.endsWith(DELETED) ? path.substring(0, path.length() - DELETED.length()) : path;
    }
}
