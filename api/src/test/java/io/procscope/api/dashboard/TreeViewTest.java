package io.procscope.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void linesFollowDocumentOrderAndCloseEveryLevelTheyOpen() {
        TreeView view = TreeView.of(TREE, null);

        assertThat(view.lines()).extracting(l -> l.p().pid()).containsExactly(1, 10, 11, 20);
        assertThat(view.lines()).extracting(TreeView.Line::depth).containsExactly(0, 1, 2, 0);
        // bash closes sshd's and init's groups; a parent closes nothing, its children follow.
        assertThat(view.lines()).extracting(l -> l.closes().size()).containsExactly(0, 0, 2, 0);
    }

    @Test
    void withoutASearchTheRootsAreOpen() {
        TreeView view = TreeView.of(TREE, "");

        assertThat(view.lines()).extracting(TreeView.Line::open).containsExactly(true, false, false, true);
        assertThat(view.matches()).isZero();
    }

    @Test
    void aSearchMarksMatchesAndOpensOnlyThePathsToThem() {
        TreeView view = TreeView.of(TREE, "BASH");

        assertThat(view.lines()).extracting(TreeView.Line::match).containsExactly(false, false, true, false);
        assertThat(view.lines()).extracting(TreeView.Line::open).containsExactly(true, true, false, false);
        assertThat(view.matches()).isEqualTo(1);
        assertThat(view.q()).isEqualTo("BASH");
    }

    @Test
    void aPidMatchesOnlyExactly() {
        assertThat(TreeView.of(TREE, "1").matches()).isEqualTo(1);
        assertThat(TreeView.of(TREE, "2").matches()).isZero();
    }

    static final int TRIES = 300;

    @Test
    void everyProcessIsOneLineAndEveryLevelItOpensClosesOnAnyGraph() {
        ProcessGraphs.check(TRIES, rows -> {
            TreeView view = TreeView.of(ProcessTree.of("h", 0, rows), null);

            Map<ProcessRow, Integer> lines = new IdentityHashMap<>();
            view.lines().forEach(l -> lines.merge(l.p(), 1, Integer::sum));
            assertThat(view.lines()).hasSize(rows.size());
            assertThat(rows).allMatch(r -> lines.get(r) == 1);
            int open = 0;
            for (int i = 0; i < view.lines().size(); i++) {
                TreeView.Line line = view.lines().get(i);
                int at = i;
                int levels = open;
                assertTrue(line.depth() == levels, () -> "line " + at + " at depth " + line.depth() + " in " + levels);
                assertTrue(line.open() == line.depth() < TreeView.OPEN_DEPTH, () -> "line " + at + " open");
                open += line.hasChildren() ? 1 : 0;
                open -= line.closes().size();
                assertTrue(open >= 0, () -> "line " + at + " closes more levels than are open");
            }
            assertThat(open).as("levels left open").isZero();
        });
    }

    @Test
    void aSearchOpensExactlyThePathsToItsMatchesOnAnyGraph() {
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
            assertThat(lines).hasSize(rows.size());
            assertThat(view.matches()).isEqualTo((int)
                    rows.stream().filter(r -> TreeView.matches(r, needle)).count());
            for (int i = 0; i < lines.size(); i++) {
                TreeView.Line line = lines.get(i);
                int at = i;
                assertTrue(line.match() == TreeView.matches(line.p(), needle), () -> "line " + at + " match");
                boolean matchBelow = false;
                for (int j = i + 1; j < lines.size() && lines.get(j).depth() > line.depth(); j++) {
                    matchBelow |= lines.get(j).match();
                }
                boolean expected = matchBelow;
                assertTrue(line.open() == expected, () -> "line " + at + " open: " + !expected);
            }
        });
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
