package io.procscope.api.query;

import java.util.List;

/**
 * One process: the newest that is known of it, with its family.
 *
 * @param hostname the host
 * @param process the process, from the newest report that had it
 * @param running true while the host's newest report has it
 * @param firstSeenMillis when the first report had it, ms since the epoch
 * @param endedMillis when the first report without it was collected; null while it runs
 * @param parent its parent while both run, as the tree shows it; null for a root or after it exited
 * @param parentLoop true when its ppid names a running process but following parents from there
 *     leads back to it: the tree cuts that loop here and shows it as a root, so {@code parent} is null
 * @param children the processes whose parent it is in the newest report, as the tree shows them
 */
public record ProcessDetail(
        String hostname,
        ProcessRow process,
        boolean running,
        Long firstSeenMillis,
        Long endedMillis,
        ProcessRow parent,
        boolean parentLoop,
        List<ProcessRow> children) {}
