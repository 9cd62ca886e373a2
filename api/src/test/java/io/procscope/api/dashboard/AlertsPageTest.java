package io.procscope.api.dashboard;

import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.typicalProcessesAnd;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.support.HostileProcesses;
import io.procscope.api.support.Reports;
import io.procscope.api.support.TestClock;
import io.procscope.dto.ProcessInfo;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The alerts page and the alert badges, rendered from alerts that real reports made fire: a rule
 * created through the JSON API, the API's clock moved past its {@code for}.
 */
@QuarkusTest
class AlertsPageTest {

    private static final long INTERVAL = 60_000;

    private final List<String> created = new ArrayList<>();
    private final List<Long> silences = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        created.forEach(name -> admin().delete("/api/v1/alerts/rules/{name}", name));
        silences.forEach(id -> admin().delete("/api/v1/alerts/silences/{id}", id));
        TestClock.reset();
    }

    @Test
    void silencesAreListedAndMarkTheAlertsTheyCoverAndRulesSayWhereTheyComeFrom() {
        String host = uniqueHost("alerts-silenced");
        String absent = host + "-absent";
        createRule("{\"name\":\"" + absent + "\",\"hosts\":{\"hostnames\":[\"" + host + "\"]},"
                + "\"condition\":{\"processAbsent\":{\"name\":[\"no-such-daemon\"]}},\"for\":\"0\"}");
        at(Instant.now().toEpochMilli(), host);
        String hostile = "<img src=x onerror=alert(8)>";
        long onHost = silence("{\"rule\":\"" + absent + "\",\"host\":\"" + host + "\",\"duration\":\"1h\","
                + "\"comment\":\"<script>alert(7)</script> kernel upgrade\"}");
        long elsewhere = silence("{\"rule\":\"" + absent + "\",\"host\":\"" + hostile + "\",\"duration\":\"15m\"}");

        String html = page("/alerts");
        String row = "data-alert-rule=\"" + absent + "\" data-alert-host=\"" + host + "\"";
        assertThat(section(section(html, "alerts-firing"), row, "</tr>"))
                .as("the firing alert says it is silenced, and can be silenced again")
                .contains(row + " data-silenced=\"true\"")
                .contains("data-testid=\"alert-silenced\"")
                .containsPattern("silenced in (60 min|59 min|1 h)")
                .contains("data-alert-action=\"silence\" data-rule=\"" + absent + "\" data-host=\"" + host + "\"");
        String listed = section(html, "alerts-silences");
        assertThat(listed)
                .contains("data-silence-id=\"" + onHost + "\" data-silence-rule=\"" + absent + "\" data-silence-host=\""
                        + host + "\"")
                .contains("data-alert-action=\"end-silence\" data-silence=\"" + onHost + "\"")
                .contains("data-silence-id=\"" + elsewhere + "\"")
                .contains("&lt;script&gt;alert(7)&lt;/script&gt; kernel upgrade")
                .contains("&lt;img src=x onerror=alert(8)&gt;")
                .contains("<code>sha256:");
        assertThat(html)
                .as("hostile comments and host names stay text")
                .doesNotContain("<script>alert(7)")
                .doesNotContain(hostile);
        String rules = section(html, "alerts-rules");
        assertThat(section(rules, "data-rule=\"" + absent + "\"", "</tr>"))
                .as("an API rule can be edited, disabled and deleted")
                .contains("data-source=\"api\" data-enabled=\"true\"")
                .contains("data-alert-action=\"edit\"")
                .contains("data-alert-action=\"disable\"")
                .contains("data-alert-action=\"delete\"")
                .doesNotContain("read-only");
        assertThat(section(rules, "data-rule=\"file-sshd-down\"", "</tr>"))
                .as("a rule of the rules file says so, and where the file is")
                .contains("data-source=\"file\"")
                .contains("rules file")
                .contains("src/test/resources/alerts/rules.yaml")
                .contains("data-testid=\"rule-read-only\"")
                .doesNotContain("data-alert-action=\"edit\"")
                .doesNotContain("data-alert-action=\"delete\"");

        admin().delete("/api/v1/alerts/silences/{id}", onHost).then().statusCode(204);
        assertThat(section(section(page("/alerts"), "alerts-firing"), row, "</tr>"))
                .as("ended early, the silence no longer covers the alert; the other is for another host")
                .startsWith(row + ">")
                .doesNotContain("data-testid=\"alert-silenced\"");
        assertThat(section(page("/alerts"), "alerts-silences")).doesNotContain("data-silence-id=\"" + onHost + "\"");
    }

    @Test
    void firingAndPendingAlertsShowOnTheAlertsPageAndAsBadges() {
        String host = uniqueHost("alerts-page");
        String busy = host + "-busy";
        String absent = host + "-absent";
        createRule("{\"name\":\"" + busy + "\",\"hosts\":{\"hostnames\":[\"" + host + "\"]},"
                + "\"condition\":{\"processCpu\":{\"match\":{\"user\":\"mallory\"},\"abovePercent\":90}},"
                + "\"for\":\"1m\",\"severity\":\"critical\"}");
        createRule("{\"name\":\"" + absent + "\",\"hosts\":{\"hostnames\":[\"" + host + "\"]},"
                + "\"condition\":{\"processAbsent\":{\"name\":[\"<b>gone</b>\\\"><script>alert(9)</script>\"]}},"
                + "\"for\":\"10m\",\"severity\":\"info\"}");
        ProcessInfo hostile = HostileProcesses.busy(7777, 1);
        long t0 = Instant.now().toEpochMilli();

        at(t0, host, hostile);
        String pending = page("/alerts?host=" + host);
        assertThat(section(pending, "alerts-pending")).contains(busy).contains(absent);
        assertThat(section(pending, "alerts-firing")).doesNotContain(busy).contains("Nothing fires here.");

        at(t0 + 90_000, host, hostile); // well past the minute, however long the first report took
        String html = page("/alerts");
        String firing = section(html, "alerts-firing");
        assertThat(firing)
                .as("the busy process fired, its for elapsed")
                .contains("data-alert-rule=\"" + busy + "\" data-alert-host=\"" + host + "\"")
                .contains("href=\"/hosts/" + host + "/processes/7777\"")
                .contains("data-severity=\"critical\"")
                .doesNotContain(absent);
        assertThat(section(html, "alerts-pending"))
                .as("the absent one waits for its 10 minutes")
                .contains("data-alert-rule=\"" + absent + "\"");
        assertThat(section(html, "alerts-history"))
                .contains("data-transition=\"firing\"")
                .contains("href=\"/alerts?rule=" + busy + "\"");
        assertThat(section(html, "alerts-rules"))
                .contains("<tr data-rule=\"" + busy + "\" data-source=\"api\" data-enabled=\"true\">")
                .contains("data-rule=\"" + absent + "\"")
                .contains("</i>API</span>")
                .contains("<td>1m</td>")
                .contains("<td>10m</td>")
                .contains("&quot;hostnames&quot;:[&quot;" + host + "&quot;]");
        assertThat(html)
                .as("hostile names stay text: the process's in the summary, the rule's pattern")
                .doesNotContain(HostileProcesses.NAME)
                .doesNotContain("<script>alert(9)")
                .doesNotContain("<b>gone</b>")
                .contains("&lt;img src=x onerror=alert(1)&gt;")
                .contains("&lt;script&gt;alert(9)&lt;/script&gt;");
        assertThat(html).containsPattern("aria-current=\"page\" href=\"/alerts\"");

        long firingNow = given().get("/api/v1/alerts?limit=1")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("firing");
        assertThat(firingNow).isPositive();
        for (String path : List.of("/alerts", "/", "/hosts", "/hosts/" + host, "/processes")) {
            assertThat(navBadge(page(path))).as("the nav's badge on %s", path).isEqualTo(String.valueOf(firingNow));
        }

        String mine = page("/alerts?host=" + host);
        assertThat(section(mine, "alerts-firing")).contains(busy);
        assertThat(mine).contains("data-testid=\"alerts-firing-count\">1<");
        assertThat(mine).contains("data-testid=\"alerts-pending-count\">1<");
        assertThat(page("/alerts?host=" + uniqueHost("nobody"))).contains("Nothing fires here.");

        assertThat(page("/hosts?q=" + host))
                .contains("href=\"/alerts?host=" + host + "\" data-testid=\"host-firing\" title=\"1 alerts firing\"");
        assertThat(page("/")).contains("data-testid=\"overview-firing\"");
        // Hosts with alerts firing lead the overview's cards.
        assertThat(section(page("/"), "data-host=\"" + host + "\"", "</a>"))
                .as("the host's card")
                .contains("data-testid=\"host-firing\" title=\"1 alerts firing\"");
        String hostPage = page("/hosts/" + host);
        assertThat(section(hostPage, "data-testid=\"host-alerts\"", "</ul>"))
                .contains("data-testid=\"host-firing-count\">1<")
                .contains("<a class=\"alert-link\" href=\"/alerts?rule=" + busy + "\">" + busy + "</a>")
                .contains("href=\"/alerts?host=" + host + "\"")
                .contains("data-severity=\"critical\"")
                .doesNotContain(absent)
                .doesNotContain(HostileProcesses.NAME)
                .contains("&lt;img src=x onerror=alert(1)&gt;");

        String processPage = page("/hosts/" + host + "/processes/7777");
        assertThat(section(processPage, "data-testid=\"process-alerts\"", "</ul>"))
                .as("the process that fired links to its alert")
                .contains("data-alert-rule=\"" + busy + "\" data-alert-state=\"firing\"")
                .contains("href=\"/alerts?rule=" + busy + "&amp;host=" + host + "\"")
                .doesNotContain(absent)
                .doesNotContain(HostileProcesses.NAME);
        assertThat(page("/hosts/" + host + "/processes/1")).doesNotContain("data-testid=\"process-alerts\"");

        // the rule goes: its alerts resolve, the badges with them
        admin().delete("/api/v1/alerts/rules/{name}", busy).then().statusCode(204);
        created.remove(busy);
        assertThat(page("/hosts?q=" + host))
                .doesNotContain("href=\"/alerts?host=" + host + "\" data-testid=\"host-firing\"");
        assertThat(page("/hosts/" + host)).doesNotContain("data-testid=\"host-alerts\"");
        assertThat(section(page("/alerts?host=" + host), "alerts-history")).contains("data-transition=\"resolved\"");
    }

    @Test
    void pagesOfActiveAlertsAndHistoryLinkOnwardsAndRefuseNonsense() {
        given().get("/alerts?offset=-1").then().statusCode(400);
        given().get("/alerts?before=0").then().statusCode(400);
        String html = page("/alerts?rule=no-such-rule&host=" + uniqueHost("none"));
        assertThat(html)
                .contains("Nothing is pending here.")
                .contains("No transition recorded here.")
                .doesNotContain("data-testid=\"alerts-more\"")
                .contains("href=\"/alerts\">all alerts</a>");
    }

    /** The count the nav's badge shows, or {@code hidden} when it is hidden (nothing fires). */
    private static String navBadge(String html) {
        Matcher m = Pattern.compile(
                        "data-testid=\"nav-alerts-firing\" data-firing=\"(\\d+)\" title=\"(\\d+) firing\"( hidden)?>"
                                + "<span class=\"nav-alerts-count\">(\\d+)<")
                .matcher(html);
        if (!m.find()) {
            return "none";
        }
        assertThat(m.group(1))
                .as("one count everywhere in the badge")
                .isEqualTo(m.group(2))
                .isEqualTo(m.group(4));
        return m.group(3) != null ? "hidden" : m.group(4);
    }

    /** The page from {@code from} to the next {@code to}. */
    private static String section(String html, String from, String to) {
        int start = html.indexOf(from);
        assertThat(start).as("the page has %s", from).isNotNegative();
        int end = html.indexOf(to, start);
        return html.substring(start, end < 0 ? html.length() : end);
    }

    /** The element whose data-testid or id is {@code id}, to its table's or div's end. */
    private static String section(String html, String id) {
        int start = html.indexOf("data-testid=\"" + id + "\"");
        if (start < 0) {
            start = html.indexOf("id=\"" + id + "\"");
        }
        assertThat(start).as("the page has %s", id).isNotNegative();
        int tableEnd = html.indexOf("</table>", start);
        int divEnd = html.indexOf("</div>", start);
        int end = tableEnd < 0 ? divEnd : tableEnd;
        return html.substring(start, end < 0 ? html.length() : end);
    }

    /**
     * Stores a report of {@code host} collected at {@code millis}, the API's clock moved there; its
     * agent reports every minute, so that the host is not stale a minute on (the timer would leave
     * its process alerts alone then).
     */
    private static void at(long millis, String host, ProcessInfo... more) {
        TestClock.travelTo(Instant.ofEpochMilli(millis));
        store(Reports.withInterval(report(host, millis, typicalProcessesAnd(more)), INTERVAL));
    }

    private long silence(String json) {
        long id = admin().contentType(ContentType.JSON)
                .body(json)
                .post("/api/v1/alerts/silences")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        silences.add(id);
        return id;
    }

    private void createRule(String json) {
        String name = admin().contentType(ContentType.JSON)
                .body(json)
                .post("/api/v1/alerts/rules")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("name");
        created.add(name);
    }

    private static String page(String path) {
        return given().accept(ContentType.HTML)
                .get(path)
                .then()
                .statusCode(200)
                .contentType(ContentType.HTML)
                .extract()
                .asString();
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + Reports.ADMIN_KEY);
    }
}
