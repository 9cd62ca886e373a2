package io.procscope.api.browser;

import static io.procscope.api.support.Reports.process;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.typicalProcessesAnd;
import static io.procscope.api.support.Reports.uniqueHost;
import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.domain.Host;
import io.procscope.api.support.HostileProcesses;
import io.procscope.api.support.RealAgent;
import io.procscope.api.support.Reports;
import io.procscope.dto.HostReport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium, fed by the real agent reporting this machine's
 * processes (this test's JVM among them) and by synthetic reports for the live and hostile cases.
 * Every test saves screenshots under target/screenshots for review.
 */
@QuarkusTest
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

    /** Polling every 10 s plus a refresh: a live update shows within this. */
    static final Duration LIVE_DEADLINE = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL base;

    ChromeDriver driver;
    String agentHost;
    String hostileHost;
    final long ownPid = RealAgent.OWN_PID;

    @BeforeAll
    void startBrowserAndReport() throws Exception {
        Chromium.requireInstalled();
        agentHost = uniqueHost("browser-agent");
        RealAgent.reportUntilThisJvmIsStored(base, agentHost, Files.createTempDirectory("procscope-browser-spool-"));
        hostileHost = uniqueHost("browser-hostile");
        store(report(hostileHost, typicalProcessesAnd(HostileProcesses.busy(7777, 1))));
        driver = Chromium.start(1366, 900);
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void overviewShowsTheFleetWithSparklinesAndLeadsToAHost() throws Exception {
        String host = uniqueHost("browser-spark");
        long now = System.currentTimeMillis();
        // Three reports 20 s apart: three points for the sparklines.
        for (int i = 2; i >= 0; i--) {
            store(report(host, now - i * 20_000L, typicalProcesses()));
        }
        // The overview shows a bounded number of cards, those that need attention first: silent
        // for 40 s (past 3 of its 10 s intervals), this host is the most recently stale one.
        QuarkusTransaction.requiringNew()
                .run(() -> Host.getEntityManager()
                        .createQuery("update Host h set h.lastReceivedMillis = :t where h.hostname = :n")
                        .setParameter("t", System.currentTimeMillis() - 40_000)
                        .setParameter("n", host)
                        .executeUpdate());
        open("/");
        // A live update may re-render a card while the browser looks: look it up afresh each time.
        By cardOfHost = By.cssSelector(".host-card[data-host='" + host + "']");
        // A card's sparklines load once it is near the screen, as a person scrolls to it.
        Chromium.scrollTo(driver, waitFor(cardOfHost));
        waitUntil(d -> "3".equals(d.findElement(cardOfHost).getDomAttribute("data-sparkline-points")));
        waitUntil(d -> d.findElement(cardOfHost)
                        .findElements(By.cssSelector("svg[data-sparkline='cpu'] polyline"))
                        .size()
                == 1);
        // a live update may re-render the totals while the browser looks: look them up afresh
        waitUntil(d -> d.findElement(By.cssSelector("[data-testid='hosts-reporting']"))
                .getText()
                .matches("\\d+"));
        assertThat(driver.findElement(By.cssSelector("[data-testid='top-cpu']")).getText())
                .contains("java");
        Chromium.screenshot(driver, "overview");

        waitUntil(d -> {
            Chromium.scrollTo(driver, d.findElement(cardOfHost)).click();
            return true;
        });
        waitUntil(d -> d.getCurrentUrl().endsWith("/hosts/" + host));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(host);
    }

    @Test
    void hostsTableSearchesTheWholeFleetAsYouTypeAndKeepsTheSearchInTheUrl() {
        open("/hosts");
        js("window.procscopeSameDocument = true");
        WebElement filter = waitFor(By.cssSelector("[data-testid='host-filter']"));
        filter.sendKeys(agentHost);

        // The server searches every host, not only the page's rows.
        // Typing under load can send a search of the first letters before the whole name: wait
        // for the one of the whole name, whose answer is the single row.
        waitUntil(d -> d.getCurrentUrl().contains("q=" + agentHost));
        waitUntil(d -> rows("#hosts-table").size() == 1
                && rows("#hosts-table").get(0).getText().contains(agentHost));
        assertThat((Boolean) js("return window.procscopeSameDocument === true")).isTrue();
        Chromium.screenshot(driver, "hosts");

        driver.navigate().refresh(); // the URL alone brings the same view back
        assertThat(rows("#hosts-table")).hasSize(1);
    }

    @Test
    void hostPageDrawsSystemChartsFromTheMetricsEndpoint() {
        open("/hosts/" + agentHost);
        waitFor(By.cssSelector(".host-charts[data-loaded]"));
        for (String chart : List.of("cpu", "memory", "load", "network", "processes")) {
            assertThat((Boolean) js("return Chart.getChart(document.querySelector('canvas[data-chart=" + chart
                            + "]')) !== undefined"))
                    .as(chart)
                    .isTrue();
        }
        // The busiest by memory: this JVM, with its heap, is among them.
        Chromium.scrollTo(driver, driver.findElement(By.cssSelector("[data-testid='busiest-memory']")))
                .click();
        waitUntil(d -> d.getCurrentUrl().contains("sort=memory"));
        waitFor(By.cssSelector(".host-charts[data-loaded]"));
        assertThat(driver.findElement(By.cssSelector("[data-testid='process-table']"))
                        .getText())
                .contains("java");
        int rows = driver.findElements(By.cssSelector("[data-testid='process-table'] tbody tr[data-pid]"))
                .size();
        String total = driver.findElement(By.cssSelector("[data-testid='process-count']"))
                .getText();
        assertThat(rows).isBetween(1, 50);
        assertThat(driver.findElement(By.cssSelector("[data-testid='all-processes']"))
                        .getText())
                .isEqualTo("All " + total + " processes");
        Chromium.screenshot(driver, "host");
        Chromium.scrollTo(driver, driver.findElement(By.cssSelector("[data-testid='busiest-cpu']")))
                .click();
        waitUntil(d -> !d.getCurrentUrl().contains("sort=memory"));

        driver.findElement(By.linkText("last 6h")).click();
        waitUntil(d -> d.getCurrentUrl().endsWith("from=-6h"));
        waitFor(By.cssSelector(".host-charts[data-loaded]"));
    }

    @Test
    void processesPageSearchesSortsAndLeadsToTheProcessAndItsParent() {
        open("/processes?host=" + agentHost);
        WebElement search = waitFor(By.cssSelector("[data-testid='process-search']"));
        search.sendKeys("java", Keys.ENTER);
        waitUntil(d -> d.getCurrentUrl().contains("q=java"));
        WebElement own = waitFor(By.cssSelector("tr[data-pid='" + ownPid + "']"));
        assertThat(own.getText()).contains("java").contains("started");

        driver.findElement(By.cssSelector("th a[data-sort='pid']")).click();
        waitUntil(
                d -> d.getCurrentUrl().contains("sort=pid") && d.getCurrentUrl().contains("q=java"));
        assertThat(driver.findElement(By.cssSelector("th[aria-sort='ascending']"))
                        .getText())
                .contains("PID");
        List<Integer> pids =
                driver.findElements(By.cssSelector("[data-testid='process-table'] tbody tr[data-pid]")).stream()
                        .map(r -> Integer.parseInt(r.getDomAttribute("data-pid")))
                        .toList();
        assertThat(pids).isSorted();
        Chromium.screenshot(driver, "processes");

        open("/processes?host=" + agentHost + "&q=java"); // busiest first: this JVM is on the first page
        Chromium.scrollTo(driver, driver.findElement(By.cssSelector("tr[data-pid='" + ownPid + "'] a.process-link")))
                .click();
        waitUntil(d -> d.getCurrentUrl().contains("/processes/" + ownPid));
        assertThat(textOf(By.cssSelector("[data-testid='process-cmdline']"))).contains("java");
        waitFor(By.cssSelector(".process-charts[data-loaded]"));
        assertThat((Boolean)
                        js("return Chart.getChart(document.querySelector('canvas[data-chart=rss]')) !== undefined"))
                .isTrue();
        Chromium.screenshot(driver, "process");

        WebElement parent = driver.findElement(By.cssSelector("[data-testid='process-parent'] a"));
        String parentName = parent.getText();
        Chromium.scrollTo(driver, parent).click();
        waitUntil(d -> !d.getCurrentUrl().contains("/processes/" + ownPid + "?"));
        assertThat(driver.findElement(By.cssSelector("[data-testid='process-name']"))
                        .getText())
                .isEqualTo(parentName);
        assertThat(driver.findElement(By.cssSelector("[data-testid='process-children']"))
                        .getText())
                .contains(Long.toString(ownPid));
    }

    @Test
    void treeOpensClosesLoadsChildrenAndSearchFindsAnyProcess() {
        open("/tree?host=" + agentHost);
        WebElement tree = waitFor(By.cssSelector(".proc-tree[data-ready='true']"));
        WebElement root = tree.findElement(By.cssSelector(":scope > li[aria-expanded]"));
        WebElement child = root.findElement(By.cssSelector(":scope > ul > li[role='treeitem']"));

        driver.findElement(By.cssSelector("[data-testid='collapse-all']")).click();
        assertThat(child.isDisplayed()).isFalse();
        driver.findElement(By.cssSelector("[data-testid='expand-all']")).click();
        assertThat(child.isDisplayed()).isTrue();

        Chromium.screenshot(driver, "tree-expanded");
        driver.findElement(By.cssSelector("[data-testid='collapse-all']")).click();

        // One node by mouse, then by keyboard.
        root.findElement(By.cssSelector(":scope > .node > .pid")).click(); // the row, not its link
        assertThat(root.getDomAttribute("aria-expanded")).isEqualTo("true");
        assertThat(driver.switchTo().activeElement()).isEqualTo(root);
        driver.switchTo().activeElement().sendKeys(Keys.ARROW_LEFT);
        assertThat(root.getDomAttribute("aria-expanded")).isEqualTo("false");
        driver.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
        assertThat(root.getDomAttribute("aria-expanded")).isEqualTo("true");
        driver.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
        assertThat(driver.switchTo().activeElement().getDomAttribute("role")).isEqualTo("treeitem");
        assertThat(driver.switchTo().activeElement()).isNotEqualTo(root);

        // This JVM sits levels deep, not on the first screen: the server's search finds it.
        driver.findElement(By.cssSelector("[data-testid='tree-search']")).sendKeys(Long.toString(ownPid));
        WebElement own = waitFor(By.cssSelector("li.match[data-pid='" + ownPid + "']"));
        assertThat(own.isDisplayed()).isTrue();
        assertThat(own.findElement(By.cssSelector(".name")).getDomAttribute("title"))
                .contains("java");
        assertThat(driver.findElement(By.cssSelector("[data-testid='tree-matches']"))
                        .getText())
                .startsWith("1 match");
        waitUntil(d -> d.getCurrentUrl().contains("q=" + ownPid));
        Chromium.screenshot(driver, "tree-search");

        driver.navigate().refresh(); // the server opens the same path from the URL
        WebElement again = waitFor(By.cssSelector("li.match[data-pid='" + ownPid + "']"));
        assertThat(again.isDisplayed()).isTrue();
    }

    @Test
    void aTreeOfThousandsShowsItsFirstScreenAndLoadsTheRestOfALevel() {
        String big = uniqueHost("browser-big-tree");
        store(report(big, TreePageBench.syntheticFleetHost(TreePageBench.PROCESSES)));
        open("/tree?host=" + big);
        WebElement tree = waitFor(By.cssSelector(".proc-tree[data-ready='true']"));
        int before = tree.findElements(By.cssSelector("li[role='treeitem']")).size();
        assertThat(before).isLessThanOrEqualTo(300);

        // A closed node whose children are not on the page (a report that does not change): opening it loads them.
        WebElement lazy = tree.findElement(By.cssSelector("li[data-lazy]"));
        Chromium.scrollTo(driver, lazy.findElement(By.cssSelector(":scope > .node > .pid")))
                .click();
        waitUntil(d -> "true".equals(lazy.getDomAttribute("aria-expanded")));
        WebElement loaded = lazy.findElement(By.cssSelector(":scope > ul > li[role='treeitem']"));
        assertThat(loaded.isDisplayed()).isTrue();
        assertThat(lazy.getDomAttribute("data-lazy")).isNull();

        // kthreadd's kernel threads are more than a level shows: the rest load in pages.
        WebElement kthreadd = tree.findElement(By.cssSelector(":scope > li[data-pid='2']"));
        WebElement more = kthreadd.findElement(By.cssSelector(":scope > ul > li.tree-more > button"));
        assertThat(more.getText()).endsWith("more…");
        Chromium.scrollTo(driver, more).click();
        waitUntil(d -> kthreadd.findElements(By.cssSelector(":scope > ul > li[role='treeitem']"))
                        .size()
                > 50);
        List<String> pids = kthreadd.findElements(By.cssSelector(":scope > ul > li[role='treeitem']")).stream()
                .map(li -> li.getDomAttribute("data-pid"))
                .toList();
        assertThat(pids).doesNotHaveDuplicates().hasSize(150);

        // A search of the whole tree: the matches' count, the first shown.
        driver.findElement(By.cssSelector("[data-testid='tree-search']")).sendKeys("kworker");
        waitUntil(d -> d.findElement(By.cssSelector("[data-testid='tree-matches']"))
                .getText()
                .matches("\\d+ matches for “kworker”, the first 50 shown.*"));
        assertThat(driver.findElements(By.cssSelector(".proc-tree li.match"))).hasSize(50);
        Chromium.screenshot(driver, "tree-2000-search");
    }

    @Test
    void analyticsChartsTheFleetThenOneHost() {
        open("/analytics");
        waitFor(By.cssSelector(".analytics-charts[data-loaded]"));
        for (String chart : List.of("usage", "processes", "states", "top")) {
            waitUntil(d -> (Boolean) js(
                    "return Chart.getChart(document.querySelector('canvas[data-chart=" + chart + "]')) !== undefined"));
        }
        Chromium.screenshot(driver, "analytics-fleet");

        WebElement scope = driver.findElement(By.cssSelector("[data-testid='analytics-scope']"));
        assertThat(driver.findElements(By.cssSelector("#host-suggestions option")))
                .hasSizeBetween(1, 50);
        scope.sendKeys(agentHost, Keys.ENTER);
        waitUntil(d -> d.getCurrentUrl().contains("host=" + agentHost));
        waitFor(By.cssSelector(".analytics-charts[data-loaded]"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains(agentHost);
        Chromium.screenshot(driver, "analytics-host");
    }

    @Test
    void changesPageListsTheProcessesStartedInTheWindow() {
        open("/changes?host=" + agentHost + "&from=-399d");
        int started = Integer.parseInt(textOf(By.cssSelector("[data-testid='started-count']")));
        assertThat(started).isGreaterThan(0);
        assertThat(driver.findElements(By.cssSelector("[data-testid='changes-table'] tr[data-kind='STARTED']")))
                .isNotEmpty();
        Chromium.screenshot(driver, "changes");
    }

    @Test
    void fleetSearchShowsEveryHostThatRunsAProcess() {
        open("/search");
        waitFor(By.cssSelector("[data-testid='fleet-search']")).sendKeys("java", Keys.ENTER);
        WebElement result = waitFor(By.cssSelector(".search-host[data-host='" + agentHost + "']"));
        assertThat(result.getText()).contains(Long.toString(ownPid));
        assertThat(driver.getCurrentUrl()).contains("q=java");
        Chromium.screenshot(driver, "search");
    }

    @Test
    void liveUpdateArrivesWithoutAReloadAndPauseHoldsIt() throws Exception {
        String host = uniqueHost("browser-live");
        store(report(host, typicalProcesses()));
        open("/hosts?q=" + host);
        By count = liveField(host, "processCount");
        assertThat(textOf(count)).isEqualTo("4");
        js("window.procscopeSameDocument = true");

        store(report(
                host,
                typicalProcessesAnd(
                        process(4242, 1, "newcomer", "newcomer --serve", "app", 1.0, 8L << 20),
                        process(4243, 1, "another", "another --serve", "app", 1.0, 8L << 20))));

        liveWait().until(d -> "6".equals(d.findElement(count).getText()));
        assertThat((Boolean) js("return window.procscopeSameDocument === true")).isTrue();
        WebElement status = driver.findElement(By.id("live-status"));
        assertThat(status.getDomAttribute("data-mode")).isIn("sse", "polling");
        assertThat(driver.findElement(By.id("live-updated")).getText()).startsWith("at ");
        Chromium.screenshot(driver, "hosts-live");

        // Paused, a new report changes nothing; resumed, it shows.
        WebElement toggle = driver.findElement(By.id("live-toggle"));
        toggle.click();
        assertThat(toggle.getDomAttribute("aria-pressed")).isEqualTo("false");
        assertThat(toggle.getText()).contains("Paused");
        store(report(host, typicalProcesses()));
        Thread.sleep(11_000);
        assertThat(driver.findElement(count).getText()).isEqualTo("6");
        toggle.click();
        assertThat(toggle.getText()).contains("Live");
        liveWait().until(d -> "4".equals(d.findElement(count).getText()));
        assertThat((Boolean) js("return window.procscopeSameDocument === true")).isTrue();
    }

    @Test
    void pollingAsksOnlyForTheHostsThePageShows() throws Exception {
        String host = uniqueHost("browser-poll");
        store(report(host, typicalProcesses()));
        // A browser without EventSource, as behind a proxy that buffers the stream: live.js polls.
        Object script = driver.executeCdpCommand(
                        "Page.addScriptToEvaluateOnNewDocument", Map.of("source", "delete window.EventSource;"))
                .get("identifier");
        try {
            open("/hosts?q=" + host);
            By count = liveField(host, "processCount");
            assertThat(textOf(count)).isEqualTo("4");
            waitUntil(d -> "polling".equals(d.findElement(By.id("live-status")).getDomAttribute("data-mode")));
            clearFetches();

            store(report(
                    host, typicalProcessesAnd(process(4250, 1, "polled", "polled --serve", "app", 1.0, 8L << 20))));

            liveWait().until(d -> "5".equals(d.findElement(count).getText()));
            List<String> polls =
                    fetches().stream().filter(u -> u.contains("/api/v1/hosts")).toList();
            assertThat(polls)
                    .as("what polling asked for")
                    .contains(base + "api/v1/hosts?limit=1&host=" + host)
                    .contains(base + "api/v1/hosts?sort=-last&limit=1")
                    .allMatch(u -> u.contains("limit="), "names a bounded page, never the whole fleet");
        } finally {
            driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", script));
        }
    }

    @Test
    void liveUpdateRefreshesTheTotalsInPlaceFromTheirFragmentNotThePage() throws Exception {
        open("/");
        waitFor(By.cssSelector("[data-testid='process-total']"));
        js("window.procscopeSameDocument = true");
        String before = driver.findElement(By.cssSelector("[data-testid='process-total']"))
                .getText();
        clearFetches();

        String host = uniqueHost("browser-totals");
        store(report(host, typicalProcessesAnd(process(4244, 1, "extra", "extra --serve", "app", 1.0, 8L << 20))));

        liveWait()
                .until(d -> !before.equals(d.findElement(By.cssSelector("[data-testid='process-total']"))
                        .getText()));
        assertThat((Boolean) js("return window.procscopeSameDocument === true")).isTrue();
        List<String> fetched = fetches();
        assertThat(fetched).anyMatch(u -> u.endsWith("/?fragment=totals"));
        assertThat(fetched).as("the page itself is not fetched again").noneMatch(u -> u.equals(base.toString()));
        // A burst of reports is one refresh, not one a report.
        clearFetches();
        for (int i = 0; i < 10; i++) {
            store(report(uniqueHost("browser-burst"), typicalProcesses()));
        }
        Thread.sleep(7_000);
        assertThat(fetches().stream().filter(u -> u.endsWith("/?fragment=totals")))
                .as("fragment fetches for 10 reports: %s", fetches())
                .hasSizeBetween(1, 2);
    }

    @Test
    void aHiddenTabFetchesNothingAndCatchesUpOnceShown() throws Exception {
        String host = uniqueHost("browser-hidden");
        store(report(host, typicalProcesses()));
        open("/hosts?q=" + host);
        waitFor(liveField(host, "processCount"));
        waitUntil(d -> "sse".equals(d.findElement(By.id("live-status")).getDomAttribute("data-mode")));
        setHidden(true);
        clearFetches();

        for (int i = 0; i < 3; i++) {
            store(report(host, typicalProcessesAnd(process(4245 + i, 1, "hidden", "hidden", "app", 1.0, 8L << 20))));
        }
        Thread.sleep(8_000); // past the refresh gap
        assertThat(fetches()).as("what a hidden tab fetched").isEmpty();

        setHidden(false);
        liveWait().until(d -> fetches().stream().anyMatch(u -> u.contains("fragment=rows")));
        Thread.sleep(6_000);
        // One catch-up; other hosts of the shared database going stale may add one more, 5 s later.
        assertThat(fetches()).as("catch-up once shown").hasSizeBetween(1, 2);
        assertThat(driver.findElement(liveField(host, "processCount")).getText())
                .isEqualTo("5");
    }

    @Test
    void hostileNamesStayInertTextOnEveryPage() {
        String q = "onerror";
        for (String path : List.of(
                "/",
                "/hosts/" + hostileHost,
                "/processes?host=" + hostileHost,
                "/processes?host=" + hostileHost + "&q=" + q,
                "/tree?host=" + hostileHost,
                "/tree?host=" + hostileHost + "&q=" + q,
                "/hosts/" + hostileHost + "/processes/7777",
                "/search?q=" + q,
                "/changes?host=" + hostileHost,
                "/analytics?host=" + hostileHost)) {
            open(path);
            waitFor(By.id("main"));
            assertNoAlert(path);
            assertThat((Long) js("return document.querySelectorAll('img, script:not([src])').length"))
                    .as(path + ": injected elements")
                    .isZero();
            assertThat(driver.findElement(By.id("main")).getText()).as(path).contains(HostileProcesses.NAME);
        }
        open("/tree?host=" + hostileHost + "&q=" + q);
        WebElement node = waitFor(By.cssSelector("li.match[data-pid='7777'] > .node > .name"));
        assertThat(node.getText()).isEqualTo(HostileProcesses.NAME);
        assertThat(node.getDomAttribute("title")).isEqualTo(HostileProcesses.COMMAND);
        Chromium.screenshot(driver, "tree-hostile");
        open("/hosts/" + hostileHost + "/processes/7777");
        assertThat(textOf(By.cssSelector("[data-testid='process-cmdline']"))).isEqualTo(HostileProcesses.COMMAND);
        assertNoAlert("process page");
        Chromium.screenshot(driver, "process-hostile");
    }

    @Test
    void everyPageFitsAPhoneAndTheDarkTheme() throws Exception {
        ChromeDriver phone = Chromium.start(390, 844);
        try {
            for (Map.Entry<String, String> page : Map.of(
                            "overview", "/",
                            "hosts", "/hosts",
                            "host", "/hosts/" + agentHost,
                            "processes", "/processes?host=" + agentHost,
                            "tree", "/tree?host=" + agentHost,
                            "process", "/hosts/" + agentHost + "/processes/" + ownPid,
                            "analytics", "/analytics",
                            "changes", "/changes",
                            "search", "/search?q=java")
                    .entrySet()) {
                phone.get(new URL(base, page.getValue()).toString());
                new WebDriverWait(phone, Chromium.WAIT)
                        .until(ExpectedConditions.presenceOfElementLocated(By.id("main")));
                Long overflow = (Long) phone.executeScript(
                        "return Math.max(0, document.documentElement.scrollWidth - window.innerWidth)");
                // Its scripts, styles, fonts, charts and live updates all within script-src 'self'.
                assertThat(Chromium.policyViolations(phone))
                        .as(page.getKey() + ": what the Content-Security-Policy refused")
                        .isEmpty();
                assertThat(overflow).as(page.getKey() + " scrolls sideways").isLessThanOrEqualTo(1L);
                Chromium.screenshot(phone, "phone-" + page.getKey());
            }
            phone.findElement(By.cssSelector(".navbar-toggler")).click();
            // Bootstrap animates the menu open; a click while it is still "collapsing" can land
            // beside the button, so wait until the menu has settled open.
            new WebDriverWait(phone, Chromium.WAIT).until(d -> (Boolean) ((ChromeDriver) d)
                    .executeScript("const n = document.getElementById('nav');"
                            + " return n.classList.contains('show') && !n.classList.contains('collapsing')"));
            WebElement theme = new WebDriverWait(phone, Chromium.WAIT)
                    .until(ExpectedConditions.elementToBeClickable(By.id("theme-toggle")));
            String before = (String) phone.executeScript("return document.documentElement.dataset.bsTheme");
            theme.click();
            String after = new WebDriverWait(phone, Chromium.WAIT).until(d -> {
                String now =
                        (String) ((ChromeDriver) d).executeScript("return document.documentElement.dataset.bsTheme");
                return now.equals(before) ? null : now;
            });
            assertThat(after).isIn("light", "dark");
            phone.navigate().refresh(); // the choice is kept
            assertThat((String) phone.executeScript("return document.documentElement.dataset.bsTheme"))
                    .isEqualTo(after);
            Chromium.screenshot(phone, "phone-search-" + after);
        } finally {
            phone.quit();
        }
    }

    // --- helpers -----------------------------------------------------------------------------

    private void open(String path) {
        try {
            driver.get(new URL(base, path).toString());
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(path, e);
        }
    }

    private Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(driver, Chromium.WAIT).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    /**
     * The text of the element {@code by} finds, once there: found again when a live update replaces
     * it between the finding and the reading (the page's fragments are swapped as any host reports).
     */
    private String textOf(By by) {
        return new WebDriverWait(driver, Chromium.WAIT)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(d -> d.findElement(by).getText());
    }

    private void waitUntil(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        new WebDriverWait(driver, Chromium.WAIT)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .withMessage(() -> "the page was " + driver.getCurrentUrl())
                .until(condition::apply);
    }

    private List<WebElement> rows(String table) {
        return driver.findElements(By.cssSelector(table + " tbody tr[data-host]"));
    }

    private WebDriverWait liveWait() {
        WebDriverWait wait = new WebDriverWait(driver, LIVE_DEADLINE);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** What the page fetched since {@link #clearFetches}, by URL, from its resource timings. */
    @SuppressWarnings("unchecked")
    private List<String> fetches() {
        return (List<String>) js("return performance.getEntriesByType('resource')"
                + ".filter(e => e.initiatorType === 'fetch' || e.initiatorType === 'xmlhttprequest')"
                + ".map(e => e.name)");
    }

    private void clearFetches() {
        js("performance.setResourceTimingBufferSize(10000); performance.clearResourceTimings()");
    }

    /**
     * Shows or hides the tab as the browser would for the page's scripts: document.hidden and
     * visibilityState, and the visibilitychange event.
     */
    private void setHidden(boolean hidden) {
        js(
                "const hidden = arguments[0];"
                        + "Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });"
                        + "Object.defineProperty(document, 'visibilityState', { configurable: true,"
                        + " get: () => (hidden ? 'hidden' : 'visible') });"
                        + "document.dispatchEvent(new Event('visibilitychange'));",
                hidden);
    }

    private static By liveField(String host, String field) {
        return By.cssSelector("[data-live-host='" + host + "'][data-live-field='" + field + "']");
    }

    private void assertNoAlert(String where) {
        try {
            String text = driver.switchTo().alert().getText();
            throw new AssertionError(where + ": a script ran and opened an alert: " + text);
        } catch (NoAlertPresentException expected) {
            // inert, as it should be
        }
    }

    /** Stores a report through the test API; RestAssured's own port is not set yet in a @BeforeAll. */
    private void store(HostReport report) {
        Reports.store(base, report);
    }
}
