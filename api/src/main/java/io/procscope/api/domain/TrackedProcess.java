package io.procscope.api.domain;

import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;

/**
 * One process in a host's newest state: what the newest report said of it, and what was last
 * written to its history, which decides whether the next report writes a sample.
 *
 * @param pid process id
 * @param ppid parent's process id
 * @param startTimeMillis when it started, ms since the epoch
 * @param name short name
 * @param exe path of the executable
 * @param commandLine command line
 * @param user user name or numeric uid
 * @param cwd working directory
 * @param containerId the container it runs in, 64 hex digits; null outside one or where unknown
 * @param podUid on Kubernetes, its pod's UID; null elsewhere
 * @param podNamespace on Kubernetes, its pod's namespace; null where unknown
 * @param podName on Kubernetes, its pod's name; null where unknown
 * @param status scheduling state
 * @param cpuPercent share of one logical processor
 * @param rssBytes resident set size, bytes
 * @param vmsBytes virtual memory size, bytes
 * @param threads number of threads
 * @param nice nice value
 * @param recordedAtMillis when its newest history sample was collected, ms since the epoch
 * @param recordedStatus the state in that sample
 * @param recordedCpuPercent the CPU in that sample
 * @param recordedRssBytes the RSS in that sample
 * @param recordedThreads the threads in that sample
 * @param recordedNice the nice value in that sample
 */
public record TrackedProcess(
        int pid,
        Integer ppid,
        long startTimeMillis,
        String name,
        String exe,
        String commandLine,
        String user,
        String cwd,
        String containerId,
        String podUid,
        String podNamespace,
        String podName,
        ProcessStatus status,
        Double cpuPercent,
        Long rssBytes,
        Long vmsBytes,
        Integer threads,
        Integer nice,
        long recordedAtMillis,
        ProcessStatus recordedStatus,
        Double recordedCpuPercent,
        Long recordedRssBytes,
        Integer recordedThreads,
        Integer recordedNice) {

    /** A process as a report shows it, with a history sample written at {@code collectedAtMillis}. */
    public static TrackedProcess recorded(ProcessInfo p, long collectedAtMillis) {
        return new TrackedProcess(
                p.pid(),
                p.ppid(),
                p.startTimeMillis(),
                p.name(),
                p.exe(),
                p.commandLine(),
                p.user(),
                p.cwd(),
                p.containerId(),
                p.podUid(),
                p.podNamespace(),
                p.podName(),
                p.status(),
                p.cpuPercent(),
                p.rssBytes(),
                p.vmsBytes(),
                p.threads(),
                p.nice(),
                collectedAtMillis,
                p.status(),
                p.cpuPercent(),
                p.rssBytes(),
                p.threads(),
                p.nice());
    }

    /** A process as a report shows it, whose newest history sample stays the one in {@code before}. */
    public static TrackedProcess unrecorded(ProcessInfo p, TrackedProcess before) {
        return new TrackedProcess(
                p.pid(),
                p.ppid(),
                p.startTimeMillis(),
                p.name(),
                p.exe(),
                p.commandLine(),
                p.user(),
                p.cwd(),
                p.containerId(),
                p.podUid(),
                p.podNamespace(),
                p.podName(),
                p.status(),
                p.cpuPercent(),
                p.rssBytes(),
                p.vmsBytes(),
                p.threads(),
                p.nice(),
                before.recordedAtMillis(),
                before.recordedStatus(),
                before.recordedCpuPercent(),
                before.recordedRssBytes(),
                before.recordedThreads(),
                before.recordedNice());
    }
}
