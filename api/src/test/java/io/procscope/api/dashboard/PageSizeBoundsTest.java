package io.procscope.api.dashboard;

import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.uniqueHost;
import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.support.Reports;
import io.procscope.dto.ProcessInfo;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pages about one host hold its first screen, not its whole process table: the HTML of a host
 * of {@value #LARGE} processes is no larger than a fixed bound, and hardly larger than that of a host
 * of {@value #SMALL}.
 */
@QuarkusTest
class PageSizeBoundsTest {

    static final int SMALL = 300;
    static final int LARGE = 3000;

    /** Most bytes of HTML one of these pages may take, whatever the host. */
    static final int MAX_BYTES = 200 * 1024;

    /** How much larger the large host's page may be than the small host's. */
    static final double MAX_RATIO = 1.2;

    /** Starts of a process's name: a search for one matches a tenth of the processes. */
    static final String[] NAMES = {
        "nginx", "postgres", "java", "python3", "node", "bash", "sshd", "redis-server", "gunicorn", "celery"
    };

    /** Stored once for every case: the hosts are not changed by reading their pages. */
    static String small;

    static String large;

    @BeforeEach
    void storeHosts() {
        if (small == null) {
            small = uniqueHost("size-small");
            large = uniqueHost("size-large");
            store(report(small, realisticHost(SMALL)));
            store(report(large, realisticHost(LARGE)));
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/hosts/{host}",
                "/hosts/{host}?sort=memory",
                "/processes?host={host}",
                "/processes?host={host}&sort=name&offset=200",
                "/tree?host={host}"
            })
    void aPageAboutALargeHostIsAsLargeAsItsFirstScreen(String path) {
        int smallBytes = bytes(path.replace("{host}", small));
        int largeBytes = bytes(path.replace("{host}", large));

        assertThat(largeBytes).as(path + " of " + LARGE + " processes, bytes").isLessThanOrEqualTo(MAX_BYTES);
        assertThat((double) largeBytes)
                .as(path + ": " + LARGE + " processes against " + SMALL + " (" + smallBytes + " bytes)")
                .isLessThanOrEqualTo(smallBytes * MAX_RATIO);
    }

    /**
     * What a person asks for beyond the first screen (a search, a closed node opened, the rest of a
     * level) depends on what matches, so it is held to the fixed bound only.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "/processes?host={host}&q=worker",
                "/processes?host={host}&limit=" + ProcessesPage.MAX_LIMIT,
                "/tree?host={host}&q=bash",
                "/tree?host={host}&q=worker",
                "/tree?host={host}&q=1",
                "/tree/children?host={host}&pid=1",
                "/tree/children?host={host}&pid=1&offset=100",
                "/tree/children?host={host}"
            })
    void whatALargeHostsPagesLoadOnDemandIsBounded(String path) {
        int largeBytes = bytes(path.replace("{host}", large));

        assertThat(largeBytes).as(path + " of " + LARGE + " processes, bytes").isLessThanOrEqualTo(MAX_BYTES);
    }

    static int bytes(String path) {
        return DashboardPagesTest.page(path).getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * A busy host of {@code count} processes, the same every run: systemd and kthreadd, a fifth
     * kernel threads, a fifth services under systemd, workers a few levels under them, and a chain of
     * shells 60 deep, as a terminal multiplexer nests them.
     */
    static List<ProcessInfo> realisticHost(int count) {
        Random random = new Random(14);
        List<ProcessInfo> processes = new ArrayList<>(count);
        long now = System.currentTimeMillis();
        processes.add(process(1, 0, "systemd", "/sbin/init splash", now, random));
        processes.add(process(2, 0, "kthreadd", null, now, random));
        int kernelThreads = count / 5;
        int services = kernelThreads + count / 5;
        int chain = 60;
        for (int pid = 3; pid <= count; pid++) {
            int ppid;
            String name = NAMES[random.nextInt(NAMES.length)];
            if (pid <= kernelThreads) {
                ppid = 2;
                name = "kworker/" + (pid % 8) + ":" + pid;
            } else if (pid <= services) {
                ppid = 1;
            } else if (pid <= services + chain) {
                ppid = pid == services + 1 ? 1 : pid - 1;
                name = "bash";
            } else {
                ppid = kernelThreads + 1 + random.nextInt(pid - kernelThreads - 1);
                name = name + "-worker";
            }
            processes.add(process(
                    pid, ppid, name, pid <= kernelThreads ? null : "/usr/bin/" + name + " --id=" + pid, now, random));
        }
        return processes;
    }

    static ProcessInfo process(int pid, int ppid, String name, String commandLine, long now, Random random) {
        String user = List.of("root", "www-data", "postgres", "app").get(random.nextInt(4));
        return Reports.randomProcess(pid, ppid, name, commandLine, user, now - 3_600_000L - pid, random);
    }
}
