package io.procscope.api.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A host's processes as a tree: each process under its parent, each exactly once. A process whose
 * parent is not in the report is a root; so is the process where a loop of parents is cut (the one
 * in the loop with the lowest start time, then pid), and a process deeper than {@link #MAX_DEPTH},
 * which starts a root of its own.
 *
 * @param hostname the host
 * @param collectedAtMillis when the report was collected, ms since the epoch
 * @param processCount processes in the tree
 * @param roots the processes without a parent in the tree, busiest subtree first
 */
public record ProcessTree(String hostname, long collectedAtMillis, int processCount, List<Node> roots) {

    /**
     * The deepest a process sits under its root (a root is at depth 0). A deeper process starts a
     * root of its own, so that the tree nests no deeper than a JSON writer accepts (Jackson refuses
     * more than 1000 levels, two per tree level) and a browser's HTML parser keeps nested (Chromium
     * stops nesting after 512 elements, two per tree level). Real process trees are a few dozen deep.
     */
    public static final int MAX_DEPTH = 200;

    /**
     * One process and the processes under it.
     *
     * @param process the process
     * @param subtreeCpuPercent CPU of the process and all its descendants, % of one logical processor
     * @param subtreeRssBytes RSS of the process and all its descendants, bytes; {@link Long#MAX_VALUE}
     *     where the sum would overflow
     * @param subtreeProcesses the process and all its descendants
     * @param children the processes whose parent it is, busiest subtree first
     */
    public record Node(
            ProcessRow process,
            double subtreeCpuPercent,
            long subtreeRssBytes,
            int subtreeProcesses,
            List<Node> children) {}

    private static final Comparator<Node> BUSIEST = Comparator.comparingDouble(Node::subtreeCpuPercent)
            .reversed()
            .thenComparing(Comparator.comparingLong(Node::subtreeRssBytes).reversed())
            .thenComparingInt(n -> n.process().pid())
            .thenComparingLong(n -> n.process().startTimeMillis());

    /**
     * The tree of {@code rows}, whatever parents they name (see {@link ProcessLineage}): every row is
     * one node. Without recursion: one pass down from the roots in breadth-first order, one back up
     * that sums each subtree, then each node's children sorted.
     */
    public static ProcessTree of(String hostname, long collectedAtMillis, List<ProcessRow> rows) {
        ProcessLineage lineage = ProcessLineage.of(rows);
        int n = rows.size();
        int[] order = new int[n];
        int[] depth = new int[n];
        boolean[] root = new boolean[n];
        int tail = 0;
        for (int i = 0; i < n; i++) {
            if (lineage.parentOf(i) < 0) {
                root[i] = true;
                order[tail++] = i;
            }
        }
        for (int head = 0; head < tail; head++) {
            int at = order[head];
            for (int k = 0; k < lineage.childCount(at); k++) {
                int c = lineage.child(at, k);
                if (depth[at] == MAX_DEPTH) {
                    root[c] = true;
                } else {
                    depth[c] = depth[at] + 1;
                }
                order[tail++] = c;
            }
        }
        Node[] built = new Node[n];
        for (int o = tail - 1; o >= 0; o--) {
            int at = order[o];
            ProcessRow r = rows.get(at);
            double cpu = r.cpuPercent() == null ? 0 : r.cpuPercent();
            long rss = r.rssBytes() == null ? 0 : r.rssBytes();
            int count = 1;
            List<Node> kids = new ArrayList<>(lineage.childCount(at));
            for (int k = 0; k < lineage.childCount(at); k++) {
                int c = lineage.child(at, k);
                if (root[c]) {
                    continue;
                }
                Node child = built[c];
                built[c] = null;
                kids.add(child);
                cpu += child.subtreeCpuPercent();
                rss = saturatedSum(rss, child.subtreeRssBytes());
                count += child.subtreeProcesses();
            }
            kids.sort(BUSIEST);
            built[at] = new Node(r, cpu, rss, count, kids);
        }
        List<Node> roots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (root[i]) {
                roots.add(built[i]);
            }
        }
        roots.sort(BUSIEST);
        return new ProcessTree(hostname, collectedAtMillis, n, roots);
    }

    /** {@code a + b}, held at the nearest bound where a forged report's values would wrap around. */
    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }
}
