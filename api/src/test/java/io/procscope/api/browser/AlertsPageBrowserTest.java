package io.procscope.api.browser;

import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.agent.Agent;
import io.procscope.api.support.RealAgent;
import io.procscope.api.support.Reports;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An operator works the alerts page in a real headless Chromium (the admin key from the browser's
 * Basic cache, as after its prompt). With synthetic reports: a "process absent" rule created with
 * the form fires on the host's next report, shown without a reload, and a second rule of the same
 * name is refused with the problem's detail. With the real agent reporting this machine: a rule
 * created for a real process fires when the process is killed and resolves when it runs again,
 * the page and the nav's badge following live; the alert is silenced and the silence ended from
 * the page; the rule is edited, disabled, enabled and deleted from its row, and a bad rule's
 * error names its field. Nothing is refused by the Content-Security-Policy.
 */
@QuarkusTest
@Tag("browser")
class AlertsPageBrowserTest {

    @TestHTTPResource("/")
    URL base;

    ChromeDriver driver;

    @Test
    void operatorCreatesARuleOnTheAlertsPageAndSeesItFire() throws Exception {
        Chromium.requireInstalled();
        String host = uniqueHost("browser-alerts");
        String rule = host + "-nginx";
        Reports.store(base, report(host, typicalProcesses()));
        driver = Chromium.start(1366, 900);
        try {
            // As after the browser's prompt on an admin page: the key is in its cache for the realm.
            driver.get(Chromium.withKey(base, Reports.ADMIN_KEY, "/admin/hosts"));
            driver.get(new URL(base, "/alerts").toString());
            Chromium.waitFor(driver, By.id("alert-rule-form"));
            type("rule-name", rule);
            type("rule-hosts", host);
            type("rule-process", "nginx");
            type("rule-for", "0");
            Chromium.scrollTo(driver, driver.findElement(By.cssSelector("[data-testid=alert-rule-create]")))
                    .click();
            Chromium.waitUntil(driver, d -> status().contains("Created rule " + rule));
            Chromium.waitUntil(
                    driver,
                    d -> !d.findElements(By.cssSelector("[data-testid=alerts-rules] tr[data-rule]")).stream()
                            .filter(r -> rule.equals(r.getDomAttribute("data-rule")))
                            .toList()
                            .isEmpty());

            // no nginx on the host: its next report fires the rule, and the page follows
            Reports.store(base, report(host, typicalProcesses()));
            Chromium.waitUntil(
                    driver,
                    d -> d.findElements(By.cssSelector("[data-testid=alerts-firing] tr[data-alert-rule]")).stream()
                            .anyMatch(r -> rule.equals(r.getDomAttribute("data-alert-rule"))
                                    && host.equals(r.getDomAttribute("data-alert-host"))));
            Chromium.screenshot(driver, "alerts-firing");

            type("rule-name", rule);
            type("rule-process", "nginx");
            submit();
            Chromium.waitUntil(
                    driver,
                    d -> driver.findElement(By.id("alert-rule-status"))
                            .getDomAttribute("class")
                            .contains("alert-danger"));
            assertThat(status()).as("the problem's detail").isNotBlank().doesNotContain("Created");
            Chromium.assertNoAlert(driver);
            assertThat(Chromium.policyViolations(driver))
                    .as("what the Content-Security-Policy refused")
                    .isEmpty();
        } finally {
            driver.quit();
            given().header("Authorization", "Bearer " + Reports.ADMIN_KEY).delete("/api/v1/alerts/rules/{name}", rule);
        }
    }

    /**
     * Generous for what waits on the real agent's next report (every second), a live update and a
     * refresh of the page on a loaded two-core machine; bounded, so that a lost update fails.
     */
    static final Duration AGENT_PATIENCE = Duration.ofSeconds(90);

    @Test
    void operatorSeesARealProcessFireWhenKilledAndResolveWhenBackAndManagesTheRule(@TempDir Path dir) throws Exception {
        Chromium.requireInstalled();
        String host = uniqueHost("browser-real");
        String rule = host + "-e2e";
        // A program of its own, under a name no other process on this machine has.
        String program = "procscope-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        Path binary = dir.resolve(program);
        Files.copy(Path.of("/bin/sleep"), binary);
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
        Process process = run(binary);
        driver = Chromium.start(1366, 900);
        try (Agent.Running agent = RealAgent.start(
                base,
                host,
                Files.createDirectories(dir.resolve("spool")),
                Duration.ofSeconds(1),
                // Past the default 10 s: on a loaded machine an enrollment that answers late is
                // stored all the same, and the agent's retry is then refused as a second agent.
                Map.of("timeout", AGENT_PATIENCE.toMillis() + "ms"))) {
            awaitListed(host, program, true);
            driver.get(Chromium.withKey(base, Reports.ADMIN_KEY, "/admin/hosts"));
            driver.get(new URL(base, "/alerts").toString());
            Chromium.waitFor(driver, By.id("alert-rule-form"));

            // A bad rule first: the error names the field, and marks it.
            new Select(driver.findElement(By.id("rule-kind"))).selectByValue("processCpu");
            type("rule-name", rule);
            type("rule-process", program);
            type("rule-for", "0");
            submit();
            until(d -> status().contains("condition.processCpu.abovePercent"));
            assertThat(driver.findElement(By.id("rule-cpu")).getDomAttribute("class"))
                    .as("the field the API named")
                    .contains("is-invalid");
            assertThat(given().get("/api/v1/alerts/rules/{name}", rule).statusCode())
                    .as("nothing stored")
                    .isEqualTo(404);

            // The rule: the program is absent from the agent's host, at once.
            new Select(driver.findElement(By.id("rule-kind"))).selectByValue("processAbsent");
            type("rule-hosts", host);
            new Select(driver.findElement(By.id("rule-severity"))).selectByValue("critical");
            submit();
            until(d -> status().contains("Created rule " + rule));
            until(d -> ruleRow(rule).isPresent());
            long created = System.currentTimeMillis();
            until(d -> lastReportMillis(host) > created + 1_000);
            assertThat(alertRow("alerts-firing", rule))
                    .as("the program runs: nothing fires")
                    .isEmpty();
            long badgeBefore = badge();

            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS))
                    .as("the program ended")
                    .isTrue();
            until(d -> alertRow("alerts-firing", rule).isPresent());
            assertThat(alertRow("alerts-firing", rule).get().getText()).contains(host);
            until(d -> badge() == badgeBefore + 1);
            assertThat(driver.findElement(By.id("nav-alerts-firing")).isDisplayed())
                    .isTrue();
            Chromium.screenshot(driver, "alerts-real-firing");

            // Silenced for 15 minutes from its row, then ended early.
            click(() -> alertRow("alerts-firing", rule), "[data-alert-action=silence]");
            waitShown("silence-modal");
            assertThat(driver.findElement(By.id("silence-host")).getDomProperty("value"))
                    .isEqualTo(host);
            driver.findElement(By.cssSelector("label[for=silence-15m]")).click();
            driver.findElement(By.id("silence-comment")).sendKeys("<b>kill</b> test");
            driver.findElement(By.id("silence-go")).click();
            until(d -> status().contains("Silenced rule " + rule + " on " + host));
            until(d -> alertRow("alerts-firing", rule)
                    .map(r -> "true".equals(r.getDomAttribute("data-silenced")))
                    .orElse(false));
            until(d -> silenceRow(rule).isPresent());
            assertThat(silenceRow(rule).get().getText())
                    .contains("<b>kill</b> test")
                    .contains("in 15 min");
            Long silences = given()
                    .get("/api/v1/alerts/silences")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("findAll { it.rule == '" + rule + "' && it.host == '" + host + "' }")
                    .stream()
                    .count();
            assertThat(silences).isEqualTo(1);
            Chromium.screenshot(driver, "alerts-real-silenced");
            click(() -> silenceRow(rule), "[data-alert-action=end-silence]");
            waitShown("alert-confirm");
            driver.findElement(By.id("alert-confirm-go")).click();
            until(d -> status().contains("Ended the silence of rule " + rule));
            until(d -> silenceRow(rule).isEmpty());
            until(d -> alertRow("alerts-firing", rule)
                    .map(r -> r.getDomAttribute("data-silenced") == null)
                    .orElse(false));

            // The program runs again: the alert resolves, live.
            process = run(binary);
            until(d -> alertRow("alerts-firing", rule).isEmpty());
            until(d ->
                    d.findElements(By.cssSelector("[data-testid=alerts-history] tr[data-transition=resolved]")).stream()
                            .anyMatch(r -> r.getText().contains(rule)));
            until(d -> badge() == badgeBefore);
            Chromium.screenshot(driver, "alerts-real-resolved");

            // Edited from its row: the form shows the rule; a change of severity is saved.
            ruleAction(rule, "edit");
            until(d -> d.findElement(By.id("rule-form-title")).getText().contains("Edit rule " + rule));
            assertThat(driver.findElement(By.id("rule-name")).getDomProperty("readOnly"))
                    .isEqualTo("true");
            assertThat(driver.findElement(By.id("rule-process")).getDomProperty("value"))
                    .isEqualTo(program);
            assertThat(driver.findElement(By.id("rule-hosts")).getDomProperty("value"))
                    .isEqualTo(host);
            Chromium.screenshot(driver, "alerts-real-editing");
            new Select(driver.findElement(By.id("rule-severity"))).selectByValue("info");
            submit();
            until(d -> status().contains("Saved rule " + rule));
            until(d -> ruleRow(rule)
                    .map(r -> !r.findElements(By.cssSelector("[data-severity=info]"))
                            .isEmpty())
                    .orElse(false));
            assertThat(given().get("/api/v1/alerts/rules/{name}", rule)
                            .jsonPath()
                            .getString("severity"))
                    .isEqualTo("info");

            ruleAction(rule, "disable");
            until(d -> status().contains("Disabled rule " + rule));
            until(d -> ruleRow(rule)
                    .map(r -> "false".equals(r.getDomAttribute("data-enabled")))
                    .orElse(false));
            ruleAction(rule, "enable");
            until(d -> status().contains("Enabled rule " + rule));
            until(d -> ruleRow(rule)
                    .map(r -> "true".equals(r.getDomAttribute("data-enabled")))
                    .orElse(false));

            until(d -> Chromium.scrollTo(driver, ruleRow(rule).orElseThrow(() -> new NoSuchElementException(rule)))
                    .isDisplayed());
            Chromium.screenshot(driver, "alerts-real-rules");
            ruleAction(rule, "delete");
            waitShown("alert-confirm");
            assertThat(driver.findElement(By.id("alert-confirm-text")).getText())
                    .contains(rule);
            driver.findElement(By.id("alert-confirm-go")).click();
            until(d -> status().contains("Deleted rule " + rule));
            until(d -> ruleRow(rule).isEmpty());
            assertThat(given().get("/api/v1/alerts/rules/{name}", rule).statusCode())
                    .isEqualTo(404);

            Chromium.assertNoAlert(driver);
            assertThat(Chromium.policyViolations(driver))
                    .as("what the Content-Security-Policy refused")
                    .isEmpty();
        } catch (RuntimeException | AssertionError e) {
            Chromium.screenshot(driver, "alerts-real-failure");
            Files.writeString(Chromium.SCREENSHOTS.resolve("alerts-real-failure.html"), driver.getPageSource());
            throw e;
        } finally {
            driver.quit();
            process.destroyForcibly();
            given().header("Authorization", "Bearer " + Reports.ADMIN_KEY).delete("/api/v1/alerts/rules/{name}", rule);
        }
    }

    private static Process run(Path binary) throws IOException {
        return new ProcessBuilder(binary.toString(), "3600")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Waits until the agent's host lists a process named {@code name} (or none, when {@code listed} is false). */
    private static void awaitListed(String host, String name, boolean listed) throws InterruptedException {
        long deadline = System.nanoTime() + AGENT_PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            io.restassured.response.Response r = given().get("/api/v1/hosts/{host}/processes?limit=5000", host);
            if (r.statusCode() == 200
                    && r.jsonPath()
                                    .getList("processes.findAll { it.name == '" + name + "' }")
                                    .isEmpty()
                            != listed) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("The agent did not report " + name + " on " + host + " within " + AGENT_PATIENCE);
    }

    private static long lastReportMillis(String host) {
        io.restassured.response.Response r = given().get("/api/v1/hosts/{host}", host);
        return r.statusCode() == 200 ? r.jsonPath().getLong("lastReportMillis") : 0;
    }

    /** Waits as long as {@link #AGENT_PATIENCE}: a live update waits on the machine's load too. */
    private void until(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        Chromium.waitUntil(driver, AGENT_PATIENCE, condition);
    }

    private void submit() {
        Chromium.scrollTo(driver, driver.findElement(By.cssSelector("[data-testid=alert-rule-create]")))
                .click();
    }

    private long badge() {
        return Long.parseLong(driver.findElement(By.id("nav-alerts-firing")).getDomAttribute("data-firing"));
    }

    private void waitShown(String modalId) {
        new WebDriverWait(driver, AGENT_PATIENCE)
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#" + modalId + ".show")));
    }

    private void ruleAction(String rule, String action) {
        click(() -> ruleRow(rule), "[data-alert-action='" + action + "']");
    }

    /**
     * Clicks the button {@code css} of the row {@code row} finds, looking both up again while a live
     * refresh replaces them.
     */
    private void click(java.util.function.Supplier<Optional<WebElement>> row, String css) {
        until(d -> {
            WebElement button = row.get()
                    .orElseThrow(() -> new NoSuchElementException("no such row yet"))
                    .findElement(By.cssSelector(css));
            Chromium.scrollTo(driver, button).click();
            return true;
        });
    }

    /** A row found by its data attribute's value, never put into a selector. */
    private Optional<WebElement> ruleRow(String rule) {
        return driver.findElements(By.cssSelector("[data-testid=alerts-rules] tr[data-rule]")).stream()
                .filter(r -> rule.equals(r.getDomAttribute("data-rule")))
                .findFirst();
    }

    private Optional<WebElement> alertRow(String table, String rule) {
        return driver.findElements(By.cssSelector("[data-testid=" + table + "] tr[data-alert-rule]")).stream()
                .filter(r -> rule.equals(r.getDomAttribute("data-alert-rule")))
                .findFirst();
    }

    private Optional<WebElement> silenceRow(String rule) {
        return driver.findElements(By.cssSelector("[data-testid=alerts-silences] tr[data-silence-rule]")).stream()
                .filter(r -> rule.equals(r.getDomAttribute("data-silence-rule")))
                .findFirst();
    }

    private void type(String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private String status() {
        return driver.findElement(By.id("alert-rule-status")).getText();
    }
}
