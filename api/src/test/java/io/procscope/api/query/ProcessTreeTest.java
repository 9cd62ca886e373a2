package io.procscope.api.query;

import static io.procscope.api.support.ProcessGraphs.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procscope.api.support.ProcessGraphs;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The process tree of any report: it ends, holds each process once, and adds up. */
class ProcessTreeTest {

    static final int TRIES = 300;

    @Test
    void treeNestsChildrenUnderParentsBusiestFirst() {
        ProcessTree tree = ProcessTree.of(
                "h",
                7,
                List.of(
                        row(1, 0, "init", 0, 0.5, 10L),
                        row(10, 1, "sshd", 1, 1.0, 20L),
                        row(11, 10, "bash", 2, 3.0, 30L),
                        row(20, 1, "cron", 1, 2.0, 5L),
                        row(30, 29, "orphan", 1, 0.0, 1L)));

        assertThat(tree.processCount()).isEqualTo(5);
        assertThat(tree.roots()).extracting(n -> n.process().pid()).containsExactly(1, 30);
        ProcessTree.Node init = tree.roots().get(0);
        assertThat(init.children()).extracting(n -> n.process().pid()).containsExactly(10, 20);
        assertThat(init.subtreeProcesses()).isEqualTo(4);
        assertThat(init.subtreeCpuPercent()).isEqualTo(6.5);
        assertThat(init.subtreeRssBytes()).isEqualTo(65L);
    }

    @Test
    @Timeout(10)
    void theReportThatNeverFinishedIsATreeOfFour() {
        // pid 10 twice (started at 5 and at 7), closing a loop through pid 20: this report once made
        // the tree grow until the heap was full.
        ProcessTree tree = ProcessTree.of(
                "h",
                0,
                List.of(
                        row(1, 0, "init", 0, 1.0, 1L),
                        row(10, 1, "first", 5, 1.0, 1L),
                        row(20, 10, "fork", 6, 1.0, 1L),
                        row(10, 20, "second", 7, 1.0, 1L)));

        assertThat(tree.roots()).hasSize(1);
        ProcessTree.Node init = tree.roots().get(0);
        assertThat(init.subtreeProcesses()).isEqualTo(4);
        assertThat(init.children().get(0).process().name()).isEqualTo("first");
        assertThat(init.children().get(0).children().get(0).process().name()).isEqualTo("fork");
        assertThat(init.children()
                        .get(0)
                        .children()
                        .get(0)
                        .children()
                        .get(0)
                        .process()
                        .name())
                .isEqualTo("second");
    }

    @Test
    @Timeout(10)
    void aChainOfTheLargestReportNestsNoDeeperThanTheLimit() {
        int n = 100_000;
        List<ProcessRow> rows = new ArrayList<>(n);
        for (int pid = 1; pid <= n; pid++) {
            rows.add(row(pid, pid - 1, "p", pid, 1.0, 1L));
        }
        Collections.reverse(rows);

        ProcessTree tree = ProcessTree.of("h", 0, rows);

        assertEachProcessOnce(rows, tree);
        assertThat(depthOf(tree)).isEqualTo(ProcessTree.MAX_DEPTH);
        assertThat(tree.roots()).hasSize((n + ProcessTree.MAX_DEPTH) / (ProcessTree.MAX_DEPTH + 1));
    }

    @Test
    void subtreeMemoryStopsAtTheLargestValueInsteadOfWrappingAround() {
        ProcessTree tree =
                ProcessTree.of("h", 0, List.of(row(1, 0, "a", 0, 0.0, Long.MAX_VALUE - 1), row(2, 1, "b", 1, 0.0, 5L)));

        assertThat(tree.roots().get(0).subtreeRssBytes()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void everyProcessIsInTheTreeOnceAndSubtreesAddUpOnAnyGraph() {
        ProcessGraphs.check(TRIES, rows -> {
            ProcessTree tree = ProcessTree.of("h", 0, rows);
            assertEachProcessOnce(rows, tree);
            assertThat(depthOf(tree)).isLessThanOrEqualTo(ProcessTree.MAX_DEPTH);
        });
    }

    @Test
    void aChildSitsUnderTheProcessItNamesAndARootHasAReasonOnAnyGraph() {
        ProcessGraphs.check(TRIES, rows -> {
            ProcessTree tree = ProcessTree.of("h", 0, rows);
            ProcessLineage lineage = ProcessLineage.of(rows);
            Map<ProcessRow, Integer> index = new IdentityHashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                index.put(rows.get(i), i);
            }
            Map<ProcessRow, Integer> depth = depths(tree);
            for (ProcessTree.Node root : tree.roots()) {
                int i = index.get(root.process());
                // A root without a parent in the lineage has no parent in the report or was cut from a
                // loop (see ProcessLineageTest); one with a parent was cut from a chain too deep.
                if (lineage.parentOf(i) >= 0) {
                    assertThat(depth.get(rows.get(lineage.parentOf(i)))).isEqualTo(ProcessTree.MAX_DEPTH);
                }
            }
            forEachNode(
                    tree,
                    (parent, child) -> assertEquals(
                            index.get(parent.process()),
                            lineage.parentOf(index.get(child.process())),
                            () -> "the parent of pid " + child.process().pid()));
        });
    }

    /**
     * Every row is exactly one node (by identity: two rows can be equal), the roots add up to the
     * whole report, and each node's totals are its own values plus its children's.
     */
    static void assertEachProcessOnce(List<ProcessRow> rows, ProcessTree tree) {
        Map<ProcessRow, Integer> seen = new IdentityHashMap<>();
        Deque<ProcessTree.Node> stack = new ArrayDeque<>(tree.roots());
        int nodes = 0;
        while (!stack.isEmpty()) {
            ProcessTree.Node node = stack.pop();
            assertTrue(nodes++ < rows.size(), "more nodes than processes");
            assertTrue(
                    seen.merge(node.process(), 1, Integer::sum) == 1,
                    () -> "pid " + node.process().pid() + " twice");
            double cpu =
                    node.process().cpuPercent() == null ? 0 : node.process().cpuPercent();
            long rss = node.process().rssBytes() == null ? 0 : node.process().rssBytes();
            int count = 1;
            for (ProcessTree.Node child : node.children()) {
                cpu += child.subtreeCpuPercent();
                rss += child.subtreeRssBytes();
                count += child.subtreeProcesses();
                stack.push(child);
            }
            assertEquals(
                    count,
                    node.subtreeProcesses(),
                    () -> "processes under pid " + node.process().pid());
            assertEquals(
                    cpu,
                    node.subtreeCpuPercent(),
                    () -> "CPU under pid " + node.process().pid());
            assertEquals(
                    rss,
                    node.subtreeRssBytes(),
                    () -> "RSS under pid " + node.process().pid());
        }
        assertThat(nodes).isEqualTo(rows.size());
        assertThat(rows).allMatch(seen::containsKey);
        assertThat(tree.processCount()).isEqualTo(rows.size());
        assertThat(tree.roots().stream()
                        .mapToInt(ProcessTree.Node::subtreeProcesses)
                        .sum())
                .isEqualTo(rows.size());
        assertThat(tree.roots().stream()
                        .mapToDouble(ProcessTree.Node::subtreeCpuPercent)
                        .sum())
                .isEqualTo(rows.stream()
                        .mapToDouble(r -> r.cpuPercent() == null ? 0 : r.cpuPercent())
                        .sum());
        assertThat(tree.roots().stream()
                        .mapToLong(ProcessTree.Node::subtreeRssBytes)
                        .sum())
                .isEqualTo(rows.stream()
                        .mapToLong(r -> r.rssBytes() == null ? 0 : r.rssBytes())
                        .sum());
    }

    static int depthOf(ProcessTree tree) {
        return depths(tree).values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Each process's depth, 0 for a root. */
    static Map<ProcessRow, Integer> depths(ProcessTree tree) {
        Map<ProcessRow, Integer> depth = new IdentityHashMap<>();
        tree.roots().forEach(r -> depth.put(r.process(), 0));
        forEachNode(tree, (parent, child) -> depth.put(child.process(), depth.get(parent.process()) + 1));
        return depth;
    }

    /** Calls {@code visit} for each (parent, child) pair, parents before their children. */
    static void forEachNode(ProcessTree tree, BiConsumer<ProcessTree.Node, ProcessTree.Node> visit) {
        Deque<ProcessTree.Node> stack = new ArrayDeque<>(tree.roots());
        while (!stack.isEmpty()) {
            ProcessTree.Node node = stack.pop();
            for (ProcessTree.Node child : node.children()) {
                visit.accept(node, child);
                stack.push(child);
            }
        }
    }
}
