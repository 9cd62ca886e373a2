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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

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
            driver.findElement(By.cssSelector("[data-testid=alert-rule-create]"))
                    .click();
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

    private void type(String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private String status() {
        return driver.findElement(By.id("alert-rule-status")).getText();
    }
}
