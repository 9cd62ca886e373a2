package io.procscope.api.dashboard;

import io.procscope.api.query.ProcessRow;
import io.procscope.api.query.ProcessTree;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A process tree laid out for the page: the nodes in document order, each with its depth and how
 * many levels close after it, so the template writes nested lists without recursion. A search
 * marks its matches and opens the path to each of them, on the server, so the page shows them even
 * before (or without) its script.
 *
 * @param tree the tree
 * @param q the search; empty for none
 * @param lines every node in document order
 * @param matches how many nodes match the search
 */
public record TreeView(ProcessTree tree, String q, List<Line> lines, int matches) {

    /** Levels open when nothing is searched: the roots and their children show. */
    static final int OPEN_DEPTH = 1;

    /**
     * One node of the tree.
     *
     * @param node the process and its subtree totals
     * @param depth 0 for a root
     * @param open whether its children show
     * @param match whether it matches the search
     * @param closes one entry per level that ends after this node
     */
    public record Line(ProcessTree.Node node, int depth, boolean open, boolean match, List<Integer> closes) {

        public ProcessRow p() {
            return node.process();
        }

        public boolean hasChildren() {
            return !node.children().isEmpty();
        }

        // One expression per column keeps the template's work per node small: 2000 nodes render fast.

        /** The state as a CSS class suffix. */
        public String status() {
            return Formats.statusName(node.process().status());
        }

        public String statusLabel() {
            return Formats.statusLabel(node.process().status());
        }

        /** The process's own CPU and RSS: {@code 1.5 % · 12.0 MiB}. */
        public String own() {
            return Formats.percent(node.process().cpuPercent()) + " · "
                    + Formats.bytes(node.process().rssBytes());
        }

        /** Its subtree's totals: {@code Σ 4 · 91.5 % · 1.6 GiB}. */
        public String sum() {
            return "Σ " + node.subtreeProcesses() + " · " + Formats.percent(node.subtreeCpuPercent()) + " · "
                    + Formats.bytes(node.subtreeRssBytes());
        }
    }

    static TreeView of(ProcessTree tree, String q) {
        String needle = q == null || q.isBlank() ? null : q.strip().toLowerCase(Locale.ROOT);
        List<ProcessTree.Node> nodes = new ArrayList<>(tree.processCount());
        List<Integer> depths = new ArrayList<>(tree.processCount());
        List<Integer> parents = new ArrayList<>(tree.processCount());
        // Pre-order without recursion: a deep chain of processes cannot overflow the stack. A node met
        // twice would be a tree that is not one (children lists shared or looping): refused, since
        // laying it out could then never end.
        Set<ProcessTree.Node> laidOut = Collections.newSetFromMap(new IdentityHashMap<>(tree.processCount() * 2));
        Deque<Object[]> stack = new ArrayDeque<>();
        for (int i = tree.roots().size() - 1; i >= 0; i--) {
            stack.push(new Object[] {tree.roots().get(i), 0, -1});
        }
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            ProcessTree.Node node = (ProcessTree.Node) top[0];
            if (!laidOut.add(node)) {
                throw new IllegalArgumentException("Process " + node.process().pid() + " is twice in the tree.");
            }
            int depth = (Integer) top[1];
            int index = nodes.size();
            nodes.add(node);
            depths.add(depth);
            parents.add((Integer) top[2]);
            for (int i = node.children().size() - 1; i >= 0; i--) {
                stack.push(new Object[] {node.children().get(i), depth + 1, index});
            }
        }
        int n = nodes.size();
        boolean[] match = new boolean[n];
        boolean[] matchBelow = new boolean[n];
        int matches = 0;
        if (needle != null) {
            for (int i = n - 1; i >= 0; i--) {
                match[i] = matches(nodes.get(i).process(), needle);
                matches += match[i] ? 1 : 0;
                if ((match[i] || matchBelow[i]) && parents.get(i) >= 0) {
                    matchBelow[parents.get(i)] = true;
                }
            }
        }
        List<Line> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ProcessTree.Node node = nodes.get(i);
            int depth = depths.get(i);
            int closes = node.children().isEmpty() ? depth - (i + 1 < n ? depths.get(i + 1) : 0) : 0;
            boolean open = needle == null ? depth < OPEN_DEPTH : matchBelow[i];
            lines.add(new Line(node, depth, open, match[i], Collections.nCopies(Math.max(0, closes), 0)));
        }
        return new TreeView(tree, needle == null ? "" : q.strip(), lines, matches);
    }

    /** What the page's script matches too: name, command line, user, or the pid exactly. */
    static boolean matches(ProcessRow p, String lowerNeedle) {
        return contains(p.name(), lowerNeedle)
                || contains(p.commandLine(), lowerNeedle)
                || contains(p.user(), lowerNeedle)
                || Integer.toString(p.pid()).equals(lowerNeedle);
    }

    private static boolean contains(String haystack, String lowerNeedle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }
}
