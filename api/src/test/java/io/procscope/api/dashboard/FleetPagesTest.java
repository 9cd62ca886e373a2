package io.procscope.api.dashboard;

import static io.procscope.api.support.Reports.STARTED;
import static io.procscope.api.support.Reports.process;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcessesAnd;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.procscope.api.support.Reports.withHostCpu;
import static io.procscope.api.support.Reports.withInterval;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.procscope.api.domain.Host;
import io.procscope.api.query.FleetResource;
import io.procscope.api.query.SearchQueries;
import io.procscope.api.support.Reports;
import io.procscope.dto.ProcessInfo;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The fleet-wide pages hold a bounded amount of HTML whatever the fleet's size or history: a fleet
 * of {@value #FLEET} hosts (more than a page of each list holds), stored through the real ingest
 * endpoint into a database other tests fill too, so each assertion looks for this test's hosts by
 * their own names.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetPagesTest {

    /** Hosts stored: more than a page of the hosts list ({@value HostsPage#HOSTS_PER_PAGE}). */
    static final int FLEET = HostsPage.HOSTS_PER_PAGE + 5;

    private static final Pattern HOST_ROW = Pattern.compile("<tr data-host=\"([^\"]+)\">");
    private static final Pattern CHANGE_ROW = Pattern.compile("<tr data-kind=\"");
    private static final Pattern HOST_CARD = Pattern.compile("class=\"card h-100 text-decoration-none host-card\"");
    private static final Pattern SEARCH_CARD = Pattern.compile("class=\"card h-100 search-host\" data-host=\"");
    private static final Pattern OLDER =
            Pattern.compile("href=\"(/changes\\?[^\"]*before=[^\"]+)\" data-testid=\"changes-older\"");

    /**
     * The interval this test's hosts report at: long enough that none goes stale while the tests
     * run, and no longer than the finest fleet bucket other tests of the shared database expect.
     */
    static final long INTERVAL = 300_000L;

    private static final Pattern CARD_STATUS =
            Pattern.compile("(?s)host-card\" href=\"[^\"]*\" data-host=\"([^\"]+)\">(.*?)data-status=\"(\\w+)\"");
    private static final Pattern STALE_TOTAL = Pattern.compile("data-testid=\"hosts-stale\">(\\d+) stale<");

    @TestHTTPResource("/")
    URL base;

    /** What this test's hosts' names start with, and the name of the process only they run. */
    String prefix;

    List<String> fleet;

    @BeforeAll
    void storeAFleet() {
        prefix = uniqueHost("fleetpages");
        fleet = new ArrayList<>();
        for (int i = 0; i < FLEET; i++) {
            String host = String.format("%s-%03d", prefix, i);
            fleet.add(host);
            // Reporting every 5 minutes, as their agents say: none goes stale while the tests run.
            Reports.store(
                    base,
                    withInterval(
                            report(
                                    host,
                                    typicalProcessesAnd(
                                            process(4300, 1, prefix, prefix + " --serve", "app", 1.0, 8L << 20))),
                            INTERVAL));
        }
    }

    @Test
    void overviewShowsABoundedNumberOfHostCardsAttentionFirstAndLinksToTheRest() {
        // Stale: its last report came an hour ago, past 3 of its 5-minute intervals.
        String stale = fleet.get(FLEET / 2);
        QuarkusTransaction.requiringNew()
                .run(() -> Host.getEntityManager()
                        .createQuery("update Host h set h.lastReceivedMillis = :t where h.hostname = :n")
                        .setParameter("t", System.currentTimeMillis() - 12 * INTERVAL)
                        .setParameter("n", stale)
                        .executeUpdate());
        String busy = uniqueHost("fleetpages-busy");
        Reports.store(base, withInterval(withHostCpu(report(busy, Reports.typicalProcesses()), 100.0), INTERVAL));

        String html = page("/");

        assertThat(count(HOST_CARD, html)).isEqualTo(OverviewPage.CARDS);
        assertThat(html).contains("<a class=\"small ms-auto\" href=\"/hosts\" data-testid=\"all-hosts\">");
        assertThat(html.length()).isLessThan(200_000);
        List<String> hosts = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        Matcher card = CARD_STATUS.matcher(html);
        while (card.find()) {
            hosts.add(card.group(1));
            statuses.add(card.group(2).contains("data-testid=\"host-firing\"") ? "firing" : card.group(3));
        }
        assertThat(hosts).hasSize(OverviewPage.CARDS);
        // Attention first: hosts with alerts firing, then stale ones, then the others.
        List<String> order = List.of("firing", "stale", "reporting");
        for (int i = 1; i < statuses.size(); i++) {
            assertThat(order.indexOf(statuses.get(i)))
                    .as("card %d of %s", i, statuses)
                    .isGreaterThanOrEqualTo(order.indexOf(statuses.get(i - 1)));
        }
        // Other tests' hosts of this database go stale as they stop reporting: when they leave room
        // on the cards, this test's stale host is among them, and the busiest host leads the rest.
        Matcher staleTotal = STALE_TOTAL.matcher(html);
        assertThat(staleTotal.find()).isTrue();
        int attention = Integer.parseInt(staleTotal.group(1))
                + (int) statuses.stream().filter("firing"::equals).count();
        if (attention < OverviewPage.CARDS) {
            assertThat(hosts).contains(stale);
            assertThat(hosts.get(statuses.indexOf("reporting"))).isEqualTo(busy);
        }
    }

    @Test
    void overviewTotalsAddUpWhatEachHostSays() {
        // Every host, a page of the API at a time, as X-Total-Count says how many there are.
        List<Map<String, Object>> hosts = new ArrayList<>();
        long count;
        do {
            Response page = given().accept(ContentType.JSON).get("/api/v1/hosts?limit=500&offset=" + hosts.size());
            assertThat(page.statusCode()).isEqualTo(200);
            count = Long.parseLong(page.header("X-Total-Count"));
            List<Map<String, Object>> rows = page.jsonPath().getList("$");
            assertThat(rows).isNotEmpty();
            hosts.addAll(rows);
        } while (hosts.size() < count);
        long present =
                hosts.stream().filter(h -> !"GONE".equals(h.get("status"))).count();
        long processes = hosts.stream()
                .filter(h -> !"GONE".equals(h.get("status")))
                .mapToLong(h -> h.get("processCount") == null ? 0 : ((Number) h.get("processCount")).longValue())
                .sum();

        String totals = page("/?fragment=totals");

        assertThat(totals).doesNotContain("<html").doesNotContain("navbar").contains("id=\"fleet-totals\"");
        assertThat(totals).contains("data-testid=\"process-total\">" + processes + "<");
        assertThat(totals).contains("on " + present + " hosts");
        assertThat(page("/?fragment=activity")).contains("id=\"top-cpu\"").doesNotContain("host-card");
        given().accept(ContentType.HTML).get("/?fragment=everything").then().statusCode(400);
    }

    @Test
    void hostsListPagesSearchesAndSortsOnTheServer() {
        String first = page("/hosts?q=" + prefix);
        List<String> firstRows = rows(first);
        assertThat(firstRows).hasSize(HostsPage.HOSTS_PER_PAGE).allMatch(h -> h.startsWith(prefix));
        assertThat(firstRows.get(0)).isEqualTo(fleet.get(0));
        assertThat(first)
                .contains("1–" + HostsPage.HOSTS_PER_PAGE + " of <span data-testid=\"hosts-matching\">" + FLEET
                        + "</span>");
        assertThat(first)
                .contains("href=\"/hosts?q=" + prefix + "&amp;sort=name&amp;offset=" + HostsPage.HOSTS_PER_PAGE
                        + "\" data-testid=\"hosts-next\"");

        String second = page("/hosts?q=" + prefix + "&sort=name&offset=" + HostsPage.HOSTS_PER_PAGE);
        assertThat(rows(second)).hasSize(FLEET - HostsPage.HOSTS_PER_PAGE).doesNotContainAnyElementsOf(firstRows);
        assertThat(second).contains("data-testid=\"hosts-previous\"").doesNotContain("data-testid=\"hosts-next\"");

        assertThat(rows(page("/hosts?q=" + prefix + "&sort=-name")).get(0)).isEqualTo(fleet.get(FLEET - 1));
        assertThat(rows(page("/hosts"))).hasSizeLessThanOrEqualTo(HostsPage.HOSTS_PER_PAGE);

        String fragment = page("/hosts?q=" + prefix + "&fragment=rows");
        assertThat(fragment).doesNotContain("<html").contains("id=\"hosts-region\"");
        assertThat(rows(fragment)).isEqualTo(firstRows);
        given().accept(ContentType.HTML).get("/hosts?offset=-1").then().statusCode(400);
        given().accept(ContentType.HTML).get("/hosts?sort=nonsense").then().statusCode(400);
    }

    @Test
    void changesPageListsAPageAndLeadsToOlderOnesByACursor() {
        // Every host of the fleet started its processes at the same times: ties, broken by host.
        String window = "from=" + (STARTED - 60_000) + "&to=" + (STARTED + 60_000);
        String newest = page("/changes?" + window);
        assertThat(count(CHANGE_ROW, newest)).isEqualTo(ChangesPage.PER_PAGE);
        Matcher older = OLDER.matcher(newest);
        assertThat(older.find()).as("an older link").isTrue();

        String next = page(older.group(1).replace("&amp;", "&"));
        assertThat(count(CHANGE_ROW, next)).isEqualTo(ChangesPage.PER_PAGE);
        assertThat(next).contains("data-testid=\"changes-newest\"");
        // An older page is history: it is no live region.
        assertThat(next).doesNotContain("data-live-fragment=\"events\"");
        given().accept(ContentType.HTML).get("/changes?before=1-2").then().statusCode(400);
    }

    @Test
    void fleetChangesWalkEveryEventOnceByTheirCursor() {
        // The postgres processes of the whole fleet started at one instant: one tie, paged 7 at a time.
        long at = STARTED + 812;
        Set<String> seen = new HashSet<>();
        String before = null;
        for (int pages = 0; pages < 1000; pages++) {
            var request = given().accept(ContentType.JSON)
                    .queryParam("from", at)
                    .queryParam("to", at + 1)
                    .queryParam("limit", 7);
            if (before != null) {
                request.queryParam("before", before);
            }
            Response answer = request.get("/api/v1/fleet/changes");
            answer.then().statusCode(200);
            List<String> hosts = answer.jsonPath().getList("hostname");
            assertThat(hosts).hasSizeLessThanOrEqualTo(7);
            for (String h : hosts) {
                assertThat(seen.add(h)).as(h + " listed twice").isTrue();
            }
            before = answer.header(FleetResource.NEXT_BEFORE);
            if (before == null) {
                break;
            }
        }
        assertThat(before).as("the last page has no next cursor").isNull();
        assertThat(seen).containsAll(fleet);
    }

    @Test
    void searchPagesItsHostsAndCountsThemAll() {
        String first = page("/search?q=" + prefix);
        assertThat(count(SEARCH_CARD, first)).isEqualTo(SearchPage.HOSTS_PER_PAGE);
        assertThat(first)
                .contains("<span data-testid=\"search-hosts\">" + FLEET + "</span> hosts run " + FLEET
                        + " matching processes; hosts 1–" + SearchPage.HOSTS_PER_PAGE + " shown.");
        assertThat(first).contains("href=\"/search?q=" + prefix + "&amp;offset=" + SearchPage.HOSTS_PER_PAGE + "\"");

        int lastOffset = (FLEET - 1) / SearchPage.HOSTS_PER_PAGE * SearchPage.HOSTS_PER_PAGE;
        String last = page("/search?q=" + prefix + "&offset=" + lastOffset);
        assertThat(count(SEARCH_CARD, last)).isEqualTo(FLEET - lastOffset);
        assertThat(last).contains("data-testid=\"search-previous\"").doesNotContain("data-testid=\"search-next\"");

        given().accept(ContentType.JSON)
                .get("/api/v1/search?q={q}&limit=20&offset=20", prefix)
                .then()
                .statusCode(200)
                .header(FleetResource.TOTAL_COUNT, String.valueOf(FLEET))
                .header(FleetResource.COMPLETE, "true")
                .body("size()", org.hamcrest.Matchers.equalTo(20))
                .body("[0].matches", org.hamcrest.Matchers.equalTo(1));
        given().accept(ContentType.JSON)
                .get("/api/v1/search?q={q}&offset=-1", prefix)
                .then()
                .statusCode(400)
                .contentType(containsString("problem+json"));
    }

    @Test
    void searchReadsABoundedNumberOfMatchesAndSaysWhenItStopped() {
        // Two hosts run more matching processes between them than a search reads.
        String needle = uniqueHost("many");
        int[] running = {SearchQueries.SCAN_LIMIT * 3 / 5, SearchQueries.SCAN_LIMIT / 2};
        List<String> hosts = new ArrayList<>();
        for (int h = 0; h < running.length; h++) {
            String host = needle + "-host" + h;
            hosts.add(host);
            List<ProcessInfo> processes = new ArrayList<>(Reports.typicalProcesses());
            Random random = new Random(h);
            for (int i = 0; i < running[h]; i++) {
                processes.add(Reports.randomProcess(
                        10_000 + i, 1, "worker", needle + " --slot " + i, "app", STARTED + i, random));
            }
            Reports.store(base, withInterval(report(host, processes), INTERVAL));
        }

        Response json = given().accept(ContentType.JSON)
                .get("/api/v1/search?q={q}", needle)
                .then()
                .statusCode(200)
                .header(FleetResource.COMPLETE, "false")
                .extract()
                .response();
        List<String> found = json.path("hostname");
        List<Integer> matches = json.path("matches");
        assertThat(hosts).containsAll(found);
        assertThat(found).isNotEmpty();
        assertThat(Integer.parseInt(json.header(FleetResource.TOTAL_COUNT))).isEqualTo(found.size());
        // Each count is a lower bound of what the host runs, and together they are what was read.
        for (int i = 0; i < found.size(); i++) {
            assertThat(matches.get(i)).isBetween(1, running[hosts.indexOf(found.get(i))]);
        }
        assertThat(matches.stream().mapToInt(Integer::intValue).sum())
                .isBetween(SearchQueries.SCAN_LIMIT, SearchQueries.SCAN_LIMIT + 1);

        String html = page("/search?q=" + needle);
        assertThat(html)
                .contains("More than " + SearchQueries.SCAN_LIMIT + " processes match “" + needle + "”.")
                .contains("a longer text finds the rest")
                .contains("at least " + matches.get(0) + " processes");
        assertThat(count(SEARCH_CARD, html)).isEqualTo(found.size());

        // A narrower text matches fewer than a search reads: counted in full again.
        given().accept(ContentType.JSON)
                .get("/api/v1/search?q={q}", needle + " --slot 1")
                .then()
                .statusCode(200)
                .header(FleetResource.COMPLETE, "true")
                .header(FleetResource.TOTAL_COUNT, "2");
    }

    @Test
    void hostPickersSuggestABoundedNumberOfHosts() {
        for (String path : List.of("/changes", "/analytics", "/processes", "/tree")) {
            String html = page(path);
            String suggestions =
                    html.substring(html.indexOf("<datalist id=\"host-suggestions\""), html.indexOf("</datalist>"));
            assertThat(count(Pattern.compile("<option value="), suggestions))
                    .as(path)
                    .isBetween(1, HostChoice.SUGGESTIONS);
            assertThat(html).doesNotContain("<select class=\"form-select\" id=\"host\"");
        }
        // A host not among the suggestions is typed, and kept.
        String last = fleet.get(FLEET - 1);
        assertThat(page("/changes?host=" + last)).contains("value=\"" + last + "\" list=\"host-suggestions\"");
    }

    private static List<String> rows(String html) {
        List<String> hosts = new ArrayList<>();
        Matcher m = HOST_ROW.matcher(html);
        while (m.find()) {
            hosts.add(m.group(1));
        }
        return hosts;
    }

    private static int count(Pattern p, String html) {
        return (int) p.matcher(html).results().count();
    }

    private static String page(String path) {
        return DashboardPagesTest.page(path);
    }
}
