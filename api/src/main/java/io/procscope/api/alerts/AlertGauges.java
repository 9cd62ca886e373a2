package io.procscope.api.alerts;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code procscope.alerts.firing{rule,severity}}: the alerts firing now, per enabled rule (0 for a
 * rule with none), read from the database on the timer, so that every replica exports the same
 * series: query them with {@code max by (rule, severity)}, not a sum.
 */
@ApplicationScoped
class AlertGauges {

    /** The gauge's name. */
    static final String FIRING = "procscope.alerts.firing";

    private final MultiGauge firing;
    private final AlertStore store;
    private final RuleBook rules;

    AlertGauges(MeterRegistry registry, AlertStore store, RuleBook rules) {
        this.store = store;
        this.rules = rules;
        this.firing = MultiGauge.builder(FIRING)
                .description("Alerts firing now, by rule")
                .register(registry);
    }

    /** Reads the firing alerts now. */
    void refresh() {
        record Read(List<AlertRule> enabled, Map<String, Long> firing) {}
        Read read = QuarkusTransaction.requiringNew().call(() -> new Read(rules.enabled(), store.firingByRule()));
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (AlertRule rule : read.enabled()) {
            long n = read.firing().getOrDefault(rule.name(), 0L);
            rows.add(MultiGauge.Row.of(
                    Tags.of("rule", rule.name(), "severity", rule.severity().label()), n));
        }
        firing.register(rows, true);
    }
}
