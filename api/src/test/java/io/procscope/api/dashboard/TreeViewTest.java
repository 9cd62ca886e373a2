package io.procscope.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.query.ProcessRow;
import io.procscope.api.query.ProcessTree;
import io.procscope.dto.ProcessStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

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
