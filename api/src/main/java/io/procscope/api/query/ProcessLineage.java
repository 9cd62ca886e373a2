package io.procscope.api.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which process of a report is each one's parent, as a forest whatever the report says.
 *
 * <p>A report is its agent's word, and old stored states were accepted under looser checks: a pid
 * can appear twice (reused, with two start times), a process can name itself or a pid that is not
 * in the report as its parent, and parents can loop through several pids. Here each process gets
 * at most one parent among the rows, and each loop (a process naming itself is a loop of one) is
 * cut at the process in it with the lowest (start time, pid), which becomes a root. Following parents from any process therefore reaches a
 * root in fewer steps than there are processes, and every process is the child of at most one.
 *
 * <p>Built without recursion in O(n) plus a sort of each pid that appears more than once.
 */
final class ProcessLineage {

    private static final int NONE = -1;

    private final List<ProcessRow> rows;
    /** For each row, the index of its parent row, or {@link #NONE} for a root. */
    private final int[] parent;
    /** For each row, whether it is a root because a loop of parents was cut there. */
    private final boolean[] loopCut;
    /** The children of row i are {@code children[firstChild[i]]} up to {@code firstChild[i + 1]}. */
    private final int[] firstChild;

    private final int[] children;

    private ProcessLineage(List<ProcessRow> rows, int[] parent, boolean[] loopCut) {
        this.rows = rows;
        this.parent = parent;
        this.loopCut = loopCut;
        int n = rows.size();
        firstChild = new int[n + 1];
        for (int p : parent) {
            if (p != NONE) {
                firstChild[p + 1]++;
            }
        }
        for (int i = 0; i < n; i++) {
            firstChild[i + 1] += firstChild[i];
        }
        children = new int[firstChild[n]];
        int[] next = Arrays.copyOf(firstChild, n);
        for (int i = 0; i < n; i++) {
            if (parent[i] != NONE) {
                children[next[parent[i]]++] = i;
            }
        }
    }

    /** The lineage of {@code rows}; indexes below are positions in {@code rows}. */
    static ProcessLineage of(List<ProcessRow> rows) {
        int[] parent = parents(rows);
        boolean[] loopCut = new boolean[rows.size()];
        cutLoops(rows, parent, loopCut);
        return new ProcessLineage(rows, parent, loopCut);
    }

    /** How many processes there are. */
    int size() {
        return rows.size();
    }

    /** The process at {@code index}. */
    ProcessRow row(int index) {
        return rows.get(index);
    }

    /** The index of the parent of the process at {@code index}; -1 for a root. */
    int parentOf(int index) {
        return parent[index];
    }

    /**
     * Whether the process at {@code index} is a root only because following parents from it led back
     * to it: its ppid names a process of the report, but the loop had to be cut somewhere.
     */
    boolean loopCutAt(int index) {
        return loopCut[index];
    }

    /** How many children the process at {@code index} has. */
    int childCount(int index) {
        return firstChild[index + 1] - firstChild[index];
    }

    /** The index of the {@code k}th child of the process at {@code index}, in report order. */
    int child(int index, int k) {
        return children[firstChild[index] + k];
    }

    /** The children of the process at {@code index}, in report order. */
    List<ProcessRow> childrenOf(int index) {
        List<ProcessRow> kids = new ArrayList<>(childCount(index));
        for (int k = firstChild[index]; k < firstChild[index + 1]; k++) {
            kids.add(rows.get(children[k]));
        }
        return kids;
    }

    /**
     * Each row's parent as the report names it: the row with its ppid, itself for its own pid, none
     * for a pid not in the report. When several rows have that pid (a reused pid), the one that
     * started last at or before the child, else the first to start.
     */
    private static int[] parents(List<ProcessRow> rows) {
        int n = rows.size();
        Map<Integer, Integer> firstWithPid = new HashMap<>(n * 2);
        int[] sameNext = new int[n];
        int[] sameLast = new int[n];
        Map<Integer, int[]> reused = new HashMap<>();
        for (int i = 0; i < n; i++) {
            sameNext[i] = NONE;
            Integer first = firstWithPid.putIfAbsent(rows.get(i).pid(), i);
            if (first != null) {
                sameNext[sameLast[first]] = i;
                sameLast[first] = i;
                reused.put(rows.get(i).pid(), null);
            } else {
                sameLast[i] = i;
            }
        }
        for (Map.Entry<Integer, int[]> e : reused.entrySet()) {
            List<Integer> same = new ArrayList<>();
            for (int i = firstWithPid.get(e.getKey()); i != NONE; i = sameNext[i]) {
                same.add(i);
            }
            same.sort((a, b) ->
                    Long.compare(rows.get(a).startTimeMillis(), rows.get(b).startTimeMillis()));
            e.setValue(same.stream().mapToInt(Integer::intValue).toArray());
        }
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            ProcessRow r = rows.get(i);
            Integer ppid = r.ppid();
            Integer first = ppid == null ? null : firstWithPid.get(ppid);
            if (ppid != null && ppid == r.pid()) {
                // A loop of one: cut like any other loop.
                parent[i] = i;
            } else if (first == null) {
                parent[i] = NONE;
            } else if (sameNext[first] == NONE) {
                parent[i] = first;
            } else {
                parent[i] = startedLastBy(rows, reused.get(ppid), r.startTimeMillis());
            }
        }
        return parent;
    }

    /** Of {@code same} (sorted by start time), the last to start at or before {@code startTimeMillis}, else the first. */
    private static int startedLastBy(List<ProcessRow> rows, int[] same, long startTimeMillis) {
        int lo = 0;
        int hi = same.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (rows.get(same[mid]).startTimeMillis() <= startTimeMillis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return same[Math.max(0, lo - 1)];
    }

    /**
     * Cuts every loop of parents at its process with the lowest (start time, pid, position). Each row
     * has at most one parent, so each row's walk up either reaches a root, a row already settled, or a
     * loop of rows on its own walk; each row is walked once.
     */
    private static void cutLoops(List<ProcessRow> rows, int[] parent, boolean[] loopCut) {
        int n = rows.size();
        // 0: not walked yet; -1: settled (its walk up ends at a root); w > 0: on walk w.
        int[] state = new int[n];
        int[] walk = new int[n];
        int walks = 0;
        for (int start = 0; start < n; start++) {
            if (state[start] != 0) {
                continue;
            }
            int id = ++walks;
            int length = 0;
            int at = start;
            while (at != NONE && state[at] == 0) {
                state[at] = id;
                walk[length++] = at;
                at = parent[at];
            }
            if (at != NONE && state[at] == id) {
                // The walk came back to itself: the loop is the walk from that row on.
                int lowest = at;
                for (int i = length - 1; walk[i] != at; i--) {
                    if (before(rows, walk[i], lowest)) {
                        lowest = walk[i];
                    }
                }
                parent[lowest] = NONE;
                loopCut[lowest] = true;
            }
            for (int i = 0; i < length; i++) {
                state[walk[i]] = -1;
            }
        }
    }

    private static boolean before(List<ProcessRow> rows, int a, int b) {
        ProcessRow x = rows.get(a);
        ProcessRow y = rows.get(b);
        if (x.startTimeMillis() != y.startTimeMillis()) {
            return x.startTimeMillis() < y.startTimeMillis();
        }
        if (x.pid() != y.pid()) {
            return x.pid() < y.pid();
        }
        return a < b;
    }
}
