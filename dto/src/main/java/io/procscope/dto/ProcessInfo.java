package io.procscope.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * One process at the time of a report. A process is identified by (host, {@code pid}, {@code
 * startTimeMillis}): pids are reused. Fields the agent could not read (another user's cwd without
 * privileges, a kernel thread's exe) are null.
 *
 * @param pid process id
 * @param ppid parent's process id; 0 for the roots (init, kthreadd); null where unknown
 * @param name short name, for example {@code postgres}
 * @param exe absolute path of the executable
 * @param commandLine arguments joined by spaces, secrets already scrubbed by the agent
 * @param user name of the real user, or the numeric uid where the name is unknown
 * @param status scheduling state
 * @param startTimeMillis when the process started, ms since the epoch
 * @param cpuPercent share of one logical processor used since the previous collection; can exceed
 *     100 for a process with several busy threads
 * @param rssBytes resident set size, bytes
 * @param vmsBytes virtual memory size, bytes
 * @param threads number of threads
 * @param nice nice value, -20 (highest priority) to 19
 * @param cwd current working directory
 * @param containerId id of the container the process runs in (the 64 hex digits Docker, containerd
 *     and CRI-O use), read from the process's cgroup; null outside a container or where unknown
 * @param podUid on Kubernetes, the UID of the pod the process belongs to, read from its cgroup;
 *     null elsewhere
 * @param podNamespace on Kubernetes, the namespace of that pod; null where the agent may not list
 *     the pods of its node
 * @param podName on Kubernetes, the name of that pod; null where the agent may not list the pods
 *     of its node
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProcessInfo(
        @NotNull @PositiveOrZero Integer pid,
        @PositiveOrZero Integer ppid,
        @Size(max = MAX_NAME_LENGTH) String name,
        @Size(max = MAX_PATH_LENGTH) String exe,
        @Size(max = MAX_COMMAND_LINE_LENGTH) String commandLine,
        @Size(max = MAX_USER_LENGTH) String user,
        ProcessStatus status,
        @NotNull @PositiveOrZero Long startTimeMillis,
        @PositiveOrZero Double cpuPercent,
        @PositiveOrZero Long rssBytes,
        @PositiveOrZero Long vmsBytes,
        @PositiveOrZero Integer threads,
        Integer nice,
        @Size(max = MAX_PATH_LENGTH) String cwd,
        @Size(max = MAX_CONTAINER_ID_LENGTH) String containerId,
        @Size(max = MAX_POD_UID_LENGTH) String podUid,
        @Size(max = MAX_POD_NAMESPACE_LENGTH) String podNamespace,
        @Size(max = MAX_POD_NAME_LENGTH) String podName) {

    // Lengths are Java's String.length(), UTF-16 code units, as Bean Validation's @Size counts them.

    /** Longest {@code name} accepted, characters. */
    public static final int MAX_NAME_LENGTH = 1024;

    /** Longest {@code exe} or {@code cwd} accepted, characters: Linux's {@code PATH_MAX}. */
    public static final int MAX_PATH_LENGTH = 4096;

    /** Longest {@code commandLine} accepted, characters; the agent cuts longer ones. */
    public static final int MAX_COMMAND_LINE_LENGTH = 32768;

    /** Longest {@code user} accepted, characters. */
    public static final int MAX_USER_LENGTH = 256;

    /** Longest {@code containerId} accepted, characters. */
    public static final int MAX_CONTAINER_ID_LENGTH = 128;

    /** Longest {@code podUid} accepted, characters. */
    public static final int MAX_POD_UID_LENGTH = 64;

    /** Longest {@code podNamespace} accepted, characters. */
    public static final int MAX_POD_NAMESPACE_LENGTH = 253;

    /** Longest {@code podName} accepted, characters: a DNS subdomain's. */
    public static final int MAX_POD_NAME_LENGTH = 253;

    /** A process outside any container, or read by an agent that does not attribute containers. */
    public ProcessInfo(
            Integer pid,
            Integer ppid,
            String name,
            String exe,
            String commandLine,
            String user,
            ProcessStatus status,
            Long startTimeMillis,
            Double cpuPercent,
            Long rssBytes,
            Long vmsBytes,
            Integer threads,
            Integer nice,
            String cwd) {
        this(
                pid,
                ppid,
                name,
                exe,
                commandLine,
                user,
                status,
                startTimeMillis,
                cpuPercent,
                rssBytes,
                vmsBytes,
                threads,
                nice,
                cwd,
                null,
                null,
                null,
                null);
    }
}
