package io.procscope.api.browser;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both named by path so that
 * Selenium Manager never looks for (or downloads) a browser or a driver. Where they are missing a
 * test is skipped with the reason, except in CI ({@code CI} set), where it fails: a missing
 * install step must not pass for green.
 */
final class Chromium {

    static final Path BROWSER = Path.of(System.getProperty("procscope.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("procscope.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration WAIT = Duration.ofSeconds(15);

    private Chromium() {}

    /** Skips (locally) or fails (in CI) when Chromium or chromedriver is not installed. */
    static void requireInstalled() {
        boolean installed = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
        String reason = "Chromium end-to-end tests need " + BROWSER + " and " + DRIVER
                + " (Debian: apt-get install chromium chromium-driver; .ci/run installs them)";
        if (!installed && System.getenv("CI") != null) {
            Assertions.fail("CI is set but Chromium is missing. " + reason);
        }
        Assumptions.assumeTrue(installed, reason);
    }

    /** A new headless browser with a fresh profile, its window {@code width} x {@code height}. */
    static ChromeDriver start(int width, int height) throws IOException {
        requireInstalled();
        // Belt and braces: with the driver and the browser given, Selenium Manager is not consulted.
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");
        Path profile = Files.createTempDirectory("procscope-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        // The console, so that a test sees what the Content-Security-Policy refused.
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        // Live updates replace parts of a page in place: a lookup that lands mid-swap retries
        // briefly instead of failing.
        driver.manage().timeouts().implicitlyWait(java.time.Duration.ofSeconds(2));
        return driver;
    }

    /** Waits until {@code by} is in the page. */
    static WebElement waitFor(ChromeDriver driver, By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    /** Waits until {@code condition} holds, taking a replaced or not yet rendered element as not yet. */
    static void waitUntil(ChromeDriver driver, Function<WebDriver, Boolean> condition) {
        waitUntil(driver, WAIT, condition);
    }

    /**
     * {@link #waitUntil(ChromeDriver, Function)} for at most {@code patience}: for what waits on
     * something outside the page too, such as a real agent's next report.
     */
    static void waitUntil(ChromeDriver driver, Duration patience, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, patience)
                .ignoring(StaleElementReferenceException.class)
                .ignoring(NoSuchElementException.class)
                .until(condition::apply);
    }

    /** Fails when a script of the page opened an alert: injected markup ran. */
    static void assertNoAlert(ChromeDriver driver) {
        try {
            String text = driver.switchTo().alert().getText();
            throw new AssertionError("a script ran and opened an alert: " + text);
        } catch (NoAlertPresentException expected) {
            // inert, as it should be
        }
    }

    /** {@code path} on {@code base} with {@code key} as HTTP Basic credentials, as a browser's prompt sends them. */
    static String withKey(URL base, String key, String path) {
        return base.getProtocol() + "://ops:" + key + "@" + base.getHost() + ":" + base.getPort() + path;
    }

    /**
     * Brings the element to the middle of the window at once. Bootstrap makes scrolling smooth
     * ({@code scroll-behavior: smooth} unless the user asks for reduced motion), so a plain
     * scrollIntoView is still moving the page when the click is sent, and the click lands where the
     * element was a moment before: on another row or card, or on nothing. The slower the machine,
     * the longer the scroll runs.
     */
    static WebElement scrollTo(ChromeDriver driver, WebElement element) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element);
        return element;
    }

    /** What the browser's console said since the last call of a policy it enforced, refusing something. */
    static List<String> policyViolations(ChromeDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to"))
                .toList();
    }

    /** Saves what the browser shows as target/screenshots/NAME.png, for review. */
    static void screenshot(ChromeDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot save screenshot " + name, e);
        }
    }
}
