package io.procscope.agent.collect;

import io.procscope.agent.filter.CommandLineScrubber;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import io.procscope.dto.match.ProcessMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import oshi.software.os.OSProcess;

/**
 * Reads every process with OSHI, the reader on platforms other than Linux (Linux has {@link
 * LinuxProcessCollector}), and maps it to the wire's {@link ProcessInfo}. Reading is thin ({@link
 * #collect()}); mapping is pure ({@link #toInfo}) and tested on fixtures.
 *
 * <p>User names come from {@link UserNames}, never from {@code OSProcess.getUser()}, which forks a
 * command per process. A process that exits while it is read is skipped; a field that cannot be read
 * (another user's cwd) is null and the rest is still reported. Nice is not reported: OSHI's priority
 * is nice only on Linux. Not thread-safe: one collection at a time.
 */
public final class OshiProcessCollector implements ProcessCollector {

    private final Supplier<List<OSProcess>> processes;
    private final UserNames users;
    private final ProcessMatcher filter;
    private final CommandLineScrubber scrubber;
    private final ProcessCpu cpu = new ProcessCpu();

    /**
     * @param processes acquisition, usually {@code os::getProcesses}
     * @param users uid to name
     */
    public OshiProcessCollector(Supplier<List<OSProcess>> processes, UserNames users) {
        this(processes, users, ProcessMatcher.ALL, CommandLineScrubber.defaults());
    }

    /**
     * @param processes acquisition, usually {@code os::getProcesses}
     * @param users uid to name
     * @param filter which processes are reported
     * @param scrubber what is masked in command lines
     */
    public OshiProcessCollector(
            Supplier<List<OSProcess>> processes, UserNames users, ProcessMatcher filter, CommandLineScrubber scrubber) {
        this.processes = processes;
        this.users = users;
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
            Double cpuPercent = cpu.record(keyOf(p), tickOf(p));
            toInfo(p, user, cpuPercent)
                    .map(info -> withCommandLine(
                            info,
                            Fields.cut(
                                    Fields.emptyToNull(scrubber.scrub(p.getCommandLine(), ' ')),
                                    ProcessInfo.MAX_COMMAND_LINE_LENGTH)))
                    .ifPresent(infos::add);
        }
        cpu.endCollection();
        infos.sort(Comparator.comparing(ProcessInfo::pid));
        return infos;
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
     * getCurrentWorkingDirectory, getStartTime, getResidentSetSize, getVirtualSize, getThreadCount}.
     *
     * @param p the process
     * @param user the user name (or numeric uid), null when unknown
     * @param cpuPercent CPU percent since the previous collection, null when unknown
     * @return the process, or empty when it is gone ({@code INVALID}) or has no start time to identify
     *     it
     */
    public static Optional<ProcessInfo> toInfo(OSProcess p, String user, Double cpuPercent) {
        ProcessStatus status = statusOf(p.getState());
        if (status == null || p.getStartTime() <= 0 || p.getProcessID() < 0) {
            return Optional.empty();
        }
        return Optional.of(new ProcessInfo(
                p.getProcessID(),
                p.getParentProcessID() >= 0 ? p.getParentProcessID() : null,
                Fields.cut(Fields.emptyToNull(p.getName()), ProcessInfo.MAX_NAME_LENGTH),
                Fields.cut(Fields.emptyToNull(p.getPath()), ProcessInfo.MAX_PATH_LENGTH),
                Fields.cut(Fields.emptyToNull(p.getCommandLine()), ProcessInfo.MAX_COMMAND_LINE_LENGTH),
                Fields.cut(Fields.emptyToNull(user), ProcessInfo.MAX_USER_LENGTH),
                status,
                p.getStartTime(),
                cpuPercent,
                nonNegativeOrNull(p.getResidentSetSize()),
                nonNegativeOrNull(p.getVirtualSize()),
                p.getThreadCount() > 0 ? p.getThreadCount() : null,
                null,
                Fields.cut(Fields.emptyToNull(p.getCurrentWorkingDirectory()), ProcessInfo.MAX_PATH_LENGTH),
                null,
                null,
                null,
                null));
    }

    /**
     * Maps OSHI's state to the wire's. OSHI folds every state it does not know into {@code OTHER}.
     *
     * @param state OSHI's state
     * @return the status, or null for {@code INVALID} (the process is gone)
     */
    public static ProcessStatus statusOf(OSProcess.State state) {
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
            case NEW, OTHER -> ProcessStatus.UNKNOWN;
        };
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

    private static Long nonNegativeOrNull(long v) {
        return v >= 0 ? v : null;
    }
}
