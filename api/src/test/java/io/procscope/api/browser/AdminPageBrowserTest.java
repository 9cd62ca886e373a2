package io.procscope.api.browser;

import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.domain.AgentCredential;
import io.procscope.api.support.Credentials;
import io.procscope.api.support.Reports;
import io.procscope.api.support.StoredRows;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An operator manages hosts from the dashboard in a real headless Chromium: opens the admin page
 * with the admin key (HTTP Basic, as the browser's prompt sends it), renames a host, is told why a
 * rename onto a taken name is refused, deletes a host, and revokes one, each through the page's
 * buttons and confirmations, with nothing refused by the Content-Security-Policy and a hostile
 * hostname shown as text. One test: the browser is slow to start.
 */
@QuarkusTest
@Tag("browser")
class AdminPageBrowserTest {

    static final String ADMIN_KEY = "test-admin-key";

    /** The revoke endpoint, which comes with enrollment. */
    @TestHTTPResource("/")
    URL base;

    ChromeDriver driver;

    @Test
    void operatorRenamesDeletesAndRevokesHostsFromTheAdminPage() throws Exception {
        Chromium.requireInstalled();
        String toRename = uniqueHost("browser-rename");
        String renamed = uniqueHost("browser-renamed");
        String toDelete = uniqueHost("browser-delete");
        String toRevoke = uniqueHost("browser-revoke");
        String hostile = "<img src=x onerror=alert(7)>\"-" + uniqueHost("browser-admin");
        long now = System.currentTimeMillis();
        for (String host : List.of(toRename, toDelete, toRevoke, hostile)) {
            Reports.store(base, report(host, typicalProcesses()));
            Credentials.ensureEnrolled(host, now - 3_600_000);
        }
        driver = Chromium.start(1366, 900);
        try {
            // As after the browser's prompt: the credentials are in its cache, not in the page's URL.
            driver.get(Chromium.withKey(base, ADMIN_KEY, "/admin/hosts?limit=1000"));
            driver.get(new URL(base, "/admin/hosts?limit=1000").toString());
            Chromium.waitFor(driver, By.id("admin-hosts-table"));
            Chromium.assertNoAlert(driver);
            assertThat((Long) driver.executeScript(
                            "return document.querySelectorAll('main img, script:not([src])').length"))
                    .as("elements injected by a hostname")
                    .isZero();
            assertThat(driver.findElement(By.id("main")).getText()).contains(hostile);
            // Live refreshes replace the rows while the test reads them: read the state in one script.
            Chromium.waitUntil(driver, d -> "valid".equals(credentialOf(toRevoke)));
            Chromium.screenshot(driver, "admin-hosts");

            // Rename: the history goes along.
            act(toRename, "rename");
            WebElement input = waitVisible(By.id("admin-rename-input"));
            input.clear();
            input.sendKeys(renamed);
            confirm();
            Chromium.waitUntil(driver, d -> status().contains("Renamed"));
            Chromium.waitUntil(driver, d -> rows(renamed) == 1 && rows(toRename) == 0);
            assertThat(StoredRows.rowsOfHost(renamed).get("snapshot")).hasSize(1);
            assertThat(StoredRows.rowsOfHost(toRename).get("host")).isEmpty();

            // A rename onto a taken name: the problem's detail, and nothing changed.
            act(renamed, "rename");
            input = waitVisible(By.id("admin-rename-input"));
            input.clear();
            input.sendKeys(toDelete);
            confirm();
            WebElement error = waitVisible(By.id("admin-confirm-error"));
            assertThat(error.getText()).contains("is named '" + toDelete + "' already");
            Chromium.screenshot(driver, "admin-rename-refused");
            driver.findElement(By.cssSelector("#admin-confirm .btn-close")).click();
            new WebDriverWait(driver, Chromium.WAIT)
                    .until(ExpectedConditions.invisibilityOfElementLocated(By.id("admin-confirm")));
            assertThat(StoredRows.rowsOfHost(renamed).get("host")).hasSize(1);

            // Delete: every row of the host goes.
            act(toDelete, "delete");
            assertThat(waitVisible(By.id("admin-confirm-text")).getText()).contains(toDelete);
            confirm();
            Chromium.waitUntil(driver, d -> status().contains("Deleted " + toDelete));
            Chromium.waitUntil(driver, d -> rows(toDelete) == 0);
            assertThat(StoredRows.rowsNaming(toDelete).values()).allMatch(n -> n == 0);
            Chromium.assertNoAlert(driver);
            assertThat(Chromium.policyViolations(driver))
                    .as("what the Content-Security-Policy refused")
                    .isEmpty();
            Chromium.screenshot(driver, "admin-deleted");

            act(toRevoke, "revoke");
            confirm();
            Chromium.waitUntil(driver, d -> status().contains("Revoked"));
            Chromium.waitUntil(driver, d -> "revoked".equals(credentialOf(toRevoke)));
            assertThat(Credentials.of(toRevoke).map(AgentCredential::isRevoked)).contains(true);
            // The host's own agent is now refused, and nothing of its report is stored.
            Map<String, List<String>> beforeRefusal = StoredRows.rowsOfHost(toRevoke);
            Reports.post(Reports.report(toRevoke, Reports.typicalProcesses()))
                    .statusCode(401)
                    .body("type", org.hamcrest.Matchers.equalTo("urn:procscope:problem:credential-revoked"));
            assertThat(StoredRows.rowsOfHost(toRevoke)).isEqualTo(beforeRefusal);
            assertThat(Chromium.policyViolations(driver)).isEmpty();
            Chromium.screenshot(driver, "admin-revoked");
        } catch (RuntimeException | AssertionError e) {
            // What the browser showed, for review.
            Chromium.screenshot(driver, "admin-failure");
            java.nio.file.Files.writeString(Chromium.SCREENSHOTS.resolve("admin-failure.html"), driver.getPageSource());
            throw e;
        } finally {
            driver.quit();
        }
    }

    // --- helpers -----------------------------------------------------------------------------

    /** The page's URL with the admin key as HTTP Basic credentials, as the browser's prompt would send them. */
    private void act(String hostname, String action) {
        Chromium.waitUntil(driver, d -> {
            WebElement button = row(hostname).findElement(By.cssSelector("[data-admin-action='" + action + "']"));
            Chromium.scrollTo(driver, button).click();
            return true;
        });
        new WebDriverWait(driver, Chromium.WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#admin-confirm.show")));
    }

    private void confirm() {
        waitVisible(By.id("admin-confirm-go")).click();
    }

    private String status() {
        return driver.findElement(By.id("admin-status")).getText();
    }

    /** The row of {@code hostname}, found by its data attribute's value (never put into a selector). */
    private WebElement row(String hostname) {
        return driver.findElements(By.cssSelector("tr[data-admin-host]")).stream()
                .filter(r -> hostname.equals(r.getDomAttribute("data-admin-host")))
                .findFirst()
                .orElseThrow(() -> new org.openqa.selenium.NoSuchElementException("no row of " + hostname));
    }

    /** The credential state the row of {@code hostname} shows, read in one script; null without the row. */
    private String credentialOf(String hostname) {
        return (String) driver.executeScript(
                "const row = [...document.querySelectorAll('tr[data-admin-host]')]"
                        + ".find(r => r.getAttribute('data-admin-host') === arguments[0]);"
                        + " const cell = row && row.querySelector('[data-credential]');"
                        + " return cell ? cell.getAttribute('data-credential') : null;",
                hostname);
    }

    private long rows(String hostname) {
        return driver.findElements(By.cssSelector("tr[data-admin-host]")).stream()
                .filter(r -> hostname.equals(r.getDomAttribute("data-admin-host")))
                .count();
    }

    private WebElement waitVisible(By by) {
        return new WebDriverWait(driver, Chromium.WAIT).until(ExpectedConditions.elementToBeClickable(by));
    }
}
