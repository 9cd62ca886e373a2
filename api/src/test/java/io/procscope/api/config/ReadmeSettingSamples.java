package io.procscope.api.config;

import io.procscope.api.support.ReadmeSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A valid value other than the default for every API setting the README lists, so that {@link
 * ReadmeSettingsIT} can start the application with all of them at once and see the effect of each
 * one it can see from outside. A README row without a sample fails {@link ReadmeSettingsTest} by its
 * line: give the new setting a sample here, and a check in {@link ReadmeSettingsIT} if it shows.
 */
final class ReadmeSettingSamples {

    /** Where the application started with the samples finds what they name. */
    record Place(Path dir, int port, int receiverPort, String jdbcUrl, String databaseUser) {}

    /** The name the samples give a webhook, for {@code procscope.alerts.webhooks."<name>".url}. */
    static final String WEBHOOK = "readme";

    static final String ENROLL_SECRET = "readme-enroll-secret-inline";
    static final String FILE_ENROLL_SECRET = "readme-enroll-secret-in-a-file";
    static final String OLD_API_KEY = "readme-enroll-secret-old-name";
    static final String READ_KEY = "readme-read-key-inline";
    static final String FILE_READ_KEY = "readme-read-key-in-a-file";
    static final String ADMIN_KEY = "readme-admin-key-inline";
    static final String FILE_ADMIN_KEY = "readme-admin-key-in-a-file";
    static final String CORS_ORIGIN = "https://console.readme.test";
    static final String DASHBOARD_URL = "https://procscope.readme.test";
    static final int NEW_HOSTS_PER_MINUTE = 2;
    static final int MAX_PROCESSES = 50;
    static final long MAX_REPORT_BYTES = 1L << 20;
    static final String RULE = "readme-absent-rule";

    private static final Map<String, Function<Place, String>> SAMPLES = new LinkedHashMap<>();

    static {
        SAMPLES.put("procscope.enroll-secrets", p -> ENROLL_SECRET);
        SAMPLES.put("procscope.enroll-secrets-file", p -> file(p, "enroll-secrets"));
        SAMPLES.put("procscope.api-keys", p -> OLD_API_KEY);
        SAMPLES.put("procscope.hosts.stale-after-intervals", p -> "5");
        SAMPLES.put("procscope.hosts.default-interval", p -> "20s");
        SAMPLES.put("procscope.hosts.gone-after", p -> "12h");
        SAMPLES.put("procscope.history.keyframe", p -> "5m");
        SAMPLES.put("procscope.history.cpu-change", p -> "2.5");
        SAMPLES.put("procscope.history.rss-change-percent", p -> "4");
        SAMPLES.put("procscope.ingest.max-report-size", p -> "1M");
        SAMPLES.put("procscope.ingest.max-clock-skew", p -> "1m");
        SAMPLES.put("procscope.ingest.max-processes", p -> Integer.toString(MAX_PROCESSES));
        SAMPLES.put("procscope.ingest.max-concurrent", p -> "3");
        SAMPLES.put("procscope.ingest.new-hosts-per-minute", p -> Integer.toString(NEW_HOSTS_PER_MINUTE));
        SAMPLES.put("procscope.retention.raw", p -> "24h");
        SAMPLES.put("procscope.retention.minute", p -> "20d");
        SAMPLES.put("procscope.retention.hour", p -> "200d");
        SAMPLES.put("procscope.retention.every", p -> "7m");
        SAMPLES.put("procscope.retention.batch-size", p -> "2000");
        SAMPLES.put("procscope.read.keys", p -> READ_KEY);
        SAMPLES.put("procscope.read.keys-file", p -> file(p, "read-keys"));
        SAMPLES.put("procscope.admin.keys", p -> ADMIN_KEY);
        SAMPLES.put("procscope.admin.keys-file", p -> file(p, "admin-keys"));
        SAMPLES.put("procscope.cors.origins", p -> CORS_ORIGIN);
        SAMPLES.put("procscope.events.heartbeat", p -> "1s");
        SAMPLES.put("procscope.events.stale-check", p -> "2s");
        SAMPLES.put("procscope.events.max-subscribers", p -> "1");
        SAMPLES.put("procscope.metrics.refresh", p -> "1s");
        SAMPLES.put("procscope.metrics.per-host", p -> "true");
        // smaller than one host's decoded state: nothing is kept
        SAMPLES.put("procscope.cache.max-bytes", p -> "1K");
        SAMPLES.put("quarkus.datasource.jdbc.url", Place::jdbcUrl);
        SAMPLES.put("quarkus.datasource.username", Place::databaseUser);
        // the test server trusts its local connections: any password is taken
        SAMPLES.put("quarkus.datasource.password", p -> "readme-database-password");
        SAMPLES.put("procscope.dev.database", p -> file(p, "readme-dev.db"));
        SAMPLES.put("quarkus.http.port", p -> Integer.toString(p.port()));
        SAMPLES.put("procscope.alerts.rules-file", p -> file(p, "rules.yaml"));
        SAMPLES.put("procscope.alerts.evaluate-every", p -> "3s");
        SAMPLES.put("procscope.alerts.rules-refresh", p -> "2s");
        SAMPLES.put("procscope.alerts.alertmanager.url", p -> "http://127.0.0.1:" + p.receiverPort());
        SAMPLES.put("procscope.alerts.alertmanager.resend-every", p -> "2m");
        SAMPLES.put(
                "procscope.alerts.webhooks.\"<name>\".url",
                p -> "http://127.0.0.1:" + p.receiverPort() + "/hooks/" + WEBHOOK);
        SAMPLES.put("procscope.alerts.webhooks.\"<name>\".format", p -> "slack");
        SAMPLES.put("procscope.dashboard.url", p -> DASHBOARD_URL);
        SAMPLES.put("procscope.alerts.delivery-every", p -> "1s");
        SAMPLES.put("procscope.alerts.notification-max-age", p -> "12h");
        SAMPLES.put("procscope.alerts.notifications-kept", p -> "3d");
        SAMPLES.put("procscope.alerts.history-kept", p -> "10d");
        SAMPLES.put("procscope.alerts.connect-timeout", p -> "3s");
        SAMPLES.put("procscope.alerts.request-timeout", p -> "8s");
    }

    /** The files the samples name, with what each holds. */
    static Map<String, String> files() {
        return Map.of(
                "enroll-secrets",
                "# the fleet's second secret\n" + FILE_ENROLL_SECRET + "\n",
                "read-keys",
                FILE_READ_KEY + "\n",
                "admin-keys",
                FILE_ADMIN_KEY + "\n",
                "rules.yaml",
                """
                rules:
                  - name: %s
                    hosts:
                      hostnames: ["readme-*"]
                    condition:
                      processAbsent: {name: ["readme-never-runs"]}
                    severity: critical
                """.formatted(RULE));
    }

    private ReadmeSettingSamples() {}

    /** @return the README row's sample, or null when it has none */
    static Function<Place, String> of(ReadmeSettings.Row row) {
        return SAMPLES.get(row.setting());
    }

    /**
     * @return property name (the webhook named {@value #WEBHOOK}) to sample, for every row
     * @throws AssertionError naming the first row without a sample
     */
    static Map<ReadmeSettings.Row, String> forRows(List<ReadmeSettings.Row> rows, Place place) {
        Map<ReadmeSettings.Row, String> values = new LinkedHashMap<>();
        for (ReadmeSettings.Row row : rows) {
            Function<Place, String> sample = of(row);
            if (sample == null) {
                throw new AssertionError(row + " has no sample value in ReadmeSettingSamples: add one, valid and"
                        + " not the default, so that ReadmeSettingsIT starts the application with it in every form");
            }
            values.put(row, sample.apply(place));
        }
        return values;
    }

    private static String file(Place p, String name) {
        return p.dir().resolve(name).toString();
    }
}
