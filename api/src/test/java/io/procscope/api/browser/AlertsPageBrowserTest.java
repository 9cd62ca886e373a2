package io.procscope.api.browser;

import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.support.Reports;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An operator creates a "process absent" rule with the alerts page's form in a real headless
 * Chromium (the admin key from the browser's Basic cache, as after its prompt), the host's next
 * report makes it fire, and the page shows it without a reload; a second rule of the same name is
 * refused with the problem's detail. Nothing is refused by the Content-Security-Policy.
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
            driver.get(withAdminKey("/admin/hosts"));
            driver.get(new URL(base, "/alerts").toString());
            waitFor(By.id("alert-rule-form"));
            type("rule-name", rule);
            type("rule-hosts", host);
            type("rule-process", "nginx");
            type("rule-for", "0");
            Chromium.scrollTo(driver, driver.findElement(By.cssSelector("[data-testid=alert-rule-create]")))
                    .click();
            waitUntil(d -> status().contains("Created rule " + rule));
            waitUntil(d -> !d.findElements(By.cssSelector("[data-testid=alerts-rules] tr[data-rule]")).stream()
                    .filter(r -> rule.equals(r.getDomAttribute("data-rule")))
                    .toList()
                    .isEmpty());

            // no nginx on the host: its next report fires the rule, and the page follows
            Reports.store(base, report(host, typicalProcesses()));
            waitUntil(d -> d.findElements(By.cssSelector("[data-testid=alerts-firing] tr[data-alert-rule]")).stream()
                    .anyMatch(r -> rule.equals(r.getDomAttribute("data-alert-rule"))
                            && host.equals(r.getDomAttribute("data-alert-host"))));
            Chromium.screenshot(driver, "alerts-firing");

            type("rule-name", rule);
            type("rule-process", "nginx");
            driver.findElement(By.cssSelector("[data-testid=alert-rule-create]"))
                    .click();
            waitUntil(d -> driver.findElement(By.id("alert-rule-status"))
                    .getDomAttribute("class")
                    .contains("alert-danger"));
            assertThat(status()).as("the problem's detail").isNotBlank().doesNotContain("Created");
            assertNoAlert();
            assertThat(Chromium.policyViolations(driver))
                    .as("what the Content-Security-Policy refused")
                    .isEmpty();
        } finally {
            driver.quit();
            given().header("Authorization", "Bearer " + Reports.ADMIN_KEY).delete("/api/v1/alerts/rules/{name}", rule);
        }
    }

    private void type(String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private String status() {
        return driver.findElement(By.id("alert-rule-status")).getText();
    }

    private String withAdminKey(String path) {
        return base.getProtocol() + "://ops:" + Reports.ADMIN_KEY + "@" + base.getHost() + ":" + base.getPort() + path;
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(driver, Chromium.WAIT).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    private void waitUntil(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, Chromium.WAIT)
                .ignoring(StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(condition::apply);
    }

    private void assertNoAlert() {
        try {
            String text = driver.switchTo().alert().getText();
            throw new AssertionError("a script ran and opened an alert: " + text);
        } catch (NoAlertPresentException expected) {
            // none
        }
    }
}
