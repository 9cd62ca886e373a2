package io.procscope.api.dashboard;

import io.procscope.api.problem.ProblemException;
import io.procscope.api.query.HostTree;
import io.procscope.api.query.ProcessRow;
import io.procscope.api.query.ProcessTree;
import io.quarkus.qute.TemplateData;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The part of a process tree a page shows, laid out for it: the nodes in document order, each with
 * its depth and how many levels close after it, so the template writes nested lists without
 * recursion. A page never holds the whole tree: it shows the roots and their children up to {@link
 * #NODES_SHOWN} nodes, a "more" line where a level has more, and loads a closed node's children
 * when it is opened ({@link #children}). A search shows its first matches with the processes above
 * them, opened, on the server.
 *
 * @param tree the whole tree, for its host and counts
 * @param q the search; empty for none
 * @param lines the nodes shown, in document order
 * @param matches how many processes of the whole tree match the search
 * @param matchesShown how many of them {@code lines} holds
 */
@TemplateData
public record TreeView(ProcessTree tree, String q, List<Line> lines, int matches, int matchesShown) {

    /** Levels open when nothing is searched: the roots and their children show. */
    static final int OPEN_DEPTH = 1;

    /** Most nodes the page shows at first, whatever the host runs. */
    public static final int NODES_SHOWN = 300;

    /** Most roots shown at first; the rest are behind a "more" line. */
    static final int ROOTS_SHOWN = 100;

    /** Most children of one node shown at first. */
    static final int CHILDREN_SHOWN = 50;

    /** Children one "open" or "more" loads. */
    static final int CHILDREN_PAGE = 100;

    /** Most matches a search shows, with the processes above them. */
    static final int MATCHES_SHOWN = 50;

    /** Most nodes a search shows, matches and the processes above them. */
    static final int SEARCH_NODES_SHOWN = 400;

    /**
     * One line of the tree: a process, or a "more" line that stands for the rest of a level.
     *
     * @param node the process and its subtree totals; null for a "more" line
     * @param depth 0 for a root (or for the first level of a fragment)
     * @param open whether its children follow it, shown
     * @param match whether it matches the search
     * @param moreOf the process whose children a "more" line stands for; null for the roots or a
     *     process line
     * @param moreOffset where the rest of the level starts
     * @param moreCount how many processes the "more" line stands for; 0 for a process line
     * @param closes one entry per level that ends after this line
     */
    @TemplateData
    public record Line(
            ProcessTree.Node node,
            int depth,
            boolean open,
            boolean match,
            ProcessRow moreOf,
            int moreOffset,
            int moreCount,
            List<Integer> closes) {

        public ProcessRow p() {
            return node.process();
        }

        /** True for a line that stands for the rest of a level. */
        public boolean more() {
            return node == null;
        }

        public boolean hasChildren() {
            return !node.children().isEmpty();
        }

        /** True when it has children the page has not loaded: opening it asks the server for them. */
        public boolean lazy() {
            return !open && hasChildren();
        }

        /** The pid of the process a "more" line's level is under; empty for the roots. */
        public String morePid() {
            return moreOf == null ? "" : Integer.toString(moreOf.pid());
        }

        /** The start time of that process, ms since the epoch; empty for the roots. */
        public String moreStart() {
            return moreOf == null ? "" : Long.toString(moreOf.startTimeMillis());
        }

        // One expression per column keeps the template's work per node small.

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

    /** The children of one node the page shows, and how many it leaves to a "more" line. */
    private record Group(List<ProcessTree.Node> shown, int moreOffset, int moreCount) {}

    /** True when the search shows fewer matches than the tree holds. */
    public boolean truncated() {
        return matchesShown < matches;
    }

    /** The first screen of {@code tree}, or with a search {@code q} its first matches and their ancestors. */
    static TreeView of(ProcessTree tree, String q) {
        String needle = q == null || q.isBlank() ? null : q.strip().toLowerCase(Locale.ROOT);
        return needle == null ? firstScreen(tree) : search(tree, q.strip(), needle);
    }

    /** The roots and, opened, their children: at most {@link #NODES_SHOWN} nodes in all. */
    private static TreeView firstScreen(ProcessTree tree) {
        int budget = NODES_SHOWN;
        Group roots = slice(tree.roots(), 0, Math.min(ROOTS_SHOWN, budget));
        budget -= roots.shown().size();
        Map<ProcessTree.Node, Group> groups = new IdentityHashMap<>();
        // Breadth first, so that a budget spent stops at a whole level rather than deep in one branch.
        Deque<ProcessTree.Node> level = new ArrayDeque<>(roots.shown());
        for (int depth = 0; depth < OPEN_DEPTH && budget > 0; depth++) {
            Deque<ProcessTree.Node> next = new ArrayDeque<>();
            for (ProcessTree.Node node : level) {
                if (node.children().isEmpty() || budget == 0) {
                    continue;
                }
                Group g = slice(node.children(), 0, Math.min(CHILDREN_SHOWN, budget));
                groups.put(node, g);
                budget -= g.shown().size();
                next.addAll(g.shown());
            }
            level = next;
        }
        return new TreeView(tree, "", layOut(roots, null, groups, n -> false), 0, 0);
    }

    /**
     * The first {@link #MATCHES_SHOWN} matches in document order, each with the processes above it
     * (opened, showing only the way down to a match), at most {@link #SEARCH_NODES_SHOWN} nodes.
     * Every match of the tree is counted.
     */
    private static TreeView search(ProcessTree tree, String q, String needle) {
        Predicate<ProcessTree.Node> match = n -> matches(n.process(), needle);
        Set<ProcessTree.Node> shown = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<ProcessTree.Node, Group> groups = new IdentityHashMap<>();
        List<ProcessTree.Node> roots = new ArrayList<>();
        int matches = 0;
        int matchesShown = 0;
        // Pre-order without recursion; the stack holds the path from a root to the node visited.
        List<ProcessTree.Node> path = new ArrayList<>();
        List<Integer> next = new ArrayList<>();
        Set<ProcessTree.Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ProcessTree.Node root : tree.roots()) {
            path.add(root);
            next.add(0);
            while (!path.isEmpty()) {
                int top = path.size() - 1;
                ProcessTree.Node node = path.get(top);
                int k = next.get(top);
                if (k == 0) {
                    if (!visited.add(node)) {
                        throw new IllegalArgumentException(
                                "Process " + node.process().pid() + " is twice in the tree.");
                    }
                    if (match.test(node)) {
                        matches++;
                        int fresh = 0;
                        for (int i = top; i >= 0 && !shown.contains(path.get(i)); i--) {
                            fresh++;
                        }
                        if (matchesShown < MATCHES_SHOWN && shown.size() + fresh <= SEARCH_NODES_SHOWN) {
                            matchesShown++;
                            for (int i = top - fresh + 1; i <= top; i++) {
                                ProcessTree.Node n = path.get(i);
                                shown.add(n);
                                if (i == 0) {
                                    roots.add(n);
                                } else {
                                    groups.computeIfAbsent(path.get(i - 1), p -> new Group(new ArrayList<>(), 0, 0))
                                            .shown()
                                            .add(n);
                                }
                            }
                        }
                    }
                }
                if (k < node.children().size()) {
                    next.set(top, k + 1);
                    path.add(node.children().get(k));
                    next.add(0);
                } else {
                    path.remove(top);
                    next.remove(top);
                }
            }
        }
        return new TreeView(tree, q, layOut(new Group(roots, 0, 0), null, groups, match), matches, matchesShown);
    }

    /**
     * The children of the process {@code pid} started at {@code startTimeMillis} (any start time
     * when null), or the roots when {@code pid} is null, from {@code offset}: at most {@link
     * #CHILDREN_PAGE}, closed, then a "more" line for the rest. 404 when the tree has no such process.
     */
    static List<Line> children(ProcessTree tree, Integer pid, Long startTimeMillis, int offset) {
        return children(HostTree.of(tree), pid, startTimeMillis, offset);
    }

    /**
     * The same from a tree whose nodes are found by pid: it costs the page it answers, not the
     * tree's size.
     */
    static List<Line> children(HostTree indexed, Integer pid, Long startTimeMillis, int offset) {
        ProcessTree tree = indexed.tree();
        List<ProcessTree.Node> level = tree.roots();
        ProcessTree.Node parent = null;
        if (pid != null) {
            parent = indexed.find(pid, startTimeMillis);
            if (parent == null) {
                throw ProblemException.notFound("Host '" + tree.hostname() + "' runs no process " + pid
                        + (startTimeMillis == null ? "" : " started at " + startTimeMillis) + ".");
            }
            level = parent.children();
        }
        Map<ProcessTree.Node, Group> none = Map.of();
        return layOut(slice(level, offset, CHILDREN_PAGE), parent, none, n -> false);
    }

    private static Group slice(List<ProcessTree.Node> nodes, int offset, int count) {
        int from = Math.min(offset, nodes.size());
        int to = Math.min(nodes.size(), from + count);
        return new Group(nodes.subList(from, to), to, nodes.size() - to);
    }

    /**
     * The lines of {@code top} (the children of {@code parent}, null for the roots) and of every
     * group opened below it, in document order. Without recursion: a deep chain of processes cannot
     * overflow the stack. A node met twice would be a tree that is not one (children lists shared or
     * looping): refused, since laying it out could then never end.
     */
    private static List<Line> layOut(
            Group top,
            ProcessTree.Node parent,
            Map<ProcessTree.Node, Group> groups,
            Predicate<ProcessTree.Node> match) {
        record Frame(ProcessTree.Node parent, Group group, int depth, int[] next) {}
        List<Line> lines = new ArrayList<>();
        List<Boolean> opens = new ArrayList<>();
        Set<ProcessTree.Node> laidOut = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(parent, top, 0, new int[1]));
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (f.next()[0] < f.group().shown().size()) {
                ProcessTree.Node node = f.group().shown().get(f.next()[0]++);
                if (!laidOut.add(node)) {
                    throw new IllegalArgumentException(
                            "Process " + node.process().pid() + " is twice in the tree.");
                }
                Group g = groups.get(node);
                boolean open = g != null && !g.shown().isEmpty();
                lines.add(new Line(node, f.depth(), open, match.test(node), null, 0, 0, List.of()));
                opens.add(open);
                if (open) {
                    stack.push(new Frame(node, g, f.depth() + 1, new int[1]));
                }
            } else {
                stack.pop();
                if (f.group().moreCount() > 0) {
                    lines.add(new Line(
                            null,
                            f.depth(),
                            false,
                            false,
                            f.parent() == null ? null : f.parent().process(),
                            f.group().moreOffset(),
                            f.group().moreCount(),
                            List.of()));
                    opens.add(false);
                }
            }
        }
        List<Line> closed = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            int levels = l.depth()
                    + (opens.get(i) ? 1 : 0)
                    - (i + 1 < lines.size() ? lines.get(i + 1).depth() : 0);
            closed.add(new Line(
                    l.node(),
                    l.depth(),
                    l.open(),
                    l.match(),
                    l.moreOf(),
                    l.moreOffset(),
                    l.moreCount(),
                    Collections.nCopies(Math.max(0, levels), 0)));
        }
        return closed;
    }

    /** What the page's search matches: name, command line, user, or the pid exactly. */
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
