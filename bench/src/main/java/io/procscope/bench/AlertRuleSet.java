package io.procscope.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Alert rules for the ingest benchmark (issue 13: "100 rules of mixed kinds"): process absent,
 * count, restarts, CPU and RSS, and host metrics, staleness and gone, on every host or on a few
 * by hostname globs or pod namespace, matching by name globs, users and command-line regular
 * expressions, with and without excludes. They name what {@link SimulatedHost} runs (sshd,
 * postgres, java, nginx, containerd-shim...), so that matching runs its course; most hold rarely,
 * as in a fleet that is mostly well. Posted through the admin API before the ingest phase.
 *
 * <pre>
 * java -cp ... io.procscope.bench.AlertRuleSet URL ADMIN_KEY COUNT
 * </pre>
 */
public final class AlertRuleSet {

    private AlertRuleSet() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: AlertRuleSet URL ADMIN_KEY COUNT");
            System.exit(2);
        }
        String url = args[0].replaceAll("/+$", "");
        List<String> rules = rules(Integer.parseInt(args[2]));
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, Integer> byKind = new LinkedHashMap<>();
        for (String rule : rules) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(url + "/api/v1/alerts/rules"))
                            .timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + args[1])
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(rule))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201) {
                throw new IOException(
                        "The API refused rule " + rule + ": " + answer.statusCode() + " " + answer.body());
            }
            String kind = rule.replaceAll(".*\"condition\":\\{\"([a-zA-Z]+)\".*", "$1");
            byKind.merge(kind, 1, Integer::sum);
        }
        System.out.printf(Locale.ROOT, "alert rules posted: %d %s%n", rules.size(), byKind);
    }

    /** {@code count} rules, the kinds in turn, each with a host selector and severity of its own. */
    static List<String> rules(int count) {
        List<String> rules = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rules.add(rule(i));
        }
        return rules;
    }

    private static final String[] DAEMONS = {
        "sshd", "cron", "rsyslogd", "chronyd", "containerd", "systemd-journal", "kubelet", "agetty", "systemd-logind"
    };
    private static final String[] SERVICES = {"postgres", "java", "nginx", "gunicorn", "redis-server", "node"};
    private static final String[] USERS = {"postgres", "app", "www-data", "root", "redis"};

    private static String rule(int i) {
        int variant = i / 10;
        String condition = switch (i % 10) {
            case 0 -> "{\"processAbsent\":{\"name\":[\"" + DAEMONS[variant % DAEMONS.length] + "\"]}}";
            case 1 ->
                "{\"processAbsent\":{\"commandLine\":\""
                        + List.of(
                                        "postgres: .*checkpointer",
                                        "/usr/sbin/sshd -D",
                                        "nginx: master process",
                                        "java .*-jar",
                                        "gunicorn.*--workers [0-9]+")
                                .get(variant % 5)
                        + "\",\"excludeUser\":[\"nobody\"]}}";
            case 2 ->
                "{\"processCount\":{\"match\":{\"name\":[\"" + SERVICES[variant % SERVICES.length] + "\"]},\"min\":"
                        + (variant % 2) + ",\"max\":" + (40 + variant * 10) + "}}";
            case 3 ->
                "{\"restarts\":{\"match\":{\"name\":[\""
                        + List.of("sh", "bash", "cron", "pg_*", "curl").get(variant % 5) + "\"]},\"moreThan\":"
                        + (20 + variant) + ",\"within\":\"10m\"}}";
            case 4 ->
                "{\"processCpu\":{\"match\":{\"user\":[\"" + USERS[variant % USERS.length] + "\"]},\"abovePercent\":"
                        + (150 + variant * 10) + "}}";
            case 5 ->
                "{\"processCpu\":{\"match\":{\"name\":[\"java\",\"postgres*\"],\"commandLine\":\""
                        + List.of("-Xmx[0-9]+[mg]", "postgres: [a-z]+ ", "--threads=[0-9]{2}")
                                .get(variant % 3) + "\"},\"abovePercent\":" + (180 + variant) + "}}";
            case 6 ->
                "{\"processRss\":{\"match\":{\"name\":[\"" + SERVICES[variant % SERVICES.length]
                        + "*\"],\"excludeName\":[\"kworker*\"]},\"aboveBytes\":\"" + (8 + variant) + "GiB\"}}";
            case 7 ->
                "{\"processRss\":{\"match\":{\"user\":[\"" + USERS[(variant + 1) % USERS.length]
                        + "\"]},\"abovePercentOfHost\":" + (60 + variant) + "}}";
            case 8 ->
                "{\"host\":{\"metric\":\""
                        + List.of("cpu", "memory", "swap", "loadPerCpu", "fileSystem")
                                .get(variant % 5) + "\"" + (variant % 5 == 4 ? ",\"mountPoint\":\"/\"" : "")
                        + ",\"above\":" + (variant % 5 == 3 ? 8 : 97) + "}}";
            default -> variant % 2 == 0 ? "{\"host\":{\"stale\":true}}" : "{\"host\":{\"gone\":true}}";
        };
        String hosts = switch (variant % 5) {
            case 0, 1 -> ""; // every host
            case 2 -> "\"hosts\":{\"hostnames\":[\"bench-host-0*\",\"bench-host-1*\"]},";
            case 3 -> "\"hosts\":{\"hostnames\":[\"bench-host-*\",\"db-*\"]},";
            default -> "\"hosts\":{\"podNamespace\":\"kube-system\"},"; // selects no simulated host
        };
        String severity = List.of("critical", "warning", "info").get(i % 3);
        return "{\"name\":\"bench-" + String.format(Locale.ROOT, "%03d", i) + "\"," + hosts + "\"condition\":"
                + condition + ",\"for\":\"" + (i % 4) + "m\",\"severity\":\"" + severity
                + "\",\"labels\":{\"team\":\"bench\",\"kind\":\"k" + (i % 10) + "\"}}";
    }
}
