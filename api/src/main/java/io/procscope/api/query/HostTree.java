package io.procscope.api.query;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A host's process tree with its nodes found by pid, so that one node's children are a lookup,
 * not a visit of the whole tree.
 *
 * @param tree the tree
 * @param byPid each pid's nodes, more than one where a report names a pid twice, in the order a
 *     depth-first visit from the roots meets them
 */
public record HostTree(ProcessTree tree, Map<Integer, List<ProcessTree.Node>> byPid) {

    /** The tree and its index: one visit of every node, without recursion. */
    public static HostTree of(ProcessTree tree) {
        Map<Integer, List<ProcessTree.Node>> byPid = new HashMap<>(Math.max(16, tree.processCount() * 2));
        Deque<ProcessTree.Node> stack = new ArrayDeque<>(tree.roots());
        // Bounded by the tree's size, should a node's children ever lead back up.
        for (int seen = 0; !stack.isEmpty() && seen <= tree.processCount(); seen++) {
            ProcessTree.Node node = stack.pop();
            byPid.computeIfAbsent(node.process().pid(), pid -> new ArrayList<>(1))
                    .add(node);
            node.children().forEach(stack::push);
        }
        return new HostTree(tree, byPid);
    }

    /**
     * The process with this pid that started at {@code startTimeMillis}, or the first with this
     * pid when it is null; null when the tree has none.
     */
    public ProcessTree.Node find(int pid, Long startTimeMillis) {
        for (ProcessTree.Node node : byPid.getOrDefault(pid, List.of())) {
            if (startTimeMillis == null || node.process().startTimeMillis() == startTimeMillis) {
                return node;
            }
        }
        return null;
    }
}
