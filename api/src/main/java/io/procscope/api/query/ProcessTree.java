package io.procscope.api.query;

import java.util.List;

/**
 * A host's processes as a tree: each process under its parent. A process whose parent is not in
 * the report is a root.
 *
 * @param hostname the host
 * @param collectedAtMillis when the report was collected, ms since the epoch
 * @param processCount processes in the tree
 * @param roots the processes without a parent in the report, busiest subtree first
 */
public record ProcessTree(String hostname, long collectedAtMillis, int processCount, List<Node> roots) {

    /**
     * One process and the processes under it.
     *
     * @param process the process
     * @param subtreeCpuPercent CPU of the process and all its descendants
     * @param subtreeRssBytes RSS of the process and all its descendants, bytes
     * @param subtreeProcesses the process and all its descendants
     * @param children the processes whose parent it is, busiest subtree first
     */
    public record Node(
            ProcessRow process,
            double subtreeCpuPercent,
            long subtreeRssBytes,
            int subtreeProcesses,
            List<Node> children) {}
}
