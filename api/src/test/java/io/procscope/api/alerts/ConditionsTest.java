package io.procscope.api.alerts;

import static io.procscope.api.support.Reports.STARTED;
import static io.procscope.api.support.Reports.inPod;
import static io.procscope.api.support.Reports.process;
import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.query.HostStatus;
import io.procscope.dto.FileSystemUsage;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.SystemMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    private static final long NOW = STARTED + 3_600_000;

    private static final ProcessInfo NGINX =
            process(100, 1, "nginx", "nginx -c /etc/nginx/nginx.conf", "www-data", 1.0, 20L << 20);
    private static final ProcessInfo JAVA = process(200, 1, "java", "java\0-jar\0orders.jar", "app", 95.0, 3L << 30);
    private static final ProcessInfo JAVA_IDLE = process(201, 1, "java", "java -jar billing.jar", "app", 2.0, 1L << 30);
    private static final ProcessInfo SSHD = process(300, 1, "sshd", "/usr/sbin/sshd -D", "root", 0.0, 8L << 20);

    private static final SystemMetrics METRICS = new SystemMetrics(
            92.5,
            15L << 30,
            16L << 30,
            1L << 30,
            4L << 30,
            6.0,
            5.0,
            4.0,
            List.of(
                    new FileSystemUsage("/", "ext4", 95L << 30, 100L << 30),
                    new FileSystemUsage("/data", "xfs", 1L, 100L)),
            0L,
            0L);

    @Test
    void processAbsentHoldsWithoutAMatchingProcess() {
        AlertRule rule = rule(new Condition.ProcessAbsent(ProcessMatch.names("nginx")));

        assertThat(holding(rule, host(List.of(NGINX, SSHD)))).isEmpty();
        Conditions.Outcome absent = evaluate(rule, host(List.of(SSHD)));
        assertThat(absent.holding()).singleElement().satisfies(o -> {
            assertThat(o.subject()).isEqualTo(Conditions.HOST);
            assertThat(o.value()).isZero();
            assertThat(o.summary()).isEqualTo("no process matching name nginx on web-1");
        });
    }

    @Test
    void processAbsentMatchesUsersCommandLinesAndExclusions() {
        ProcessMatch byCommand =
                new ProcessMatch(List.of(), List.of("app"), "-jar orders\\.jar", List.of(), List.of(), null);
        ProcessMatch excluded = new ProcessMatch(List.of("java"), List.of(), null, List.of(), List.of(), "orders");

        assertThat(holding(rule(new Condition.ProcessAbsent(byCommand)), host(List.of(JAVA))))
                .isEmpty();
        assertThat(holding(rule(new Condition.ProcessAbsent(byCommand)), host(List.of(JAVA_IDLE))))
                .hasSize(1);
        assertThat(holding(rule(new Condition.ProcessAbsent(excluded)), host(List.of(JAVA))))
                .hasSize(1);
        assertThat(holding(rule(new Condition.ProcessAbsent(excluded)), host(List.of(JAVA, JAVA_IDLE))))
                .isEmpty();
    }

    @Test
    void processCountHoldsOutsideItsBounds() {
        AlertRule rule = rule(new Condition.ProcessCount(ProcessMatch.names("java"), 2, 2));

        assertThat(evaluate(rule, host(List.of(JAVA, JAVA_IDLE))).holding()).isEmpty();
        assertThat(evaluate(rule, host(List.of(JAVA, JAVA_IDLE))).value()).isEqualTo(2);
        assertThat(holding(rule, host(List.of(JAVA))))
                .singleElement()
                .satisfies(o ->
                        assertThat(o.summary()).isEqualTo("1 processes matching name java on web-1: fewer than 2"));
        ProcessInfo third = process(202, 1, "java", "java x", "app", 0.0, 1L);
        assertThat(holding(rule, host(List.of(JAVA, JAVA_IDLE, third))))
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.value()).isEqualTo(3);
                    assertThat(o.summary()).endsWith("more than 2");
                });
        assertThat(holding(rule(new Condition.ProcessCount(ProcessMatch.names("java"), null, 5)), host(List.of())))
                .isEmpty();
    }

    @Test
    void restartsCountMatchingStartsWithinTheWindow() {
        AlertRule rule = rule(new Condition.Restarts(ProcessMatch.names("worker"), 2, Duration.ofMinutes(10)));
        List<HostView.Start> starts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            starts.add(new HostView.Start(1000 + i, NOW - i * 60_000, "worker", "app", "worker --queue=x"));
        }
        starts.add(new HostView.Start(2000, NOW - 60_000, "cron", "root", "cron"));
        starts.add(new HostView.Start(1010, NOW - 11 * 60_000, "worker", "app", "worker"));

        assertThat(holding(rule, host(List.of()).withStarts(starts)))
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.value()).isEqualTo(3);
                    assertThat(o.summary()).isEqualTo("3 starts of processes matching name worker on web-1 within 10m");
                });
        assertThat(holding(rule, host(List.of()).withStarts(starts.subList(1, 5))))
                .isEmpty();
    }

    @Test
    void processCpuHoldsPerProcessWorstFirst() {
        ProcessInfo hotter = process(400, 1, "java", "java y", "app", 180.0, 1L);
        AlertRule rule = rule(new Condition.ProcessCpu(ProcessMatch.names("java"), 90));

        List<Conditions.Observation> holding = holding(rule, host(List.of(JAVA, JAVA_IDLE, hotter, NGINX)));

        assertThat(holding)
                .extracting(Conditions.Observation::subject)
                .containsExactly("400:" + (STARTED + 400), "200:" + (STARTED + 200));
        assertThat(holding.get(1).pid()).isEqualTo(200);
        assertThat(holding.get(1).startTimeMillis()).isEqualTo(STARTED + 200);
        assertThat(holding.get(1).value()).isEqualTo(95.0);
        assertThat(holding.get(1).summary()).isEqualTo("java (pid 200) at 95 % CPU on web-1, above 90 %");
    }

    @Test
    void processRssHoldsAboveBytesOrAShareOfTheHost() {
        AlertRule bytes = rule(new Condition.ProcessRss(ProcessMatch.names("java"), 2L << 30, null));
        AlertRule share = rule(new Condition.ProcessRss(ProcessMatch.names("java"), null, 5.0));

        assertThat(holding(bytes, host(List.of(JAVA, JAVA_IDLE))))
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.value()).isEqualTo(3L << 30);
                    assertThat(o.summary()).isEqualTo("java (pid 200) at 3.0 GiB RSS on web-1, above 2.0 GiB");
                });
        // 5 % of 24 GiB is 1.2 GiB: only the 3 GiB one
        assertThat(holding(share, host(List.of(JAVA, JAVA_IDLE))))
                .extracting(Conditions.Observation::pid)
                .containsExactly(200);
        HostView unknownMemory = new HostView(
                1, "web-1", HostStatus.REPORTING, 0, 2, null, METRICS, List.of(JAVA), List.of(), NOW, Set.of(), true);
        assertThat(Conditions.evaluate(share, unknownMemory, MatchBudget.standard())
                        .evaluated())
                .isFalse();
    }

    @Test
    void hostStaleAndGoneFollowTheStatus() {
        AlertRule stale = rule(new Condition.HostStale());
        AlertRule gone = rule(new Condition.HostGone());

        assertThat(holding(stale, HostView.ofLiveness(1, "web-1", HostStatus.REPORTING, 5_000, Set.of())))
                .isEmpty();
        assertThat(holding(stale, HostView.ofLiveness(1, "web-1", HostStatus.STALE, 45_000, Set.of())))
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.value()).isEqualTo(45);
                    assertThat(o.summary()).isEqualTo("web-1 has not reported for 45s");
                });
        assertThat(holding(stale, HostView.ofLiveness(1, "web-1", HostStatus.GONE, 90_000_000, Set.of())))
                .hasSize(1);
        assertThat(holding(gone, HostView.ofLiveness(1, "web-1", HostStatus.STALE, 45_000, Set.of())))
                .isEmpty();
        assertThat(holding(gone, HostView.ofLiveness(1, "web-1", HostStatus.GONE, 90_000_000, Set.of())))
                .singleElement()
                .satisfies(o -> assertThat(o.summary()).isEqualTo("web-1 is gone: no report for 1d1h"));
        assertThat(holding(stale, host(List.of()))).as("a report just came").isEmpty();
    }

    @Test
    void hostMetricsCompareTheirValues() {
        HostView host = host(List.of());

        assertThat(value(Condition.Metric.CPU, null, host)).isEqualTo(92.5);
        assertThat(value(Condition.Metric.MEMORY, null, host)).isEqualTo(93.75);
        assertThat(value(Condition.Metric.SWAP, null, host)).isEqualTo(25.0);
        assertThat(value(Condition.Metric.LOAD_PER_CPU, null, host)).isEqualTo(3.0);
        assertThat(value(Condition.Metric.FILE_SYSTEM, "/", host)).isEqualTo(95.0);
        assertThat(value(Condition.Metric.FILE_SYSTEM, "/data", host)).isEqualTo(1.0);
        assertThat(value(Condition.Metric.FILE_SYSTEM, "/gone", host))
                .as("not mounted")
                .isEqualTo(0.0);

        assertThat(holding(rule(new Condition.HostMetric(Condition.Metric.MEMORY, 90, null)), host))
                .singleElement()
                .satisfies(o -> assertThat(o.summary()).isEqualTo("memory at 93.75 % on web-1, above 90 %"));
        assertThat(holding(rule(new Condition.HostMetric(Condition.Metric.MEMORY, 95, null)), host))
                .isEmpty();
        assertThat(holding(rule(new Condition.HostMetric(Condition.Metric.LOAD_PER_CPU, 2, null)), host))
                .singleElement()
                .satisfies(o -> assertThat(o.summary()).isEqualTo("load per CPU at 3 on web-1, above 2"));
        assertThat(holding(rule(new Condition.HostMetric(Condition.Metric.FILE_SYSTEM, 90, "/")), host))
                .singleElement()
                .satisfies(o -> assertThat(o.summary()).isEqualTo("file system '/' at 95 % on web-1, above 90 %"));
    }

    @Test
    void unknownMetricsAreNotEvaluatedAndNoSwapIsZero() {
        SystemMetrics bare = new SystemMetrics(null, null, null, 0L, 0L, null, null, null, null, null, null);
        HostView host = new HostView(
                1, "web-1", HostStatus.REPORTING, 0, null, null, bare, List.of(), List.of(), NOW, Set.of(), true);

        assertThat(Conditions.evaluate(
                                rule(new Condition.HostMetric(Condition.Metric.CPU, 1, null)),
                                host,
                                MatchBudget.standard())
                        .evaluated())
                .isFalse();
        assertThat(Conditions.evaluate(
                                rule(new Condition.HostMetric(Condition.Metric.LOAD_PER_CPU, 1, null)),
                                host,
                                MatchBudget.standard())
                        .evaluated())
                .isFalse();
        assertThat(value(Condition.Metric.SWAP, null, host)).isEqualTo(0.0);
    }

    @Test
    void reportConditionsAreNotJudgedWithoutAReport() {
        AlertRule absent = rule(new Condition.ProcessAbsent(ProcessMatch.names("nginx")));

        Conditions.Outcome outcome = Conditions.evaluate(
                absent, HostView.ofLiveness(1, "web-1", HostStatus.STALE, 60_000, Set.of()), MatchBudget.standard());

        assertThat(outcome.evaluated()).isFalse();
    }

    @Test
    void anExhaustedBudgetLeavesTheRuleUnjudged() {
        AlertRule rule = rule(new Condition.ProcessAbsent(
                new ProcessMatch(List.of(), List.of(), "(x|y).*z", List.of(), List.of(), null)));
        ProcessInfo longLine = process(500, 1, "sh", "x".repeat(30_000), "root", 0.0, 1L);

        assertThat(Conditions.evaluate(rule, host(List.of(longLine)), new MatchBudget(Duration.ZERO))
                        .evaluated())
                .isFalse();
        ProcessInfo usualLine = process(501, 1, "sh", "x".repeat(300), "root", 0.0, 1L);
        // Judged, given time: the budget is wall-clock, and a loaded CI machine may pause a thread
        // for longer than the standard 25 ms.
        assertThat(Conditions.evaluate(rule, host(List.of(usualLine)), new MatchBudget(Duration.ofSeconds(10)))
                        .holding())
                .hasSize(1);
    }

    @Test
    void selectorsChooseHostsByNameAndPodNamespace() {
        HostSelector web = new HostSelector(List.of("web-*", "edge"), null);
        HostSelector ingress = new HostSelector(List.of(), "ingress");
        HostSelector both = new HostSelector(List.of("web-*"), "ingress");
        ProcessInfo controller = inPod(NGINX, null, "uid", "ingress", "ingress-nginx-1");

        assertThat(web.selects("web-1", Set.of())).isTrue();
        assertThat(web.selects("edge", Set.of())).isTrue();
        assertThat(web.selects("db-1", Set.of())).isFalse();
        assertThat(ingress.selects("db-1", HostView.namespaces(List.of(controller))))
                .isTrue();
        assertThat(ingress.selects("db-1", HostView.namespaces(List.of(NGINX)))).isFalse();
        assertThat(both.selects("db-1", Set.of("ingress"))).isFalse();
        assertThat(both.selects("web-2", Set.of("ingress"))).isTrue();
        assertThat(HostSelector.ALL.selects("anything", Set.of())).isTrue();
    }

    private static Double value(Condition.Metric metric, String mountPoint, HostView host) {
        return Conditions.metricValue(new Condition.HostMetric(metric, 0, mountPoint), host);
    }

    static AlertRule rule(Condition condition) {
        return new AlertRule(
                "r", HostSelector.ALL, condition, Duration.ZERO, AlertRule.Severity.WARNING, Map.of(), true);
    }

    private static HostView host(List<ProcessInfo> processes) {
        return HostView.ofReport(1, "web-1", 2, 24L << 30, METRICS, processes, List.of(), NOW);
    }

    private static Conditions.Outcome evaluate(AlertRule rule, HostView host) {
        Conditions.Outcome outcome = Conditions.evaluate(rule, host, MatchBudget.standard());
        assertThat(outcome.evaluated()).isTrue();
        return outcome;
    }

    private static List<Conditions.Observation> holding(AlertRule rule, HostView host) {
        return evaluate(rule, host).holding();
    }
}
