package io.procscope.api.alerts;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * An alert rule: which hosts, what condition, for how long before it fires, how severe, with which
 * labels. JSON (the API, the {@code alert_rule} table) and YAML (the rules file) have the same
 * fields; {@link RuleParser} reads them, {@link RuleJson} writes them. Immutable.
 *
 * @param name unique, {@code [a-z0-9][a-z0-9._-]{0,99}}: the rule's id
 * @param hosts the hosts it applies to
 * @param condition what must hold for it to fire
 * @param forDuration ({@code for}) how long the condition must hold before the alert fires; zero
 *     fires at the first evaluation that finds it
 * @param severity how bad it is
 * @param labels the rule's own labels, passed on with every notification
 * @param enabled false for a rule that is kept but not evaluated
 */
public record AlertRule(
        String name,
        HostSelector hosts,
        Condition condition,
        Duration forDuration,
        Severity severity,
        Map<String, String> labels,
        boolean enabled) {

    public AlertRule {
        labels = Map.copyOf(labels);
    }

    /** How bad an alert is, as Alertmanager's {@code severity} label says it. */
    public enum Severity {
        CRITICAL,
        WARNING,
        INFO;

        /** As rules and labels write it: {@code critical}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** This rule, enabled or not. */
    AlertRule withEnabled(boolean on) {
        return new AlertRule(name, hosts, condition, forDuration, severity, labels, on);
    }
}
