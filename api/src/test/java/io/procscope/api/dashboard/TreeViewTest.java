package io.procscope.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procscope.api.problem.ProblemException;
import io.procscope.api.query.ProcessRow;
import io.procscope.api.query.ProcessTree;
import io.procscope.api.support.ProcessGraphs;
import io.procscope.dto.ProcessStatus;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TreeViewTest {

    // init(1) -> sshd(10) -> bash(11); cron(20) is a second root.
    static final ProcessTree.Node BASH = node(11, 10, "bash", List.of());
    static final ProcessTree.Node SSHD = node(10, 1, "sshd", List.of(BASH));
    static final ProcessTree.Node INIT = node(1, 0, "init", List.of(SSHD));
    static final ProcessTree.Node CRON = node(20, 0, "cron", List.of());
    static final ProcessTree TREE = new ProcessTree("h", 0, 4, List.of(INIT, CRON));

    @Test
    void theFirstScreenShowsTheRootsAndTheirChildrenAndLeavesDeeperLevelsToLoad() {
        TreeView view = TreeView.of(TREE, null);

        assertThat(view.lines()).extracting(l -> l.p().pid()).containsExactly(1, 10, 20);
        assertThat(view.lines()).extracting(TreeView.Line::depth).containsExactly(0, 1, 0);
        assertThat(view.lines()).extracting(TreeView.Line::open).containsExactly(true, false, false);
        // sshd has bash under it, not on the page: opening it asks the server.
        assertThat(view.lines()).extracting(TreeView.Line::lazy).containsExactly(false, true, false);
        // sshd closes init's group; init closes nothing, its children follow.
        assertThat(view.lines()).extracting(l -> l.closes().size()).containsExactly(0, 1, 0);
        assertThat(view.matches()).isZero();
    }

    @Test
    void aSearchShowsItsMatchesWithTheProcessesAboveThemOpened() {
        TreeView view = TreeView.of(TREE, "BASH");

        assertThat(view.lines()).extracting(l -> l.p().pid()).containsExactly(1, 10, 11);
        assertThat(view.lines()).extracting(TreeView.Line::match).containsExactly(false, false, true);
        assertThat(view.lines()).extracting(TreeView.Line::open).containsExactly(true, true, false);
        assertThat(view.lines()).extracting(l -> l.closes().size()).containsExactly(0, 0, 2);
        assertThat(view.matches()).isEqualTo(1);
        assertThat(view.q()).isEqualTo("BASH");
    }

    @Test
    void aPidMatchesOnlyExactly() {
        assertThat(TreeView.of(TREE, "1").matches()).isEqualTo(1);
        assertThat(TreeView.of(TREE, "2").matches()).isZero();
    }

    @Test
    void childrenComeInPagesThatTogetherHoldEveryChildOnce() {
        List<ProcessTree.Node> kids = new ArrayList<>();
        for (int pid = 2; pid < 2 + TreeView.CHILDREN_PAGE * 2 + 7; pid++) {
            kids.add(node(pid, 1, "worker", List.of()));
        }
        ProcessTree.Node parent = node(1, 0, "init", kids);
        ProcessTree tree = new ProcessTree("h", 0, kids.size() + 1, List.of(parent));

        List<ProcessRow> seen = new ArrayList<>();
        int offset = 0;
        for (int pages = 0; pages < 10; pages++) {
            List<TreeView.Line> lines = TreeView.children(tree, 1, null, offset);
            assertThat(lines.size()).isLessThanOrEqualTo(TreeView.CHILDREN_PAGE + 1);
            lines.stream().filter(l -> !l.more()).forEach(l -> seen.add(l.p()));
            TreeView.Line last = lines.get(lines.size() - 1);
            if (!last.more()) {
                break;
            }
            assertThat(last.morePid()).isEqualTo("1");
            assertThat(last.moreCount()).isEqualTo(kids.size() - seen.size());
            offset = last.moreOffset();
        }
        assertThat(seen)
                .containsExactlyElementsOf(
                        kids.stream().map(ProcessTree.Node::process).toList());
        assertThat(TreeView.children(tree, null, null, 0))
                .extracting(l -> l.p().pid())
                .containsExactly(1);
        assertThat(TreeView.children(tree, 1, null, 10_000)).isEmpty();
        assertThatThrownBy(() -> TreeView.children(tree, 9999, null, 0)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> TreeView.children(tree, 1, 12345L, 0)).isInstanceOf(ProblemException.class);
    }

    static final int TRIES = 300;

    @Test
    void theFirstScreenIsBoundedAndEveryLevelItOpensClosesOnAnyGraph() {
        ProcessGraphs.check(TRIES, rows -> {
            ProcessTree tree = ProcessTree.of("h", 0, rows);
            TreeView view = TreeView.of(tree, null);

            assertWellFormed(view.lines());
            long processes = view.lines().stream().filter(l -> !l.more()).count();
            assertThat(processes).isLessThanOrEqualTo(TreeView.NODES_SHOWN);
            // Every root is a line or counted by the roots' "more" line.
            int roots = 0;
            for (TreeView.Line l : view.lines()) {
                roots += l.depth() > 0 ? 0 : l.more() ? l.moreCount() : 1;
            }
            assertThat(roots).isEqualTo(tree.roots().size());
            for (TreeView.Line l : view.lines()) {
                if (!l.more()) {
                    assertTrue(l.open() || !l.hasChildren() || l.lazy(), () -> "closed without a way to open");
                    assertTrue(!l.open() || l.depth() < TreeView.OPEN_DEPTH, () -> "open below the first level");
                }
            }
        });
    }

    @Test
    void aSearchShowsOnlyMatchesAndTheirAncestorsBoundedAndCountsEveryMatchOnAnyGraph() {
        ProcessGraphs.check(TRIES, rows -> {
            String q = rows.isEmpty()
                    ? "p1"
                    : switch (rows.size() % 3) {
                        case 0 -> rows.get(rows.size() / 2).name().toUpperCase(Locale.ROOT);
                        case 1 -> Integer.toString(rows.get(rows.size() / 3).pid());
                        default -> "root";
                    };
            String needle = q.toLowerCase(Locale.ROOT);

            TreeView view = TreeView.of(ProcessTree.of("h", 0, rows), q);

            List<TreeView.Line> lines = view.lines();
            assertWellFormed(lines);
            assertThat(lines).noneMatch(TreeView.Line::more);
            assertThat(lines.size()).isLessThanOrEqualTo(TreeView.SEARCH_NODES_SHOWN);
            assertThat(view.matches()).isEqualTo((int)
                    rows.stream().filter(r -> TreeView.matches(r, needle)).count());
            assertThat(view.matchesShown()).isLessThanOrEqualTo(TreeView.MATCHES_SHOWN);
            assertThat(view.matchesShown())
                    .isEqualTo((int) lines.stream().filter(TreeView.Line::match).count());
            if (view.matches() > 0) {
                assertThat(view.matchesShown()).isPositive();
            }
            for (int i = 0; i < lines.size(); i++) {
                TreeView.Line line = lines.get(i);
                int at = i;
                assertTrue(line.match() == TreeView.matches(line.p(), needle), () -> "line " + at + " match");
                boolean matchBelow = false;
                for (int j = i + 1; j < lines.size() && lines.get(j).depth() > line.depth(); j++) {
                    matchBelow |= lines.get(j).match();
                }
                boolean below = matchBelow;
                assertTrue(line.open() == below, () -> "line " + at + " open: " + !below);
                assertTrue(line.match() || below, () -> "line " + at + " neither matches nor leads to a match");
            }
        });
    }

    @Test
    @Timeout(10)
    void aHundredThousandRootsOrAChainAsDeepShowOneScreen() {
        List<ProcessRow> roots = new ArrayList<>();
        List<ProcessRow> chain = new ArrayList<>();
        for (int pid = 1; pid <= 100_000; pid++) {
            roots.add(node(pid, 0, "orphan", List.of()).process());
            chain.add(node(pid, pid - 1, "chain", List.of()).process());
        }
        for (List<ProcessRow> rows : List.of(roots, chain)) {
            ProcessTree tree = ProcessTree.of("h", 0, rows);

            for (String q : new String[] {null, "o", "1"}) {
                TreeView view = TreeView.of(tree, q);
                assertWellFormed(view.lines());
                assertThat(view.lines().size()).isLessThanOrEqualTo(TreeView.SEARCH_NODES_SHOWN + 2);
            }
            assertThat(TreeView.children(tree, null, null, 50_000).size())
                    .isLessThanOrEqualTo(TreeView.CHILDREN_PAGE + 1);
        }
    }

    /** Each process at most once, each line one level below the group it is in, every level closed. */
    static void assertWellFormed(List<TreeView.Line> lines) {
        Map<ProcessRow, Integer> seen = new IdentityHashMap<>();
        int open = 0;
        for (int i = 0; i < lines.size(); i++) {
            TreeView.Line line = lines.get(i);
            int at = i;
            int levels = open;
            if (!line.more()) {
                assertTrue(seen.merge(line.p(), 1, Integer::sum) == 1, () -> "line " + at + " shown twice");
            }
            assertTrue(line.depth() == levels, () -> "line " + at + " at depth " + line.depth() + " in " + levels);
            open += line.open() ? 1 : 0;
            open -= line.closes().size();
            assertTrue(open >= 0, () -> "line " + at + " closes more levels than are open");
        }
        assertThat(open).as("levels left open").isZero();
    }

    @Test
    @Timeout(10)
    void refusesATreeThatHoldsAProcessTwice() {
        ProcessTree.Node shared = node(3, 1, "shared", List.of());
        ProcessTree twice =
                new ProcessTree("h", 0, 3, List.of(node(1, 0, "a", List.of(shared)), node(2, 0, "b", List.of(shared))));
        List<ProcessTree.Node> looping = new ArrayList<>();
        ProcessTree.Node parent = node(1, 0, "a", looping);
        looping.add(parent);

        assertThatThrownBy(() -> TreeView.of(twice, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TreeView.of(new ProcessTree("h", 0, 1, List.of(parent)), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static ProcessTree.Node node(int pid, int ppid, String name, List<ProcessTree.Node> children) {
        ProcessRow row = new ProcessRow(
                pid,
                ppid,
                name,
                null,
                "/usr/bin/" + name,
                "root",
                ProcessStatus.SLEEPING,
                0,
                0.0,
                0L,
                0L,
                1,
                0,
                "/",
                null,
                null,
                null,
                null,
                0.0);
        return new ProcessTree.Node(row, 0, 0, 1 + children.size(), children);
    }
}
