package io.procscope.agent.collect;

import io.procscope.agent.filter.CommandLineScrubber;
import io.procscope.agent.filter.ProcessFilter;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import oshi.software.os.OSProcess;

/**
 * Reads every process with OSHI, the reader on platforms other than Linux, and maps it to the wire's {@link ProcessInfo}. Reading is thin
 * ({@link #collect()}); mapping is pure ({@link #toInfo}) and tested on fixtures.
 *
 * <p>User names come from {@link UserNames}, never from {@code OSProcess.getUser()}, which forks a
 * command per process. A process that exits while it is read is skipped; a field that cannot be read
 * (another user's cwd, a kernel thread's exe) is null and the rest is still reported. Not
 * thread-safe: one collection at a time.
 */
public final class OshiProcessCollector implements ProcessCollector {

    /** Longest name the wire accepts, characters. */
    static final int MAX_NAME = 1024;
    /** Longest exe or cwd path the wire accepts, characters. */
    static final int MAX_PATH = 4096;
    /** Longest command line the wire accepts, characters; longer ones are cut. */
    static final int MAX_COMMAND_LINE = 32768;
    /** Longest user name the wire accepts, characters. */
    static final int MAX_USER = 256;

    private final Supplier<List<OSProcess>> processes;
    private final UserNames users;
    private final ProcFs procFs;
    private final ProcessFilter filter;
    private final CommandLineScrubber scrubber;
    private final ProcessCpu cpu = new ProcessCpu();

    /**
     * What the agent reads beside OSHI for one process.
     *
     * @param cwd current working directory, null when unreadable
     * @param stateCode the raw {@code /proc/PID/stat} state letter where it was read, else null
     * @param statNice nice from {@code /proc/PID/stat} where it was read, else null
     */
    public record Extras(String cwd, Character stateCode, Integer statNice) {

        /** Nothing read beside OSHI. */
        public static final Extras NONE = new Extras(null, null, null);
    }

    /**
     * @param processes acquisition, usually {@code os::getProcesses}
     * @param users uid to name
     * @param procPath where {@code /proc} is mounted
     * @param linux true on Linux, where {@code procPath} is read for cwd, idle state and nice
     */
    public OshiProcessCollector(Supplier<List<OSProcess>> processes, UserNames users, Path procPath, boolean linux) {
        this(processes, users, procPath, linux, ProcessFilter.ALL, CommandLineScrubber.defaults());
    }

    /**
     * @param processes acquisition, usually {@code os::getProcesses}
     * @param users uid to name
     * @param procPath where {@code /proc} is mounted
     * @param linux true on Linux, where {@code procPath} is read for cwd, idle state and nice
     * @param filter which processes are reported
     * @param scrubber what is masked in command lines
     */
    public OshiProcessCollector(
            Supplier<List<OSProcess>> processes,
            UserNames users,
            Path procPath,
            boolean linux,
            ProcessFilter filter,
            CommandLineScrubber scrubber) {
        this.processes = processes;
        this.users = users;
        this.procFs = linux ? new ProcFs(procPath) : null;
        this.filter = filter;
        this.scrubber = scrubber;
    }

    /**
     * Reads every process's CPU counters, so the next {@link #collect()} has a prior reading; the
     * first report needs it. Wait a moment (a second, or the interval) before collecting.
     *
     * @return how many processes were read
     */
    @Override
    public int prime() {
        for (OSProcess p : processes.get()) {
            if (p.getState() != OSProcess.State.INVALID) {
                cpu.record(keyOf(p), tickOf(p));
            }
        }
        cpu.endCollection();
        return cpu.primedProcesses();
    }

    /**
     * Reads every process.
     *
     * @return one entry per live process, by pid
     */
    @Override
    public List<ProcessInfo> collect() {
        List<OSProcess> all = processes.get();
        List<ProcessInfo> infos = new ArrayList<>(all.size());
        for (OSProcess p : all) {
            if (p.getState() == OSProcess.State.INVALID) {
                continue; // exited between OSHI's listing and its read
            }
            String user = users.nameOf(p.getUserID());
            if (!filter.accepts(p.getName(), user, p.getCommandLine())) {
                continue; // excluded: never leaves the host
            }
            Extras extras = readExtras(p);
            if (extras == null) {
                continue; // exited while we read it
            }
            Double cpuPercent = cpu.record(keyOf(p), tickOf(p));
            toInfo(p, procFs != null, extras, user, cpuPercent)
                    .map(info -> withCommandLine(
                            info, cut(emptyToNull(scrubber.scrub(p.getCommandLine(), ' ')), MAX_COMMAND_LINE)))
                    .ifPresent(infos::add);
        }
        cpu.endCollection();
        infos.sort(Comparator.comparing(ProcessInfo::pid));
        return infos;
    }

    private Extras readExtras(OSProcess p) {
        if (procFs == null) {
            return new Extras(emptyToNull(p.getCurrentWorkingDirectory()), null, null);
        }
        int pid = p.getProcessID();
        ProcFs.Cwd cwd = procFs.cwd(pid);
        if (cwd.gone()) {
            return null;
        }
        if (p.getState() == OSProcess.State.OTHER || !isNormalPriority(p.getPriority())) {
            ProcFs.Stat stat = procFs.stat(pid);
            if (stat == null) {
                return null;
            }
            return new Extras(cwd.path(), stat.state(), stat.nice());
        }
        return new Extras(cwd.path(), null, null);
    }

    private static ProcessCpu.Key keyOf(OSProcess p) {
        return new ProcessCpu.Key(p.getProcessID(), p.getStartTime());
    }

    private static ProcessCpu.Tick tickOf(OSProcess p) {
        return new ProcessCpu.Tick(p.getUserTime() + p.getKernelTime(), p.getUpTime());
    }

    // ---- pure mapping --------------------------------------------------------------------------

    /**
     * Maps one OSHI process to the wire. Pure: reads only the getters listed below, never {@code
     * getUser()}. OSHI's "unknown" sentinels ({@code ""}, negative numbers) become null here, once.
     *
     * <p>Reads {@code getState, getProcessID, getParentProcessID, getName, getPath, getCommandLine,
     * getPriority, getStartTime, getResidentSetSize, getVirtualSize, getThreadCount}.
     *
     * @param p the process
     * @param linux whether OSHI's priority is Linux's ({@code 20 + nice} for normal tasks)
     * @param extras what was read beside OSHI
     * @param user the user name (or numeric uid), null when unknown
     * @param cpuPercent CPU percent since the previous collection, null when unknown
     * @return the process, or empty when it is gone ({@code INVALID}) or has no start time to identify
     *     it
     */
    public static Optional<ProcessInfo> toInfo(
            OSProcess p, boolean linux, Extras extras, String user, Double cpuPercent) {
        ProcessStatus status = statusOf(p.getState(), extras.stateCode());
        if (status == null || p.getStartTime() <= 0 || p.getProcessID() < 0) {
            return Optional.empty();
        }
        return Optional.of(new ProcessInfo(
                p.getProcessID(),
                p.getParentProcessID() >= 0 ? p.getParentProcessID() : null,
                cut(emptyToNull(p.getName()), MAX_NAME),
                cut(emptyToNull(p.getPath()), MAX_PATH),
                cut(emptyToNull(p.getCommandLine()), MAX_COMMAND_LINE),
                cut(emptyToNull(user), MAX_USER),
                status,
                p.getStartTime(),
                cpuPercent,
                nonNegativeOrNull(p.getResidentSetSize()),
                nonNegativeOrNull(p.getVirtualSize()),
                p.getThreadCount() > 0 ? p.getThreadCount() : null,
                linux ? niceOf(p.getPriority(), extras.statNice()) : null,
                cut(emptyToNull(extras.cwd()), MAX_PATH),
                null,
                null,
                null,
                null));
    }

    /**
     * Maps OSHI's state to the wire's. OSHI folds every letter it does not know (notably {@code I},
     * idle kernel threads, and {@code t}, tracing stop) into {@code OTHER}; where the raw letter was
     * read it decides.
     *
     * @param state OSHI's state
     * @param stateCode the raw {@code /proc/PID/stat} letter, or null
     * @return the status, or null for {@code INVALID} (the process is gone)
     */
    public static ProcessStatus statusOf(OSProcess.State state, Character stateCode) {
        if (state == null) {
            return ProcessStatus.UNKNOWN;
        }
        return switch (state) {
            case RUNNING -> ProcessStatus.RUNNING;
            case SLEEPING -> ProcessStatus.SLEEPING;
            case WAITING -> ProcessStatus.DISK_SLEEP;
            case STOPPED, SUSPENDED -> ProcessStatus.STOPPED;
            case ZOMBIE -> ProcessStatus.ZOMBIE;
            case INVALID -> null;
            case NEW -> ProcessStatus.UNKNOWN;
            case OTHER -> stateCode == null ? ProcessStatus.UNKNOWN : statusOfCode(stateCode);
        };
    }

    /**
     * Maps a Linux {@code /proc/PID/stat} state letter.
     *
     * @param code the letter
     * @return the status; {@code UNKNOWN} for letters such as {@code X} (dead), {@code W} or {@code P}
     */
    static ProcessStatus statusOfCode(char code) {
        return switch (code) {
            case 'R' -> ProcessStatus.RUNNING;
            case 'S' -> ProcessStatus.SLEEPING;
            case 'D' -> ProcessStatus.DISK_SLEEP;
            case 'I' -> ProcessStatus.IDLE;
            case 'T', 't' -> ProcessStatus.STOPPED;
            case 'Z' -> ProcessStatus.ZOMBIE;
            default -> ProcessStatus.UNKNOWN;
        };
    }

    /**
     * Nice from Linux's stat priority (field 18), which is {@code 20 + nice} for normal, batch and
     * idle tasks (0 to 39) but {@code -1 - rt_priority} for real-time ones, whose nice is read from
     * field 19 instead.
     *
     * @param priority OSHI's {@code getPriority()}, stat field 18
     * @param statNice stat field 19 where it was read, else null
     * @return nice, -20 to 19, or null when neither source gives it
     */
    static Integer niceOf(int priority, Integer statNice) {
        if (isNormalPriority(priority)) {
            return priority - 20;
        }
        return statNice != null && statNice >= -20 && statNice <= 19 ? statNice : null;
    }

    private static boolean isNormalPriority(int priority) {
        return priority >= 0 && priority <= 39;
    }

    /** The same process with another command line: the scrubbed one. */
    static ProcessInfo withCommandLine(ProcessInfo p, String commandLine) {
        return new ProcessInfo(
                p.pid(),
                p.ppid(),
                p.name(),
                p.exe(),
                commandLine,
                p.user(),
                p.status(),
                p.startTimeMillis(),
                p.cpuPercent(),
                p.rssBytes(),
                p.vmsBytes(),
                p.threads(),
                p.nice(),
                p.cwd(),
                p.containerId(),
                p.podUid(),
                p.podNamespace(),
                p.podName());
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Long nonNegativeOrNull(long v) {
        return v >= 0 ? v : null;
    }

    static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        // never split a surrogate pair: half a character is not valid UTF-8 on the wire
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }
}
