package io.procscope.api.dashboard;

import static io.procscope.api.support.Reports.AGENT_KEY;
import static io.procscope.api.support.Reports.STARTED;
import static io.procscope.api.support.Reports.process;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rendered HTML of each page, with data stored through the real ingest endpoint. */
@QuarkusTest
class DashboardPagesTest {

    static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";
    static final String HOSTILE_COMMAND = "evil \"><script>alert(2)</script>";

    @Inject
    ObjectMapper json;

    String host;

    @BeforeEach
    void storeReport() throws Exception {
        host = uniqueHost("page");
        List<ProcessInfo> processes = new ArrayList<>(typicalProcesses());
        processes.add(process(6666, 1, HOSTILE_NAME, HOSTILE_COMMAND, "mallory", 0.5, 1L << 20));
        post(report(host, processes));
    }

    void post(HostReport report) throws Exception {
        given().header("Authorization", "Bearer " + AGENT_KEY)
                .contentType(ContentType.JSON)
                .body(json.writeValueAsString(report))
                .post("/api/v1/reports")
                .then()
                .statusCode(202);
    }

    @Test
    void overviewShowsFleetTotalsAndHostCards() {
        String html = page("/");

        assertThat(html).contains("<title>Overview · procscope</title>");
        assertThat(html).contains("href=\"/hosts/" + host + "\"");
        assertThat(html).contains("data-testid=\"hosts-reporting\"");
        assertThat(html).containsPattern("aria-current=\"page\" href=\"/\"");
    }

    @Test
    void hostsPageListsEveryHostWithStatusAndSystemInfo() {
        String html = page("/hosts");

        assertThat(html).contains("<a href=\"/hosts/" + host + "\" class=\"fw-semibold\">" + host + "</a>");
        assertThat(html).contains("reporting");
        assertThat(html).contains("Debian GNU/Linux");
        assertThat(html).contains("24.0 GiB");
    }

    @Test
    void hostPageShowsSystemMetricsAndProcessTable() {
        String html = page("/hosts/" + host);

        assertThat(html).contains("data-testid=\"process-table\"");
        assertThat(html).contains("<span class=\"badge text-bg-secondary\" data-testid=\"process-count\">5</span>");
        assertThat(html).contains("java -Xmx2g -jar app.jar --server.port=8080");
        assertThat(html).contains("1.5 GiB"); // the java process's RSS
        assertThat(html).contains("87.5 %");
        assertThat(html).contains("kernel 6.1.0-18-amd64");
    }

    @Test
    void processesPageShowsTheChosenHost() {
        String html = page("/processes?host=" + host);

        assertThat(html).contains("<option value=\"" + host + "\" selected>");
        assertThat(html).contains("data-testid=\"process-table\"");
        assertThat(html).contains("postgres -D /var/lib/postgresql/15/main");
    }

    @Test
    void hostileProcessNamesStayTextOnEveryPage() throws Exception {
        // A second, busy hostile process that started just now: it tops the fleet's CPU list and
        // is among the recent starts, so the overview shows it too.
        List<ProcessInfo> processes = new ArrayList<>(typicalProcesses());
        processes.add(process(6666, 1, HOSTILE_NAME, HOSTILE_COMMAND, "mallory", 0.5, 1L << 20));
        processes.add(new ProcessInfo(
                7777,
                6666,
                HOSTILE_NAME,
                "/usr/bin/" + HOSTILE_NAME,
                HOSTILE_COMMAND,
                "mallory",
                ProcessStatus.RUNNING,
                System.currentTimeMillis() - 1000,
                9999.0,
                1L << 20,
                1L << 22,
                1,
                0,
                "/tmp/\"><script>alert(3)</script>"));
        post(report(host, processes));

        for (String path : List.of(
                "/",
                "/hosts/" + host,
                "/processes?host=" + host,
                "/processes?host=" + host + "&q=onerror",
                "/tree?host=" + host,
                "/tree?host=" + host + "&q=onerror",
                "/hosts/" + host + "/processes/7777",
                "/hosts/" + host + "/processes/6666?start=" + (STARTED + 6666),
                "/search?q=onerror",
                "/changes?host=" + host,
                "/analytics?host=" + host)) {
            String html = page(path);

            assertThat(html)
                    .as(path)
                    .doesNotContain(HOSTILE_NAME)
                    .doesNotContain("<script>alert(")
                    .doesNotContain("\"><script>")
                    .contains("&lt;img src=x onerror=alert(1)&gt;");
        }
        assertThat(page("/hosts/" + host + "/processes/7777"))
                .contains("evil &quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;")
                .contains("/tmp/&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;");
    }

    @Test
    void processesPageSearchesFiltersSortsAndPages() {
        String found = page("/processes?host=" + host + "&q=JAVA");
        assertThat(found).contains("<span data-testid=\"process-count\">1</span> matching processes");
        assertThat(found).contains("data-pid=\"1204\"").doesNotContain("data-pid=\"812\"");
        assertThat(found).contains("Clear filters");

        String idle = page("/processes?host=" + host + "&status=idle");
        assertThat(idle).contains("data-pid=\"2\"").doesNotContain("data-pid=\"1204\"");
        assertThat(idle).contains("<option value=\"idle\" selected>");

        String byUser = page("/processes?host=" + host + "&user=postgres");
        assertThat(byUser).contains("data-pid=\"812\"").doesNotContain("data-pid=\"1\"");

        String byName = page("/processes?host=" + host + "&sort=name");
        assertThat(byName.indexOf("data-pid=\"1204\"")).isLessThan(byName.indexOf("data-pid=\"812\""));
        assertThat(byName).contains("aria-sort=\"ascending\"");
        assertThat(byName).contains("href=\"/processes?host=" + host + "&amp;sort=-name\"");

        String paged = page("/processes?host=" + host + "&sort=pid&limit=2&offset=2");
        assertThat(paged).contains("data-testid=\"pager\"");
        assertThat(paged).contains("data-pid=\"812\"").doesNotContain("data-pid=\"2\"");
        assertThat(paged).contains("3–4 shown");
        assertThat(paged).contains("href=\"/hosts/" + host + "/processes/812?start=" + (STARTED + 812) + "\"");
    }

    @Test
    void hostsPageSearchesAndSorts() {
        assertThat(page("/hosts?q=" + host)).contains(">" + host + "</a>").contains("data-testid=\"host-filter\"");
        assertThat(page("/hosts?q=no-such-host-anywhere")).contains("No host matches.");
        assertThat(page("/hosts?sort=-processes")).contains("aria-sort=\"descending\"");
    }

    @Test
    void hostPageHasChartsOverTheChosenWindow() {
        String html = page("/hosts/" + host + "?from=-6h");

        assertThat(html).contains("data-metrics-src=\"/api/v1/hosts/" + host + "/metrics?from=-6h\"");
        assertThat(html).contains("aria-current=\"true\" href=\"/hosts/" + host + "?from=-6h\">last 6h</a>");
        assertThat(html).contains("data-chart=\"cpu\"").contains("data-chart=\"network\"");
        assertThat(html).contains("/webjars/chart.js/dist/chart.umd.min.js");
    }

    @Test
    void treeNestsChildrenUnderParentsWithSubtreeTotals() {
        String html = page("/tree?host=" + host);

        assertThat(html).contains("data-testid=\"process-tree\"");
        // systemd (1) holds postgres, java and the hostile process: 4 processes in its subtree.
        assertThat(html).containsPattern("(?s)<li role=\"treeitem\" data-pid=\"1\" aria-expanded=\"true\">.*?Σ 4 ·");
        assertThat(html)
                .containsPattern("(?s)data-pid=\"1\" aria-expanded=\"true\">.*?<ul role=\"group\">\\s*"
                        + "<li role=\"treeitem\" data-pid=\"1204\">");
        assertThat(html).contains("<span data-testid=\"tree-count\">5</span>");
    }

    @Test
    void treeSearchOpensThePathToEachMatchAndMarksIt() {
        String html = page("/tree?host=" + host + "&q=postgres");

        assertThat(html).contains("<li role=\"treeitem\" data-pid=\"812\" class=\"match\">");
        assertThat(html).contains("<li role=\"treeitem\" data-pid=\"1\" aria-expanded=\"true\">");
        assertThat(html).contains("1 match for “postgres”.");
    }

    @Test
    void processPageShowsCommandLineFamilyAndHistoryCharts() {
        String html = page("/hosts/" + host + "/processes/812");

        assertThat(html).contains("/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main");
        assertThat(html).contains("/usr/bin/postgres"); // exe
        assertThat(html).contains("href=\"/hosts/" + host + "/processes/1?start=" + (STARTED + 1) + "\">systemd</a>");
        assertThat(html)
                .contains("data-history-src=\"/api/v1/hosts/" + host + "/processes/812/history?start=" + (STARTED + 812)
                        + "&amp;from=-1h\"");
        String parent = page("/hosts/" + host + "/processes/1");
        assertThat(parent).contains("<span class=\"badge text-bg-secondary\" data-testid=\"child-count\">3</span>");
        assertThat(parent).contains(">java</a>").contains(">postgres</a>");
    }

    @Test
    void analyticsPageChartsTheFleetOrOneHost() {
        String fleet = page("/analytics");
        assertThat(fleet).contains("data-metrics-src=\"/api/v1/fleet/metrics?from=-1h\"");
        assertThat(fleet).contains("the whole fleet");

        String one = page("/analytics?host=" + host + "&from=-24h");
        assertThat(one).contains("data-metrics-src=\"/api/v1/hosts/" + host + "/metrics?from=-24h\"");
        assertThat(one).contains("<option value=\"" + host + "\" selected>");
        assertThat(one).contains("data-testid=\"top-cpu\"").contains(">java</a>");
    }

    @Test
    void changesPageListsStartsInTheChosenWindow() {
        String window = "&from=" + (STARTED - 60_000) + "&to=" + (STARTED + 60_000);
        String html = page("/changes?host=" + host + window);

        assertThat(html).contains("<span data-testid=\"started-count\">5</span> started");
        assertThat(html).contains(">postgres</a>").contains("data-kind=\"STARTED\"");
        assertThat(page("/changes?host=" + host + "&kind=exited" + window)).contains("No process started or exited");
    }

    @Test
    void fleetSearchShowsEveryHostThatRunsAProcess() {
        String html = page("/search?q=postgres");

        assertThat(html).contains("data-host=\"" + host + "\"");
        assertThat(html).contains("href=\"/hosts/" + host + "/processes/812?start=" + (STARTED + 812) + "\"");
        assertThat(page("/search?q=no-such-process-anywhere")).contains("No host runs a process matching");
    }

    @Test
    void fleetMetricsAndChangesAnswerJson() {
        given().get("/api/v1/fleet/metrics?from=-1h")
                .then()
                .statusCode(200)
                .body("hosts", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("points.size()", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        given().get("/api/v1/fleet/changes?host={h}&from={f}&to={t}", host, STARTED - 60_000, STARTED + 60_000)
                .then()
                .statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(5))
                .body("[0].kind", org.hamcrest.Matchers.equalTo("STARTED"))
                .body("[0].hostname", org.hamcrest.Matchers.equalTo(host));
        given().get("/api/v1/fleet/changes?limit=0").then().statusCode(400);
    }

    @Test
    void unknownHostPageIsNotFound() {
        given().get("/hosts/never-reported").then().statusCode(404);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/_static/bootstrap/dist/css/bootstrap.min.css",
                "/_static/bootstrap/dist/js/bootstrap.bundle.min.js",
                "/webjars/font-awesome/css/all.min.css",
                "/webjars/font-awesome/webfonts/fa-solid-900.woff2",
                "/webjars/chart.js/dist/chart.umd.min.js",
                "/app/procscope.css",
                "/app/theme.js"
            })
    void servesEveryAssetItselfWithoutACdn(String path) {
        given().get(path).then().statusCode(200);
    }

    @Test
    void pagesLoadNothingFromOtherOrigins() {
        String html = page("/hosts/" + host);

        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
    }

    static String page(String path) {
        return given().accept(ContentType.HTML)
                .get(path)
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .extract()
                .asString();
    }
}
