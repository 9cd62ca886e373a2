package io.procscope.api.query;

import static io.procscope.api.support.ProcessGraphs.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kept trees: used only for the version they were built from, and bounded by hosts and processes. */
class BuiltTreesTest {

    static final BuiltTrees.Version FIRST = new BuiltTrees.Version(7, 1_000, "web-1", 8L << 30);

    @Test
    void aKeptTreeServesItsVersionOnly() {
        BuiltTrees built = new BuiltTrees(4, 1_000);
        HostTree tree = tree("web-1", 3);
        built.put(1, FIRST, tree);

        assertThat(built.get(1, FIRST)).isSameAs(tree);
        assertThat(built.get(1, new BuiltTrees.Version(8, 2_000, "web-1", 8L << 30)))
                .as("a newer report")
                .isNull();
        assertThat(built.get(1, new BuiltTrees.Version(7, 1_000, "web-2", 8L << 30)))
                .as("renamed")
                .isNull();
        assertThat(built.get(1, new BuiltTrees.Version(7, 1_000, "web-1", 16L << 30)))
                .as("memory changed")
                .isNull();
        assertThat(built.get(2, FIRST)).as("another host").isNull();

        HostTree newer = tree("web-1", 4);
        BuiltTrees.Version second = new BuiltTrees.Version(8, 2_000, "web-1", 8L << 30);
        built.put(1, second, newer);
        assertThat(built.get(1, second)).isSameAs(newer);
        assertThat(built.get(1, FIRST)).isNull();
        assertThat(built.size()).isEqualTo(1);
        assertThat(built.processes()).isEqualTo(4);

        built.remove(1);
        assertThat(built.get(1, second)).isNull();
        assertThat(built.processes()).isZero();
    }

    @Test
    void keepsTheTreesReadLastWithinItsBounds() {
        BuiltTrees built = new BuiltTrees(3, 100);
        for (long host = 1; host <= 3; host++) {
            built.put(host, version(host), tree("h" + host, 10));
        }
        built.get(1, version(1)); // read again: host 2 is now the least recently used
        built.put(4, version(4), tree("h4", 10));
        assertThat(built.get(2, version(2))).isNull();
        assertThat(built.get(1, version(1))).isNotNull();
        assertThat(built.size()).isEqualTo(3);

        built.put(5, version(5), tree("h5", 80));
        assertThat(built.processes()).isLessThanOrEqualTo(100);
        assertThat(built.get(5, version(5))).isNotNull();

        built.put(6, version(6), tree("h6", 101));
        assertThat(built.get(6, version(6))).as("larger than the whole bound").isNull();
        assertThat(built.get(5, version(5))).isNotNull();
    }

    @Test
    void findsANodeByPidAndStartAsAVisitOfTheTreeWould() {
        HostTree tree = HostTree.of(ProcessTree.of(
                "h",
                1,
                List.of(
                        row(1, 0, "init", 0, 1.0, 1L),
                        row(10, 1, "sshd", 5, 2.0, 1L),
                        row(10, 1, "sshd", 9, 1.0, 1L),
                        row(11, 10, "bash", 6, 0.5, 1L))));

        assertThat(tree.find(10, 9L).process().startTimeMillis()).isEqualTo(9);
        assertThat(tree.find(10, 5L).process().startTimeMillis()).isEqualTo(5);
        assertThat(tree.find(11, 6L).process().name()).isEqualTo("bash");
        assertThat(tree.find(10, null)).isNotNull();
        assertThat(tree.find(10, 7L)).isNull();
        assertThat(tree.find(99, null)).isNull();
    }

    private static BuiltTrees.Version version(long host) {
        return new BuiltTrees.Version(host, host * 1_000, "h" + host, null);
    }

    /** A root with {@code processes - 1} children. */
    private static HostTree tree(String hostname, int processes) {
        List<ProcessRow> rows = new ArrayList<>();
        rows.add(row(1, 0, "init", 0, 0.0, 1L));
        for (int pid = 2; pid <= processes; pid++) {
            rows.add(row(pid, 1, "p" + pid, pid, 0.0, 1L));
        }
        return HostTree.of(ProcessTree.of(hostname, 1, rows));
    }
}
