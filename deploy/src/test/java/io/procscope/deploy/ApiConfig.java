package io.procscope.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the deployment needs to know of the API's configuration, as the packaged (prod) application
 * sees it: its HTTP port, its health and metrics paths, its default JDBC URL. Read from
 * {@code api/src/main/resources/application.properties} when it exists; Quarkus defaults otherwise.
 *
 * @param port the port serving health and metrics: the HTTP port, or the management port when the
 *     management interface is enabled
 * @param httpPort the HTTP port of the application
 * @param healthPath the health root, for example {@code /q/health}
 * @param metricsPath the Prometheus endpoint, for example {@code /q/metrics}
 * @param jdbcUrl the default JDBC URL, empty when the file sets none
 */
record ApiConfig(int port, int httpPort, String healthPath, String metricsPath, String jdbcUrl) {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{[^:}]*(?::([^}]*))?}");

    static ApiConfig load() {
        Properties properties = new Properties();
        if (Files.exists(Repo.API_PROPERTIES)) {
            try (Reader reader = Files.newBufferedReader(Repo.API_PROPERTIES)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return from(properties);
    }

    static ApiConfig from(Properties properties) {
        int httpPort = Integer.parseInt(value(properties, "quarkus.http.port", "8080"));
        String rootPath = value(properties, "quarkus.http.root-path", "/");
        boolean management = Boolean.parseBoolean(value(properties, "quarkus.management.enabled", "false"));
        String nonApplicationRoot = management
                ? value(properties, "quarkus.management.root-path", "/q")
                : under(rootPath, value(properties, "quarkus.http.non-application-root-path", "q"));
        int port = management ? Integer.parseInt(value(properties, "quarkus.management.port", "9000")) : httpPort;
        return new ApiConfig(
                port,
                httpPort,
                under(nonApplicationRoot, value(properties, "quarkus.smallrye-health.root-path", "health")),
                under(nonApplicationRoot, value(properties, "quarkus.micrometer.export.prometheus.path", "metrics")),
                value(properties, "quarkus.datasource.jdbc.url", ""));
    }

    String readinessPath() {
        return healthPath + "/ready";
    }

    String livenessPath() {
        return healthPath + "/live";
    }

    /** The prod value of a key: {@code %prod.key} first, then {@code key}, then the default. */
    private static String value(Properties properties, String key, String defaultValue) {
        String value = properties.getProperty("%prod." + key, properties.getProperty(key, defaultValue));
        Matcher expression = EXPRESSION.matcher(value.strip());
        // ${ENV_VAR:default}: what the file alone says is the default.
        return expression.matches() && expression.group(1) != null ? expression.group(1) : value.strip();
    }

    /** Quarkus's rule: an absolute path stands alone, a relative one is under its parent. */
    private static String under(String parent, String path) {
        if (path.startsWith("/")) {
            return trimSlash(path);
        }
        return trimSlash((parent.endsWith("/") ? parent : parent + "/") + path);
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
