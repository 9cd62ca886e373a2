package io.procscope.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metric names procscope exposes, read from its sources, so that a rule or a dashboard panel
 * that names a metric nobody exposes (a typo, a renamed meter) fails a test instead of staying
 * silently empty: the API's Micrometer meters as Prometheus names them, the agent's own series,
 * and the few Quarkus and JVM series the assets use.
 */
final class MetricNames {

    /** Quarkus' HTTP server timer and the JVM meters the dashboard shows. */
    private static final Set<String> PLATFORM = Set.of(
            "http_server_requests_seconds_count",
            "http_server_requests_seconds_sum",
            "http_server_requests_seconds_bucket",
            "jvm_memory_used_bytes",
            "jvm_memory_max_bytes",
            "process_cpu_usage");

    /** What Micrometer's Prometheus registry appends to a meter's name, by meter type and unit. */
    private static final String[] SUFFIXES = {
        "", "_total", "_bytes", "_seconds_bucket", "_seconds_count", "_seconds_sum", "_seconds_max"
    };

    private static final Pattern MICROMETER_NAME = Pattern.compile("\"(procscope(?:\\.[a-z]+)+)\"");
    /** The agent writes its exposition itself: its names appear whole in its sources, quoted or in a HELP line. */
    private static final Pattern AGENT_NAME = Pattern.compile("\\b(procscope_agent_[a-z_]+)\\b");

    /** A metric name in a PromQL expression: a procscope, HTTP server, JVM or process series. */
    static final Pattern IN_EXPRESSION =
            Pattern.compile("\\b((?:procscope|http_server|jvm|process)_[a-z0-9_]+)\\b(?!\\s*\\()");

    private static Set<String> exposed;

    private MetricNames() {}

    /** Every name a scrape of the API or an agent can hold. */
    static synchronized Set<String> exposed() {
        if (exposed == null) {
            Set<String> names = new TreeSet<>(PLATFORM);
            for (String meter : literals(Repo.ROOT.resolve("api/src/main/java"), MICROMETER_NAME)) {
                for (String suffix : SUFFIXES) {
                    names.add(meter.replace('.', '_') + suffix);
                }
            }
            names.addAll(literals(Repo.ROOT.resolve("agent/src/main/java"), AGENT_NAME));
            exposed = names;
        }
        return exposed;
    }

    /** The metric names {@code expression} reads. */
    static Set<String> in(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher m = IN_EXPRESSION.matcher(expression);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Set<String> literals(Path sources, Pattern pattern) {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = pattern.matcher(Files.readString(file));
                while (m.find()) {
                    found.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
