package io.procscope.api.dashboard;

import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.domain.Host;
import io.procscope.api.query.HostTree;
import io.procscope.api.query.ProcessRow;
import io.procscope.api.query.ProcessTree;
import io.procscope.api.query.TreeQueries;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code /tree/children} answers one node's children from the host's newest report, a page at a
 * time, and a new report shows at once; between two reports the host's tree is built once. It
 * also prints what a request costs on a host of {@value #PROCESSES} processes, over HTTP and in the
 * API's own process, the tree built for each request against the tree kept (printed, not asserted:
 * a test is no benchmark).
 */
@QuarkusTest
class TreeChildrenTest {

    @Inject
    TreeQueries trees;

    static final int PROCESSES = 2_000;

    /** Requests timed, after as many to warm up. */
    static final int ROUNDS = 200;

    private static final Pattern ITEM_PID = Pattern.compile("<li role=\"treeitem\" data-pid=\"(\\d+)\"");

    @Test
    void aNodesChildrenComeAPageAtATimeFromTheNewestReport() {
        String host = uniqueHost("tree-children");
        List<ProcessInfo> processes = new ArrayList<>(PageSizeBoundsTest.realisticHost(PROCESSES));
        store(report(host, processes));
        long systemdStart = processes.get(0).startTimeMillis();
        List<Integer> expected = systemdChildren(host);
        assertThat(expected).hasSizeGreaterThan(2 * TreeView.CHILDREN_PAGE);

        String first = "pid=1&start=" + systemdStart;
        assertThat(pids(children(host, first))).isEqualTo(expected.subList(0, TreeView.CHILDREN_PAGE));
        assertThat(pids(children(host, first + "&offset=" + TreeView.CHILDREN_PAGE)))
                .isEqualTo(expected.subList(TreeView.CHILDREN_PAGE, 2 * TreeView.CHILDREN_PAGE));
        assertThat(pids(children(host, ""))).containsExactlyInAnyOrder(1, 2);

        long[] nanos = new long[ROUNDS];
        long[] reference = new long[ROUNDS];
        for (int round = -ROUNDS; round < ROUNDS; round++) {
            long began = System.nanoTime();
            String html = children(host, first + "&offset=" + TreeView.CHILDREN_PAGE);
            long middle = System.nanoTime();
            // For reference, the smallest read about the host: its row and newest snapshot.
            given().get("/api/v1/hosts/{h}", host).then().statusCode(200);
            long end = System.nanoTime();
            assertThat(html).contains("data-pid=\"" + expected.get(TreeView.CHILDREN_PAGE) + "\"");
            if (round >= 0) {
                nanos[round] = middle - began;
                reference[round] = end - middle;
            }
        }
        Arrays.sort(nanos);
        Arrays.sort(reference);
        System.out.printf(
                "TreeChildrenTest: /tree/children of a node on a host of %d processes, %d requests:"
                        + " median %.2f ms, p90 %.2f ms; GET /api/v1/hosts/{h} median %.2f ms%n",
                PROCESSES, ROUNDS, nanos[ROUNDS / 2] / 1e6, nanos[ROUNDS * 9 / 10] / 1e6, reference[ROUNDS / 2] / 1e6);

        // In the API's own process, what a request costs besides HTTP and the template: the
        // whole tree built again for each node (as before), against the host's tree kept.
        HostTree kept = QuarkusTransaction.requiringNew().call(() -> trees.hostTree(host));
        assertThat(QuarkusTransaction.requiringNew().call(() -> trees.hostTree(host)))
                .as("the same build, between two reports")
                .isSameAs(kept);
        List<ProcessRow> rows = new ArrayList<>();
        kept.byPid().values().forEach(nodes -> nodes.forEach(n -> rows.add(n.process())));
        long[] rebuilt = new long[ROUNDS];
        long[] reused = new long[ROUNDS];
        for (int round = -ROUNDS; round < ROUNDS; round++) {
            long began = System.nanoTime();
            List<TreeView.Line> again = QuarkusTransaction.requiringNew().call(() -> {
                Host.findByHostname(host).orElseThrow();
                return TreeView.children(ProcessTree.of(host, 0, rows), 1, systemdStart, TreeView.CHILDREN_PAGE);
            });
            long middle = System.nanoTime();
            List<TreeView.Line> lines = QuarkusTransaction.requiringNew()
                    .call(() -> TreeView.children(trees.hostTree(host), 1, systemdStart, TreeView.CHILDREN_PAGE));
            long end = System.nanoTime();
            assertThat(lines).hasSameSizeAs(again);
            assertThat(lines.get(0).p().pid()).isEqualTo(again.get(0).p().pid());
            if (round >= 0) {
                rebuilt[round] = middle - began;
                reused[round] = end - middle;
            }
        }
        Arrays.sort(rebuilt);
        Arrays.sort(reused);
        System.out.printf(
                "TreeChildrenTest: in process, %d rounds, each with the host row read: tree built for the"
                        + " request median %.3f ms, kept tree median %.3f ms%n",
                ROUNDS, rebuilt[ROUNDS / 2] / 1e6, reused[ROUNDS / 2] / 1e6);

        // The next report adds the busiest child of all and ends a child: the next answer says so.
        int ended = expected.get(0);
        processes.removeIf(p -> p.pid() == ended);
        processes.add(new ProcessInfo(
                9_999,
                1,
                "newcomer",
                "/usr/bin/newcomer",
                "/usr/bin/newcomer --serve",
                "app",
                ProcessStatus.RUNNING,
                System.currentTimeMillis() - 1_000,
                10_000.0,
                64L << 20,
                128L << 20,
                4,
                0,
                "/srv",
                null,
                null,
                null,
                null));
        store(report(host, System.currentTimeMillis() + 1, processes));

        List<Integer> after = pids(children(host, first));
        assertThat(after.get(0)).isEqualTo(9_999);
        assertThat(after).doesNotContain(ended).isEqualTo(systemdChildren(host).subList(0, TreeView.CHILDREN_PAGE));
        given().accept(ContentType.HTML)
                .get("/tree/children?host={h}&pid={p}", host, ended)
                .then()
                .statusCode(404);
    }

    /** The pids of systemd's children, as the host's whole tree orders them. */
    private static List<Integer> systemdChildren(String host) {
        return given().get("/api/v1/hosts/{h}/tree", host)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("roots.find { it.process.pid == 1 }.children.process.pid", Integer.class);
    }

    private static String children(String host, String query) {
        Response response = given().accept(ContentType.HTML)
                .urlEncodingEnabled(false)
                .get("/tree/children?host=" + host + (query.isEmpty() ? "" : "&" + query));
        assertThat(response.statusCode()).as(query + ": " + response.asString()).isEqualTo(200);
        return response.asString();
    }

    private static List<Integer> pids(String html) {
        List<Integer> pids = new ArrayList<>();
        Matcher m = ITEM_PID.matcher(html);
        while (m.find()) {
            pids.add(Integer.parseInt(m.group(1)));
        }
        return pids;
    }
}
