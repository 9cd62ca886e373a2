package io.procscope.api.alerts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How alerts are evaluated: {@code procscope.alerts.*}. None is needed to start. */
@ConfigMapping(prefix = "procscope.alerts")
public interface AlertsConfig {

    /**
     * {@code procscope.alerts.rules-file} ({@code PROCSCOPE_ALERTS_RULES_FILE}): a YAML file of rules
     * read at start, for example a Kubernetes ConfigMap mounted in the pod. Its rules are read-only
     * through the API; a rule that is not valid stops the start with a message naming its field.
     * Unset by default: rules come from the API only (file rules stored before are removed).
     */
    Optional<String> rulesFile();

    /**
     * {@code procscope.alerts.evaluate-every}: how often each replica looks for hosts that went
     * stale or gone, and for pending alerts whose {@code for} elapsed without a new report.
     * Defaults to {@code 15s}.
     */
    @WithDefault("15s")
    Duration evaluateEvery();

    /**
     * {@code procscope.alerts.timer-enabled}: whether that look runs on schedule. Defaults to
     * {@code true}; the tests run it themselves, with a clock of their choosing.
     */
    @WithDefault("true")
    boolean timerEnabled();

    /**
     * {@code procscope.alerts.rules-refresh}: how long a replica uses the rules it read before it
     * reads them again, so a rule changed through another replica applies here within this time
     * (at once on the replica that changed it). Defaults to {@code 5s}.
     */
    @WithDefault("5s")
    Duration rulesRefresh();

    /**
     * {@code procscope.alerts.history-kept} ({@code PROCSCOPE_ALERTS_HISTORY_KEPT}): how long alert
     * transitions ({@code GET /api/v1/alerts/history}) are kept; the retention job
     * ({@code procscope.retention.every}) deletes older ones, but never those of an alert active
     * now. Defaults to {@code 30d}.
     */
    @WithDefault("30d")
    Duration historyKept();
}
