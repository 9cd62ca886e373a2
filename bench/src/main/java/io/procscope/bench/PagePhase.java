package io.procscope.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Phase P, the dashboard as the fleet grows: the fleet of phase S ({@code --scale-hosts} hosts of
 * {@code --processes}) and one host of {@code --page-big-processes}; at each size headless Chromium
 * loads every page {@code --page-runs} times, the pages taken in turn within each run so that the
 * machine's noise falls on all of them alike. Prints per page the time from navigation to
 * DOMContentLoaded (p50, p95), the HTML's size, and for the tree of the large host the time until
 * it is interactive (the tree module's {@code tree-interactive} mark). The 404 page, the
 * dashboard's layout without a query, is the reference measured in the same runs.
 */
final class PagePhase {

    static final Path BROWSER = Path.of(System.getProperty("procscope.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("procscope.chromedriver", "/usr/bin/chromedriver"));
    static final String REFERENCE = "reference (404 page)";
    static final String TREE = "/tree of the large host";
    static final double TARGET_P50 = 300;
    static final double TARGET_P95 = 600;

    /** One page's figures at one fleet size. */
    static final class Figures {
        final List<Double> loaded = new ArrayList<>();
        final List<Double> interactive = new ArrayList<>();
        long htmlBytes;

        double loadedPercentile(double p) {
            return percentile(loaded, p);
        }
    }

    private final Options options;
    private final Results results;
    private final ScalePhase scale;

    PagePhase(Options options, Results results) {
        this.options = options;
        this.results = results;
        this.scale = new ScalePhase(options, results);
    }

    void run(Database database) throws Exception {
        ApiClient api = new ApiClient(options.url(), options.key(), options.gzipResponses());
        System.out.printf(
                Locale.ROOT,
                "%n== Phase P: dashboard pages as the fleet grows to %s hosts of %d processes, and one of %d ==%n",
                options.scaleHosts(),
                options.processes(),
                options.pageBigProcesses());
        String big = String.format(Locale.ROOT, "bench-big-%03d", 0);
        long firstReport = System.currentTimeMillis() - (long) (options.scaleReports() + 1) * options.intervalMillis();
        IngestPhase bigHost = new IngestPhase(options.withProcesses(options.pageBigProcesses()), results);
        IngestPhase.Encoded encoded =
                bigHost.encode("bench-big-%03d", 0, 1, options.scaleReports(), firstReport, 9_000);
        api.credential(big);
        bigHost.send(api, encoded, new Latencies());
        ScalePhase.Target bigTarget = ScalePhase.target(api, big);

        Map<Integer, Map<String, Figures>> bySize = new LinkedHashMap<>();
        int hosts = 0;
        ScalePhase.Target small = null;
        ChromeDriver driver = chromium();
        try {
            for (int size : options.scaleHosts()) {
                if (size > hosts) {
                    scale.grow(api, hosts, size - hosts);
                    hosts = size;
                }
                if (small == null) {
                    small = ScalePhase.target(api, String.format(Locale.ROOT, ScalePhase.NAMES, 0));
                }
                System.out.printf(
                        Locale.ROOT,
                        "-- %d hosts and the large one: %,d process identities stored; load %s%n",
                        hosts,
                        database.count("process"),
                        CpuClock.loadAverage());
                bySize.put(hosts, measure(driver, pages(small, bigTarget)));
            }
        } finally {
            driver.quit();
        }
        report(bySize);
    }

    /** The pages measured, by name: every page of the dashboard, about the hosts of {@code small} and {@code big}. */
    private static Map<String, String> pages(ScalePhase.Target small, ScalePhase.Target big) {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put(REFERENCE, "/no-such-page");
        pages.put("/ (overview)", "/");
        pages.put("/hosts", "/hosts");
        pages.put("/hosts/{h} (500)", "/hosts/" + small.host());
        pages.put("/hosts/{h} (large)", "/hosts/" + big.host());
        pages.put("/processes (large)", "/processes?host=" + big.host());
        pages.put(TREE, "/tree?host=" + big.host());
        pages.put(
                "process detail",
                "/hosts/" + small.host() + "/processes/" + small.pid() + "?start=" + small.startTimeMillis());
        pages.put("/changes", "/changes");
        pages.put("/search?q=postgres", "/search?q=postgres");
        pages.put("/analytics", "/analytics");
        pages.put("/alerts", "/alerts");
        return pages;
    }

    private Map<String, Figures> measure(ChromeDriver driver, Map<String, String> pages) {
        Map<String, Figures> figures = new LinkedHashMap<>();
        pages.keySet().forEach(p -> figures.put(p, new Figures()));
        for (int run = -1; run < options.pageRuns(); run++) {
            for (Map.Entry<String, String> page : pages.entrySet()) {
                // A blank page between two loads: the last page's event stream and timers end.
                driver.get("about:blank");
                driver.get(options.url() + page.getValue());
                boolean tree = page.getKey().equals(TREE);
                if (tree) {
                    new WebDriverWait(driver, Duration.ofSeconds(60))
                            .until(ExpectedConditions.presenceOfElementLocated(
                                    By.cssSelector(".proc-tree[data-ready]")));
                }
                @SuppressWarnings("unchecked")
                List<Number> t = (List<Number>) driver.executeScript("""
                        const nav = performance.getEntriesByType('navigation')[0];
                        const mark = performance.getEntriesByName('tree-interactive')[0];
                        return [nav.domContentLoadedEventEnd, nav.decodedBodySize, mark ? mark.startTime : -1];
                        """);
                if (run < 0) {
                    continue; // the warm-up: the JIT and the caches of the API and the browser
                }
                Figures f = figures.get(page.getKey());
                f.loaded.add(t.get(0).doubleValue());
                f.htmlBytes = t.get(1).longValue();
                if (tree && t.get(2).doubleValue() >= 0) {
                    f.interactive.add(t.get(2).doubleValue());
                }
            }
        }
        return figures;
    }

    /** The table: p50/p95 per page at every size, and the RESULT lines against the targets. */
    private void report(Map<Integer, Map<String, Figures>> bySize) {
        List<Integer> sizes = new ArrayList<>(bySize.keySet());
        int large = sizes.get(sizes.size() - 1);
        System.out.printf(Locale.ROOT, "%nDOMContentLoaded p50 / p95 ms, %d runs%n%-26s", options.pageRuns(), "page");
        sizes.forEach(s -> System.out.printf(Locale.ROOT, " %18s", s + " hosts"));
        System.out.printf(Locale.ROOT, " %10s %12s%n", "HTML KiB", "p50/ref");
        for (String page : bySize.get(large).keySet()) {
            System.out.printf(Locale.ROOT, "%-26s", page);
            for (int s : sizes) {
                Figures f = bySize.get(s).get(page);
                System.out.printf(
                        Locale.ROOT,
                        " %18s",
                        String.format(Locale.ROOT, "%.0f / %.0f", f.loadedPercentile(50), f.loadedPercentile(95)));
            }
            Figures f = bySize.get(large).get(page);
            double reference = bySize.get(large).get(REFERENCE).loadedPercentile(50);
            System.out.printf(
                    Locale.ROOT, " %10.1f %11.2fx%n", f.htmlBytes / 1024.0, f.loadedPercentile(50) / reference);
            if (!page.equals(REFERENCE)) {
                results.add(
                        "page " + large + " hosts " + page,
                        String.format(
                                Locale.ROOT,
                                "DOMContentLoaded p50 %.0f ms, p95 %.0f ms (reference p50 %.0f ms)",
                                f.loadedPercentile(50),
                                f.loadedPercentile(95),
                                reference),
                        "p50 <= 300 ms, p95 <= 600 ms",
                        f.loadedPercentile(50) <= TARGET_P50 && f.loadedPercentile(95) <= TARGET_P95);
            }
        }
        for (int s : sizes) {
            Figures tree = bySize.get(s).get(TREE);
            if (!tree.interactive.isEmpty()) {
                double p50 = percentile(tree.interactive, 50);
                System.out.printf(
                        Locale.ROOT,
                        "tree of %d processes interactive at %d hosts: p50 %.0f ms, p95 %.0f ms%n",
                        options.pageBigProcesses(),
                        s,
                        p50,
                        percentile(tree.interactive, 95));
                if (s == large) {
                    results.add(
                            "page tree of " + options.pageBigProcesses() + " interactive",
                            String.format(Locale.ROOT, "p50 %.0f ms", p50),
                            "<= 300 ms",
                            p50 <= TARGET_P50);
                }
            }
        }
    }

    private static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Debian's headless Chromium through its chromedriver, both by path: Selenium Manager is never asked. */
    private static ChromeDriver chromium() throws Exception {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("Phase P needs " + BROWSER + " and " + DRIVER
                    + " (Debian: apt-get install chromium chromium-driver)");
        }
        System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(BROWSER.toFile());
        o.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-extensions",
                "--user-data-dir=" + Files.createTempDirectory("procscope-page-bench-"),
                "--window-size=1366,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, o);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
        return driver;
    }
}
