package io.procscope.api.query;

import io.procscope.dto.ProcessStatus;
import io.quarkus.qute.TemplateData;

/**
 * One process of a host's snapshot: its identity and its resource use at that time.
 *
 * @param pid process id
 * @param ppid parent's process id
 * @param name short name
 * @param exe path of the executable
 * @param commandLine command line, secrets scrubbed by the agent
 * @param user user name, or numeric uid
 * @param status scheduling state
 * @param startTimeMillis when it started, ms since the epoch
 * @param cpuPercent share of one logical processor; can exceed 100
 * @param rssBytes resident set size, bytes
 * @param vmsBytes virtual memory size, bytes
 * @param threads number of threads
 * @param nice nice value, -20 to 19
 * @param cwd working directory
 * @param containerId the container it runs in, 64 hex digits; null outside one or where unknown
 * @param podUid on Kubernetes, its pod's UID; null elsewhere
 * @param podNamespace on Kubernetes, its pod's namespace; null where unknown
 * @param podName on Kubernetes, its pod's name; null where unknown
 * @param memoryPercent RSS as a share of the host's physical memory, 0 to 100
 */
@TemplateData
public record ProcessRow(
        int pid,
        Integer ppid,
        String name,
        String exe,
        String commandLine,
        String user,
        ProcessStatus status,
        long startTimeMillis,
        Double cpuPercent,
        Long rssBytes,
        Long vmsBytes,
        Integer threads,
        Integer nice,
        String cwd,
        String containerId,
        String podUid,
        String podNamespace,
        String podName,
        Double memoryPercent) {

    /** A tracked process as a row, with its memory share of a host of {@code memoryTotalBytes}. */
    public static ProcessRow of(io.procscope.api.domain.TrackedProcess p, Long memoryTotalBytes) {
        Double memoryPercent = p.rssBytes() == null || memoryTotalBytes == null || memoryTotalBytes == 0
                ? null
                : 100.0 * p.rssBytes() / memoryTotalBytes;
        return new ProcessRow(
                p.pid(),
                p.ppid(),
                p.name(),
                p.exe(),
                p.commandLine(),
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
                p.podName(),
                memoryPercent);
    }
}
