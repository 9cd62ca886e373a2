package io.procscope.api.browser;

import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.uniqueHost;

import io.procscope.api.support.Reports;
import io.procscope.dto.ProcessInfo;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A measurement, not a test: the pages of a host with 2000 processes in headless Chromium. The
 * tree from navigation until it is interactive (the tree module's {@code tree-interactive}
 * performance mark, read with the Navigation Timing API's clock), a search typed until its first
 * match shows, and the host and processes pages until DOMContentLoaded. Prints the median of
 * {@value #RUNS} runs after one warm-up. Excluded from the default run; run it on purpose:
 *
 * <pre>
 * ./mvnw -B -pl dto,ui,agent,api verify -Dtest=TreePageBench -Dgroups=bench -Dbench.excluded=none \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dagent.skipTests
 * </pre>
 */
@QuarkusTest
@Tag("bench")
class TreePageBench {

    static final int PROCESSES = 2000;
    static final int RUNS = 9;
    /** The target; the original design promises 2 s. */
    static final double TARGET_MILLIS = 300;

    static final String[] NAMES = {
        "nginx", "postgres", "java", "python3", "node", "containerd-shim", "bash", "sshd", "redis-server", "gunicorn",
        "celery", "kworker/0:1", "dockerd", "kubelet", "envoy", "prometheus", "grafana", "sidekiq", "php-fpm", "ruby"
    };

    @TestHTTPResource("/")
    URL base;

    @Test
    void treeOf2000ProcessesBecomesInteractive() throws Exception {
        String host = uniqueHost("bench-tree");
        store(report(host, syntheticFleetHost(PROCESSES)));

        ChromeDriver driver = Chromium.start(1366, 900);
        try {
            String url = new URL(base, "/tree?host=" + host).toString();
            double[] interactive = new double[RUNS];
            double[] loaded = new double[RUNS];
            double[] response = new double[RUNS];
            double[] expandAll = new double[RUNS];
            double[] firstByte = new double[RUNS];
            double[] parsed = new double[RUNS];
            double[] search = new double[RUNS];
            double[] hostPage = new double[RUNS];
            double[] processesPage = new double[RUNS];
            long nodes = 0;
            long htmlBytes = 0;
            long hostBytes = 0;
            for (int run = -1; run < RUNS; run++) {
                driver.get("about:blank");
                driver.get(url);
                new WebDriverWait(driver, Chromium.WAIT)
                        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".proc-tree[data-ready]")));
                @SuppressWarnings("unchecked")
                List<Number> t = (List<Number>) driver.executeScript("""
                        const nav = performance.getEntriesByType('navigation')[0];
                        const mark = performance.getEntriesByName('tree-interactive')[0];
                        const t0 = performance.now();
                        document.querySelector('[data-tree-action=expand]').click();
                        document.body.offsetHeight; // the layout of every node, now shown
                        const expand = performance.now() - t0;
                        return [mark.startTime, nav.responseEnd - nav.requestStart, expand,
                                document.querySelectorAll('.proc-tree li').length,
                                nav.responseStart - nav.requestStart, nav.domInteractive,
                                nav.decodedBodySize, nav.domContentLoadedEventEnd];
                        """);
                // A search typed into the box, until its first match shows: the debounce, the
                // server's answer (or the page's own search) and the layout.
                Number searched = (Number) driver.executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        const input = document.getElementById('tree-search');
                        const t0 = performance.now();
                        input.value = 'redis';
                        input.dispatchEvent(new Event('input', { bubbles: true }));
                        (function wait() {
                            const m = document.querySelector('.proc-tree li.match');
                            if (m && m.offsetParent !== null) {
                                done(performance.now() - t0);
                            } else if (performance.now() - t0 > 10000) {
                                done(-1);
                            } else {
                                requestAnimationFrame(wait);
                            }
                        })();
                        """);
                driver.get("about:blank");
                driver.get(new URL(base, "/hosts/" + host).toString());
                @SuppressWarnings("unchecked")
                List<Number> h = (List<Number>) driver.executeScript("""
                        const nav = performance.getEntriesByType('navigation')[0];
                        return [nav.domContentLoadedEventEnd, nav.decodedBodySize];
                        """);
                driver.get("about:blank");
                driver.get(new URL(base, "/processes?host=" + host).toString());
                Number p = (Number) driver.executeScript(
                        "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;");
                if (run >= 0) {
                    interactive[run] = t.get(0).doubleValue();
                    response[run] = t.get(1).doubleValue();
                    expandAll[run] = t.get(2).doubleValue();
                    firstByte[run] = t.get(4).doubleValue();
                    parsed[run] = t.get(5).doubleValue();
                    loaded[run] = t.get(7).doubleValue();
                    search[run] = searched.doubleValue();
                    hostPage[run] = h.get(0).doubleValue();
                    processesPage[run] = p.doubleValue();
                }
                nodes = t.get(3).longValue();
                htmlBytes = t.get(6).longValue();
                hostBytes = h.get(1).longValue();
            }
            Chromium.screenshot(driver, "tree-2000-expanded");
            System.out.printf(
                    Locale.ROOT,
                    "%nTreePageBench: %d processes (%d tree nodes on the page), %d runs after a warm-up, headless"
                            + " Chromium%n"
                            + "  tree: navigation -> tree interactive: median %.0f ms (min %.0f, max %.0f); target"
                            + " %.0f ms, original design 2000 ms%n"
                            + "  tree: navigation -> DOMContentLoaded: median %.0f ms%n"
                            + "  tree: request -> first byte of HTML:  median %.0f ms (server renders the tree)%n"
                            + "  tree: request -> last byte of HTML:   median %.0f ms (%d KiB of HTML)%n"
                            + "  tree: navigation -> DOM parsed:       median %.0f ms%n"
                            + "  tree: expand shown + layout:          median %.0f ms%n"
                            + "  tree: search typed -> first match:    median %.0f ms%n"
                            + "  host page: navigation -> DOMContentLoaded: median %.0f ms (%d KiB of HTML)%n"
                            + "  processes page: navigation -> DOMContentLoaded: median %.0f ms%n"
                            + "  runs (tree interactive, ms): %s%n  machine load average: %s%n%n",
                    PROCESSES,
                    nodes,
                    RUNS,
                    median(interactive),
                    Arrays.stream(interactive).min().orElse(0),
                    Arrays.stream(interactive).max().orElse(0),
                    TARGET_MILLIS,
                    median(loaded),
                    median(firstByte),
                    median(response),
                    htmlBytes / 1024,
                    median(parsed),
                    median(expandAll),
                    median(search),
                    median(hostPage),
                    hostBytes / 1024,
                    median(processesPage),
                    Arrays.toString(Arrays.stream(interactive).map(Math::round).toArray()),
                    loadAverage());
        } finally {
            driver.quit();
        }
    }

    /** The machine's load: other builds on a shared machine slow every figure. */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .strip();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /**
     * A busy host's process table, the same every run: systemd and kthreadd, kernel threads,
     * services under systemd, and workers a few levels deep under the services.
     */
    static List<ProcessInfo> syntheticFleetHost(int count) {
        Random random = new Random(42);
        List<ProcessInfo> processes = new ArrayList<>(count);
        processes.add(info(1, 0, "systemd", "/sbin/init splash", "root", random));
        processes.add(info(2, 0, "kthreadd", null, "root", random));
        for (int pid = 3; pid <= count; pid++) {
            int ppid;
            String name;
            if (pid < 300) {
                ppid = 2;
                name = "kworker/" + (pid % 8) + ":" + pid;
            } else if (pid < 420 || random.nextInt(10) == 0) {
                ppid = 1;
                name = NAMES[random.nextInt(NAMES.length)];
            } else {
                // A worker under a recent process: chains a few levels deep.
                ppid = 300 + random.nextInt(pid - 300);
                name = NAMES[random.nextInt(NAMES.length)];
            }
            String user = switch (random.nextInt(4)) {
                case 0 -> "root";
                case 1 -> "www-data";
                case 2 -> "postgres";
                default -> "app";
            };
            processes.add(info(pid, ppid, name, pid < 300 ? null : commandLine(name, pid), user, random));
        }
        return processes;
    }

    private static String commandLine(String name, int pid) {
        return "/usr/bin/" + name + " --config /etc/" + name + "/" + name + ".conf --worker-id=" + pid
                + " --log-level=info --listen 0.0.0.0:" + (8000 + pid % 1000);
    }

    private static ProcessInfo info(int pid, int ppid, String name, String commandLine, String user, Random random) {
        return Reports.randomProcess(
                pid, ppid, name, commandLine, user, System.currentTimeMillis() - random.nextInt(86_400_000), random);
    }
}
