package io.procscope.api.ingest;

import io.procscope.api.domain.CurrentState;
import io.procscope.api.domain.CurrentStates;
import io.procscope.api.domain.TrackedProcess;
import io.procscope.dto.ProcessInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a report writes besides its snapshot, worked out from the host's state before it: which
 * processes started (or changed identity), which exited, which get a history sample ({@link
 * SampleDecision}), and the host's state after it. Pure, so that what ingest stores is testable
 * without a database.
 */
final class StateDiff {

    /**
     * What one report writes.
     *
     * @param identities processes whose identity row is written: started, or changed by an exec
     *     (name, command line) or by a pod name learnt late
     * @param exited processes of the state before that the report no longer lists
     * @param exitedLastSeenMillis when the exited processes were last seen, ms since the epoch: when
     *     the state before was collected
     * @param samples processes whose history sample is written
     * @param state every process of the report, as the host's new state; empty when {@code newest}
     *     is false
     * @param newest true when the report is the host's newest, false for a late delivery that
     *     leaves the host's state alone
     * @param used processes of the new state whose row of what they use now ({@code
     *     process_current}) is written: started, or whose state, CPU, memory, threads or nice value
     *     changed since the state before; empty when {@code newest} is false
     * @param stringBytesChange how much heap the strings of {@code state} take more than those of
     *     the state before ({@link CurrentStates#stringBytes}), bytes: what the identities written
     *     brought, less what the exited processes and the identities replaced took; 0 when {@code
     *     newest} is false
     */
    record Writes(
            List<ProcessInfo> identities,
            List<TrackedProcess> exited,
            long exitedLastSeenMillis,
            List<ProcessInfo> samples,
            List<TrackedProcess> state,
            boolean newest,
            List<ProcessInfo> used,
            long stringBytesChange) {

        /**
         * The processes that started since the state before: identities written that started after
         * it was collected (an exec keeps its start time). None for a host's first state, whose
         * processes were running already, nor for a late delivery.
         */
        List<ProcessInfo> started() {
            if (!newest) {
                return List.of();
            }
            List<ProcessInfo> started = new ArrayList<>();
            for (ProcessInfo p : identities) {
                if (p.startTimeMillis() > exitedLastSeenMillis) {
                    started.add(p);
                }
            }
            return started;
        }
    }

    /** A process's identity within one host: pids are reused, (pid, start time) is not. */
    private record Key(int pid, long startTimeMillis) {}

    private final SampleDecision decision;

    StateDiff(SampleDecision decision) {
        this.decision = decision;
    }

    /**
     * What a report collected at {@code collectedAtMillis} writes, given the host's state before it.
     * A report older than that state is a late delivery (spooled by its agent while the API was
     * away): a keyframe of its own, every process identified and sampled, the state left as it is.
     * The caller refuses a different report collected at the same instant as the state before.
     *
     * @param before the host's newest state; null for a host that has none yet
     * @param processes the report's processes
     * @param collectedAtMillis when the report was collected, ms since the epoch
     */
    Writes between(CurrentState before, List<ProcessInfo> processes, long collectedAtMillis) {
        if (before != null && collectedAtMillis <= before.collectedAtMillis()) {
            return new Writes(processes, List.of(), 0, processes, List.of(), false, List.of(), 0);
        }
        Map<Key, TrackedProcess> previous =
                new HashMap<>(before == null ? 16 : (int) (before.processes().size() / 0.75f) + 1);
        if (before != null) {
            for (TrackedProcess p : before.processes()) {
                previous.put(new Key(p.pid(), p.startTimeMillis()), p);
            }
        }
        List<ProcessInfo> identities = new ArrayList<>();
        List<ProcessInfo> samples = new ArrayList<>();
        List<TrackedProcess> state = new ArrayList<>(processes.size());
        List<ProcessInfo> used = new ArrayList<>();
        long stringBytesChange = 0;
        for (ProcessInfo p : processes) {
            TrackedProcess was = previous.remove(new Key(p.pid(), p.startTimeMillis()));
            boolean sampled = decision.writes(p, was, collectedAtMillis);
            TrackedProcess row =
                    sampled ? TrackedProcess.recorded(p, collectedAtMillis) : TrackedProcess.unrecorded(p, was);
            if (was == null || !sameIdentity(p, was)) {
                // started, or an exec changed its name and command line, or its pod's name was learnt
                identities.add(p);
                stringBytesChange +=
                        CurrentStates.stringBytes(row) - (was == null ? 0 : CurrentStates.stringBytes(was));
            }
            if (was == null || !sameUse(p, was)) {
                used.add(p);
            }
            if (sampled) {
                samples.add(p);
            }
            state.add(row);
        }
        for (TrackedProcess exited : previous.values()) {
            stringBytesChange -= CurrentStates.stringBytes(exited);
        }
        return new Writes(
                identities,
                new ArrayList<>(previous.values()),
                before == null ? collectedAtMillis : before.collectedAtMillis(),
                samples,
                state,
                true,
                used,
                stringBytesChange);
    }

    /** Whether a process uses what it used in the state before, as the fleet's top lists show it. */
    private static boolean sameUse(ProcessInfo info, TrackedProcess p) {
        return p.status() == info.status()
                && Objects.equals(p.cpuPercent(), info.cpuPercent())
                && Objects.equals(p.rssBytes(), info.rssBytes())
                && Objects.equals(p.vmsBytes(), info.vmsBytes())
                && Objects.equals(p.threads(), info.threads())
                && Objects.equals(p.nice(), info.nice());
    }

    private static boolean sameIdentity(ProcessInfo info, TrackedProcess p) {
        return Objects.equals(p.ppid(), info.ppid())
                && Objects.equals(p.name(), info.name())
                && Objects.equals(p.exe(), info.exe())
                && Objects.equals(p.commandLine(), info.commandLine())
                && Objects.equals(p.user(), info.user())
                && Objects.equals(p.cwd(), info.cwd())
                && Objects.equals(p.containerId(), info.containerId())
                && Objects.equals(p.podUid(), info.podUid())
                && Objects.equals(p.podNamespace(), info.podNamespace())
                && Objects.equals(p.podName(), info.podName());
    }
}
