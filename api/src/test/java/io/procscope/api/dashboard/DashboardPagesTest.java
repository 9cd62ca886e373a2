package io.procscope.api.dashboard;

import static io.procscope.api.support.Reports.CONTAINER_ID;
import static io.procscope.api.support.Reports.POD_UID;
import static io.procscope.api.support.Reports.STARTED;
import static io.procscope.api.support.Reports.inPod;
import static io.procscope.api.support.Reports.process;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.typicalProcessesAnd;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.procscope.api.support.HostileProcesses;
import io.procscope.dto.ProcessInfo;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rendered HTML of each page, with data stored through the real ingest endpoint. */
@QuarkusTest
class DashboardPagesTest {

    /** Another container, as Docker names them: 64 hex digits. */
    static final String DOCKER_ID = "9a8b7c6d5e4f30211f2e3d4c5b6a798897a6b5c4d3e2f1009a8b7c6d5e4f3021";

    /** nginx in a container of the pod web/frontend-x2k4q. */
    static final ProcessInfo NGINX_IN_POD = inPod(
            process(3100, 1, "nginx", "nginx: master process", "root", 0.5, 12L << 20),
            CONTAINER_ID,
            POD_UID,
            "web",
            "frontend-x2k4q");

    String host;

    @BeforeEach
    void storeReport() {
        host = uniqueHost("page");
        store(report(host, typicalProcessesAnd(HostileProcesses.sleeping(6666))));
    }

    @Test
    void overviewShowsFleetTotalsAndHostCards() {
        String html = page("/");

        assertThat(html).contains("<title>Overview · procscope</title>");
        // The cards are the first few of the fleet (FleetPagesTest): the hosts page lists the rest.
        assertThat(html).contains("data-testid=\"host-cards\"").contains("data-testid=\"all-hosts\"");
        assertThat(html).contains("data-testid=\"hosts-reporting\"");
        assertThat(html).containsPattern("aria-current=\"page\" href=\"/\"");
    }

    @Test
    void hostsPageListsHostsWithStatusAndSystemInfo() {
        String html = page("/hosts?q=" + host);

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
    void hostPageListsTheBusiestProcessesAndLinksToAllOfThem() {
        List<ProcessInfo> many = new java.util.ArrayList<>(typicalProcesses());
        for (int pid = 5000; pid < 5000 + HostsPage.HOST_PAGE_PROCESSES + 20; pid++) {
            // CPU rises with the pid and memory falls: the two orders are opposite.
            many.add(process(pid, 1, "worker", "worker --id " + pid, "app", (pid - 5000) / 10.0, (6000L - pid) << 20));
        }
        store(report(host, many));

        String byCpu = page("/hosts/" + host);
        String byMemory = page("/hosts/" + host + "?sort=memory&from=-6h");

        int total = many.size();
        assertThat(byCpu.split("<tr data-pid=", -1)).hasSize(HostsPage.HOST_PAGE_PROCESSES + 1);
        assertThat(byCpu).contains("data-testid=\"process-count\">" + total + "</span>");
        assertThat(byCpu).contains("The busiest " + HostsPage.HOST_PAGE_PROCESSES + " of " + total);
        assertThat(byCpu).contains("href=\"/processes?host=" + host + "\" data-testid=\"all-processes\">All " + total);
        // java (87.5 %) first, then the busiest workers; the idlest worker is not on the page.
        assertThat(byCpu.indexOf("<tr data-pid=\"1204\">")).isLessThan(byCpu.indexOf("<tr data-pid=\"5069\">"));
        assertThat(byCpu).doesNotContain("<tr data-pid=\"5000\">");
        assertThat(byMemory.split("<tr data-pid=", -1)).hasSize(HostsPage.HOST_PAGE_PROCESSES + 1);
        assertThat(byMemory.indexOf("<tr data-pid=\"5000\">")).isLessThan(byMemory.indexOf("<tr data-pid=\"5001\">"));
        assertThat(byMemory).doesNotContain("<tr data-pid=\"5069\">");
        assertThat(byMemory)
                .contains("href=\"/processes?host=" + host + "&amp;sort=-memory\" data-testid=\"all-processes\"");
        // The window keeps the order, and the order keeps the window.
        assertThat(byMemory).contains("href=\"/hosts/" + host + "?sort=memory&amp;from=-1h\"");
        assertThat(byMemory).contains("href=\"/hosts/" + host + "?from=-6h\" data-testid=\"busiest-cpu\"");
        // The search box asks the processes page, which searches them all.
        assertThat(byCpu)
                .containsPattern("(?s)<form [^>]*action=\"/processes\"[^>]*data-testid=\"host-process-search\">"
                        + "\\s*<input type=\"hidden\" name=\"host\" value=\"" + host + "\">");
        given().get("/hosts/" + host + "?sort=threads")
                .then()
                .statusCode(400)
                .contentType(containsString("problem+json"));
    }

    @Test
    void processesPagePagesKeepTheOrderAndFilters() {
        List<ProcessInfo> many = new java.util.ArrayList<>(typicalProcesses());
        for (int pid = 5000; pid < 5250; pid++) {
            many.add(process(pid, 1, "worker", "worker --id " + pid, "app", 0.0, 1L << 20));
        }
        store(report(host, many));

        String first = page("/processes?host=" + host + "&user=app&sort=pid");
        String last = page("/processes?host=" + host + "&user=app&sort=pid&offset=200");

        assertThat(first.split("<tr data-pid=", -1)).hasSize(ProcessFilters.DEFAULT_LIMIT + 1);
        assertThat(first)
                .contains(
                        "href=\"/processes?host=" + host + "&amp;user=app&amp;sort=pid&amp;offset=100\" rel=\"next\"");
        assertThat(first).doesNotContain("rel=\"prev\"");
        assertThat(last)
                .contains(
                        "href=\"/processes?host=" + host + "&amp;user=app&amp;sort=pid&amp;offset=100\" rel=\"prev\"");
        assertThat(last).doesNotContain("rel=\"next\"");
        assertThat(last).contains("201–251 shown");
        // Past the end: the last page.
        assertThat(page("/processes?host=" + host + "&user=app&sort=pid&offset=9000"))
                .contains("201–251 shown");
        given().get("/processes?host=" + host + "&limit=" + (ProcessesPage.MAX_LIMIT + 1))
                .then()
                .statusCode(400)
                .contentType(containsString("problem+json"));
    }

    @Test
    void treeChildrenAreListItemsOfOneNodeOrOfTheRoots() {
        String children = page("/tree/children?host=" + host + "&pid=1&start=" + (STARTED + 1));
        String roots = page("/tree/children?host=" + host);

        assertThat(children).doesNotContain("<html");
        assertThat(children)
                .contains("<li role=\"treeitem\" data-pid=\"1204\" data-start=\"" + (STARTED + 1204) + "\">");
        assertThat(children).doesNotContain("data-pid=\"1\"");
        assertThat(roots)
                .contains("data-pid=\"1\" aria-expanded=\"false\" data-start=\"" + (STARTED + 1) + "\" data-lazy>");
        for (String bad : List.of("pid=abc", "pid=1&start=-x", "pid=1&offset=-1")) {
            given().get("/tree/children?host=" + host + "&" + bad).then().statusCode(400);
        }
        given().get("/tree/children?pid=1").then().statusCode(400);
        given().get("/tree/children?host=" + host + "&pid=1&start=7").then().statusCode(404);
        given().get("/tree/children?host=never-reported&pid=1").then().statusCode(404);
    }

    @Test
    void processesPageShowsTheChosenHost() {
        String html = page("/processes?host=" + host);

        assertThat(html).contains("value=\"" + host + "\" list=\"host-suggestions\"");
        assertThat(html).contains("data-testid=\"process-table\"");
        assertThat(html).contains("postgres -D /var/lib/postgresql/15/main");
    }

    @Test
    void hostileProcessNamesStayTextOnEveryPage() {
        // A second, busy hostile process that started just now: it tops the fleet's CPU list and
        // is among the recent starts, so the overview shows it too.
        store(report(
                host,
                typicalProcessesAnd(
                        HostileProcesses.sleeping(6666),
                        HostileProcesses.busy(7777, 6666),
                        HostileProcesses.inHostilePod(8888))));

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
                "/search?q=onload",
                "/processes?host=" + host + "&pod=" + HostileProcesses.POD_UID,
                "/hosts/" + host + "/processes/8888",
                "/changes?host=" + host,
                "/analytics?host=" + host)) {
            String html = page(path);

            assertThat(html)
                    .as(path)
                    .doesNotContain(HostileProcesses.NAME)
                    .doesNotContain(HostileProcesses.POD_NAME)
                    .doesNotContain(HostileProcesses.CONTAINER_ID)
                    .doesNotContain("<script>alert(")
                    .doesNotContain("\"><script>")
                    .contains("&lt;img src=x onerror=alert(1)&gt;");
        }
        assertThat(page("/hosts/" + host + "/processes/7777"))
                .contains("evil &quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;")
                .contains("/tmp/&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;");
        String escapedPod = "&quot;&gt;&lt;script&gt;alert(5)&lt;/script&gt;/&lt;svg onload=alert(4)&gt;";
        String escapedContainer = "&quot; onmouseover=alert(6) x=&quot;";
        assertThat(page("/hosts/" + host + "/processes/8888"))
                .contains(escapedPod)
                .contains(escapedContainer);
        // Names Kubernetes would refuse cannot be a filter: the badge filters by the pod's UID,
        // and the container's badge is no link.
        assertThat(page("/processes?host=" + host))
                .contains("href=\"/processes?host=" + host + "&amp;pod=" + HostileProcesses.POD_UID + "\"")
                .contains(escapedPod)
                .contains(
                        "<span class=\"badge rounded-pill text-bg-light border fw-normal font-monospace\" title=\"container "
                                + escapedContainer + "\"");
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
    void processesTableShowsPodAndContainerBadgesThatFilterTheList() {
        ProcessInfo redisInContainer = inPod(
                process(3200, 1, "redis-server", "redis-server *:6379", "999", 0.2, 8L << 20),
                DOCKER_ID,
                null,
                null,
                null);
        store(report(host, typicalProcessesAnd(NGINX_IN_POD, redisInContainer)));

        String html = page("/processes?host=" + host);
        assertThat(html.split("data-testid=\"process-attribution\"", -1)).hasSize(3);
        assertThat(html)
                .contains("href=\"/processes?host=" + host + "&amp;pod=web%2Ffrontend-x2k4q\"")
                .contains("<span class=\"visually-hidden\">pod </span>web/frontend-x2k4q</a>")
                .contains("href=\"/processes?host=" + host + "&amp;container=3f4e5a6b7c8d\"")
                .contains("title=\"container " + CONTAINER_ID + ": show its processes\"")
                .contains("<span class=\"visually-hidden\">container </span>9a8b7c6d5e4f</a>")
                .contains("data-testid=\"pod-filter\"");
        assertThat(page("/hosts/" + host)).contains("&amp;pod=web%2Ffrontend-x2k4q\"");

        String onePod = page("/processes?host=" + host + "&pod=web/frontend-x2k4q");
        assertThat(onePod).contains("data-pid=\"3100\"").doesNotContain("data-pid=\"3200\"");
        assertThat(onePod).contains("<span data-testid=\"process-count\">1</span> matching processes");
        assertThat(onePod).contains("value=\"web/frontend-x2k4q\"").contains("Clear filters");
        // Sorting keeps the filter.
        assertThat(onePod).contains("href=\"/processes?host=" + host + "&amp;pod=web%2Ffrontend-x2k4q&amp;sort=name\"");
        String inContainer = page("/processes?host=" + host + "&container=9A8B7C6D5E4F");
        assertThat(inContainer).contains("data-pid=\"3200\"").doesNotContain("data-pid=\"3100\"");

        given().accept(ContentType.JSON)
                .get("/api/v1/hosts/" + host + "/processes?container=not-hex")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertThat(given().accept(ContentType.HTML)
                        .get("/processes?host=" + host + "&container=not-hex")
                        .then()
                        .statusCode(400)
                        .contentType(containsString("text/html"))
                        .extract()
                        .asString())
                .contains("data-status=\"400\"", "container");
    }

    @Test
    void processesPageOffersPodFiltersOnlyWhereThereAreContainers() {
        String html = page("/processes?host=" + host);

        assertThat(html)
                .doesNotContain("data-testid=\"pod-filter\"")
                .doesNotContain("data-testid=\"process-attribution\"");
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
        assertThat(html)
                .containsPattern(
                        "(?s)<li role=\"treeitem\" data-pid=\"1\" aria-expanded=\"true\" data-start=\"\\d+\">.*?Σ 4 ·");
        assertThat(html)
                .containsPattern(
                        "(?s)data-pid=\"1\" aria-expanded=\"true\" data-start=\"\\d+\">.*?<ul role=\"group\">\\s*"
                                + "<li role=\"treeitem\" data-pid=\"1204\" data-start=\"" + (STARTED + 1204) + "\">");
        assertThat(html).contains("<span data-testid=\"tree-count\">5</span>");
    }

    @Test
    void treeSearchOpensThePathToEachMatchAndMarksIt() {
        String html = page("/tree?host=" + host + "&q=postgres");

        assertThat(html).contains("<li role=\"treeitem\" data-pid=\"812\" class=\"match\" data-start=");
        assertThat(html).contains("<li role=\"treeitem\" data-pid=\"1\" aria-expanded=\"true\" data-start=");
        // Only the way down to the match: java, another child of systemd, is left out.
        assertThat(html).doesNotContain("data-pid=\"1204\"");
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
    void processPageShowsItsPodAndContainer() {
        store(report(host, typicalProcessesAnd(NGINX_IN_POD)));

        String html = page("/hosts/" + host + "/processes/3100");

        assertThat(html)
                .containsPattern(
                        "(?s)<dt class=\"col-sm-3\">Pod</dt><dd class=\"col-sm-9 text-break\" data-testid=\"process-pod\">\\s*"
                                + "<a href=\"/processes\\?host=" + host
                                + "&amp;pod=web%2Ffrontend-x2k4q\" [^>]*>web/frontend-x2k4q</a>")
                .contains("uid <code class=\"user-select-all\">" + POD_UID + "</code>")
                .contains("title=\"" + CONTAINER_ID + "\">3f4e5a6b7c8d</a>")
                .contains("<code class=\"user-select-all text-break\">" + CONTAINER_ID + "</code>");
        assertThat(page("/hosts/" + host + "/processes/812"))
                .doesNotContain("data-testid=\"process-pod\"")
                .doesNotContain("data-testid=\"process-container\"");
    }

    @Test
    void analyticsPageChartsTheFleetOrOneHost() {
        String fleet = page("/analytics");
        assertThat(fleet).contains("data-metrics-src=\"/api/v1/fleet/metrics?from=-1h\"");
        assertThat(fleet).contains("the whole fleet");

        String one = page("/analytics?host=" + host + "&from=-24h");
        assertThat(one).contains("data-metrics-src=\"/api/v1/hosts/" + host + "/metrics?from=-24h\"");
        assertThat(one)
                .contains("data-testid=\"analytics-scope\"")
                .contains("value=\"" + host + "\" list=\"host-suggestions\"");
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
        // A name only this test's hosts run: the page shows the first hosts of a database that
        // other tests fill with postgres too.
        String name = "ledger-" + host.substring(host.lastIndexOf('-') + 1);
        String other = uniqueHost("page");
        ProcessInfo ledger = process(4200, 1, name, name + " --port 7000", "ledger", 3.0, 64L << 20);
        store(report(host, typicalProcessesAnd(ledger)));
        store(report(other, List.of(ledger)));

        String html = page("/search?q=" + name);

        assertThat(html).contains("data-host=\"" + host + "\"").contains("data-host=\"" + other + "\"");
        assertThat(html).contains("href=\"/hosts/" + host + "/processes/4200?start=" + (STARTED + 4200) + "\"");
        assertThat(html).doesNotContain(">postgres</a>");
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

    /** What Chromium and Firefox send when a person follows a link. */
    static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Test
    void aBrowserGetsErrorsAsAPageAndScriptsAsProblemDetails() {
        String notFound = given().header("Accept", BROWSER_ACCEPT)
                .get("/hosts/never-reported")
                .then()
                .statusCode(404)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .extract()
                .asString();
        assertThat(notFound).contains("data-testid=\"error-page\" data-status=\"404\"", "href=\"/hosts\"");
        assertThat(notFound).doesNotContain("<script");

        String badParameter = given().header("Accept", BROWSER_ACCEPT)
                .get("/processes?limit=-5")
                .then()
                .statusCode(400)
                .contentType(containsString("text/html"))
                .extract()
                .asString();
        assertThat(badParameter).contains("data-status=\"400\"", "limit");

        String noSuchPage = given().header("Accept", BROWSER_ACCEPT)
                .get("/hosts/" + HostileProcesses.NAME)
                .then()
                .statusCode(404)
                .contentType(containsString("text/html"))
                .extract()
                .asString();
        assertThat(noSuchPage).doesNotContain(HostileProcesses.NAME).contains("data-testid=\"error-page\"");

        // A page asked for as anything, as curl does, answers problem details.
        for (String accept : List.of("*/*")) {
            given().header("Accept", accept)
                    .get("/hosts/never-reported")
                    .then()
                    .statusCode(404)
                    .contentType(containsString("application/problem+json"))
                    .body("status", org.hamcrest.Matchers.equalTo(404));
        }
        given().accept(ContentType.JSON)
                .get("/api/v1/hosts/never-reported")
                .then()
                .statusCode(404)
                .contentType(containsString("problem+json"));
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
