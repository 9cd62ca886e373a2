package io.procscope.api.query;

import static io.procscope.api.support.ProcessGraphs.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procscope.api.support.ProcessGraphs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Parents as the tree and the process page follow them: a forest, whatever the report names. */
class ProcessLineageTest {

    static final int TRIES = 300;

    @Test
    void aLoopAcrossPidsIsCutAtItsEarliestProcess() {
        // 10 -> 12 -> 11 -> 10; 11 started first.
        List<ProcessRow> rows =
                List.of(row(10, 12, "a", 3, 1.0, 1L), row(11, 10, "b", 1, 1.0, 1L), row(12, 11, "c", 2, 1.0, 1L));

        ProcessLineage lineage = ProcessLineage.of(rows);

        assertThat(lineage.parentOf(1)).isEqualTo(-1);
        assertThat(lineage.loopCutAt(1)).isTrue();
        assertThat(lineage.parentOf(2)).isEqualTo(1);
        assertThat(lineage.parentOf(0)).isEqualTo(2);
        assertThat(lineage.loopCutAt(0)).isFalse();
    }

    @Test
    void aProcessThatIsItsOwnParentIsARootWhereALoopWasCut() {
        ProcessLineage lineage = ProcessLineage.of(List.of(row(5, 5, "self", 1, 0.0, 0L)));

        assertThat(lineage.parentOf(0)).isEqualTo(-1);
        assertThat(lineage.loopCutAt(0)).isTrue();
        assertThat(lineage.childCount(0)).isZero();
    }

    @Test
    void aReusedPidIsTheParentOfWhatStartedAfterIt() {
        // pid 10 ran twice: the first (started at 5) forked 20 at 6, which forked the second 10 at 7.
        List<ProcessRow> rows = List.of(
                row(10, 1, "first", 5, 0.0, 0L), row(20, 10, "fork", 6, 0.0, 0L), row(10, 20, "second", 7, 0.0, 0L));

        ProcessLineage lineage = ProcessLineage.of(rows);

        assertThat(lineage.parentOf(0)).isEqualTo(-1);
        assertThat(lineage.loopCutAt(0)).isFalse();
        assertThat(lineage.parentOf(1)).isZero();
        assertThat(lineage.parentOf(2)).isEqualTo(1);
    }

    @Test
    void eachProcessHasTheParentTheRulesSayOnAnyGraph() {
        ProcessGraphs.check(TRIES, rows -> {
            ProcessLineage lineage = ProcessLineage.of(rows);
            Expected expected = Expected.of(rows);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(lineage.parentOf(i)).as("parent of row %d", i).isEqualTo(expected.parent[i]);
                assertThat(lineage.loopCutAt(i)).as("loop cut at row %d", i).isEqualTo(expected.loopCut[i]);
            }
        });
    }

    @Test
    void followingParentsFromAnyProcessEndsAtARootVisitingEachProcessOnce() {
        ProcessGraphs.check(TRIES, rows -> {
            ProcessLineage lineage = ProcessLineage.of(rows);
            int n = rows.size();
            int children = 0;
            int[] metOnWalk = new int[n];
            for (int i = 0; i < n; i++) {
                // Walk i + 1 stamps each row it meets: meeting a stamped row again is a loop.
                int steps = 0;
                for (int at = i; at >= 0; at = lineage.parentOf(at), steps++) {
                    int row = i;
                    int met = at;
                    assertTrue(metOnWalk[at] != i + 1, () -> "row " + row + "'s parents meet row " + met + " twice");
                    metOnWalk[at] = i + 1;
                }
                assertThat(steps).isLessThanOrEqualTo(n);
                int parent = lineage.parentOf(i);
                if (parent >= 0) {
                    assertThat(rows.get(parent).pid()).isEqualTo(rows.get(i).ppid());
                    int listed = 0;
                    for (int k = 0; k < lineage.childCount(parent); k++) {
                        listed += lineage.child(parent, k) == i ? 1 : 0;
                    }
                    assertThat(listed)
                            .as("row %d among its parent's children", i)
                            .isEqualTo(1);
                }
                children += lineage.childCount(i);
                assertThat(lineage.childrenOf(i)).hasSize(lineage.childCount(i));
            }
            long roots =
                    IntStream.range(0, n).filter(i -> lineage.parentOf(i) < 0).count();
            assertThat(children + roots).as("every process a root or one child").isEqualTo(n);
        });
    }

    @Test
    void theLineageOfAReportDoesNotDependOnItsOrder() {
        ProcessGraphs.check(TRIES, rows -> {
            Map<List<Long>, ProcessRow> unique = new HashMap<>();
            rows.forEach(r -> unique.putIfAbsent(List.of((long) r.pid(), r.startTimeMillis()), r));
            List<ProcessRow> once = new ArrayList<>(unique.values());
            List<ProcessRow> shuffled = new ArrayList<>(once);
            Collections.shuffle(shuffled, new Random(once.size()));

            assertThat(parentsByProcess(shuffled)).isEqualTo(parentsByProcess(once));
        });
    }

    /** Each process's parent and whether a loop was cut there, by (pid, start time). */
    static Map<List<Long>, List<Long>> parentsByProcess(List<ProcessRow> rows) {
        ProcessLineage lineage = ProcessLineage.of(rows);
        Map<List<Long>, List<Long>> parents = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            int p = lineage.parentOf(i);
            parents.put(
                    List.of((long) rows.get(i).pid(), rows.get(i).startTimeMillis()),
                    p < 0
                            ? List.of(lineage.loopCutAt(i) ? 1L : 0L)
                            : List.of((long) rows.get(p).pid(), rows.get(p).startTimeMillis()));
        }
        return parents;
    }

    /**
     * The rules, written the slow and obvious way (quadratic): a row's parent is the row with its
     * ppid, itself for its own pid; among rows with that pid, the last to start at or before it, else
     * the first; then each loop of parents loses the link from its earliest (start time, pid,
     * position) process.
     */
    record Expected(int[] parent, boolean[] loopCut) {

        static Expected of(List<ProcessRow> rows) {
            int n = rows.size();
            int[] named = new int[n];
            for (int i = 0; i < n; i++) {
                named[i] = namedParent(rows, i);
            }
            int[] parent = named.clone();
            boolean[] loopCut = new boolean[n];
            for (int i = 0; i < n; i++) {
                // i is on a loop when following named parents from it comes back to it.
                int at = named[i];
                for (int steps = 0; at >= 0 && at != i && steps < n; steps++) {
                    at = named[at];
                }
                if (at != i) {
                    continue;
                }
                int earliest = i;
                for (at = named[i]; at != i; at = named[at]) {
                    if (earlier(rows, at, earliest)) {
                        earliest = at;
                    }
                }
                parent[earliest] = -1;
                loopCut[earliest] = true;
            }
            return new Expected(parent, loopCut);
        }

        static int namedParent(List<ProcessRow> rows, int i) {
            ProcessRow r = rows.get(i);
            if (r.ppid() == null) {
                return -1;
            }
            if (r.ppid() == r.pid()) {
                return i;
            }
            int before = -1;
            int first = -1;
            for (int j = 0; j < rows.size(); j++) {
                ProcessRow c = rows.get(j);
                if (c.pid() != r.ppid()) {
                    continue;
                }
                if (first < 0 || c.startTimeMillis() < rows.get(first).startTimeMillis()) {
                    first = j;
                }
                if (c.startTimeMillis() <= r.startTimeMillis()
                        && (before < 0
                                || c.startTimeMillis() >= rows.get(before).startTimeMillis())) {
                    before = j;
                }
            }
            return before >= 0 ? before : first;
        }

        static boolean earlier(List<ProcessRow> rows, int a, int b) {
            ProcessRow x = rows.get(a);
            ProcessRow y = rows.get(b);
            if (x.startTimeMillis() != y.startTimeMillis()) {
                return x.startTimeMillis() < y.startTimeMillis();
            }
            return x.pid() != y.pid() ? x.pid() < y.pid() : a < b;
        }
    }
}
