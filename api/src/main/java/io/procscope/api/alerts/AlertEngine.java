package io.procscope.api.alerts;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.procscope.api.ingest.ReportStored;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Evaluates the rules on each host's newest report, inside the transaction that stores it: the
 * host's row is locked for that transaction on PostgreSQL (SQLite has one writer), so one host's
 * transitions are decided one at a time across replicas, and a report that rolls back transitions
 * nothing. The cost does not grow with history: the report, the host's active alerts and, for
 * restart rules, the processes started within their window are all it reads.
 */
@ApplicationScoped
class AlertEngine {

    /** Timer of the evaluation of one report's rules. */
    static final String EVALUATION = "procscope.alerts.evaluation";

    /** Most recent starts read for restart rules, per report. */
    static final int MAX_STARTS = 5000;

    private static final Logger LOG = Logger.getLogger(AlertEngine.class);

    private final RuleBook rules;
    private final AlertStore store;
    private final Clock clock;
    private final Event<AlertTransitioned> transitioned;
    private final Timer evaluation;
    private final Set<String> tooCostly = java.util.concurrent.ConcurrentHashMap.newKeySet();

    AlertEngine(
            RuleBook rules,
            AlertStore store,
            Clock clock,
            Event<AlertTransitioned> transitioned,
            MeterRegistry registry) {
        this.rules = rules;
        this.store = store;
        this.clock = clock;
        this.transitioned = transitioned;
        this.evaluation = Timer.builder(EVALUATION)
                .description("Time evaluating the alert rules on one stored report")
                .register(registry);
    }

    void onReportStored(@Observes(during = TransactionPhase.IN_PROGRESS) ReportStored stored) {
        if (!stored.newest()) {
            return; // a late report says nothing about now
        }
        List<AlertRule> enabled = rules.enabled();
        if (enabled.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        HostReport report = stored.report();
        HostView view = HostView.ofReport(
                stored.hostId(),
                stored.hostname(),
                report.host().cpuCount(),
                report.host().memoryTotalBytes(),
                report.metrics(),
                report.processes(),
                List.of(),
                report.collectedAtMillis());
        List<Transitions.Active> active = store.activeOf(stored.hostId());
        List<AlertRule> selecting = new ArrayList<>();
        for (AlertRule r : enabled) {
            if (r.hosts().selects(view.hostname(), view.podNamespaces())) {
                selecting.add(r);
            }
        }
        if (!selecting.isEmpty() || !active.isEmpty()) {
            view = withStartsIfNeeded(view, selecting, active, stored.started());
            evaluate(view, selecting, active, clock.millis());
        }
        evaluation.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    }

    /**
     * Judges {@code selecting} on the host and applies the changes; the host's alerts of any other
     * rule (deleted, disabled, no longer selecting it) are withdrawn.
     */
    void evaluate(HostView view, List<AlertRule> selecting, List<Transitions.Active> active, long now) {
        Map<String, List<Transitions.Active>> byRule = new HashMap<>();
        for (Transitions.Active a : active) {
            byRule.computeIfAbsent(a.ruleName(), k -> new ArrayList<>()).add(a);
        }
        for (AlertRule rule : selecting) {
            List<Transitions.Active> mine = byRule.getOrDefault(rule.name(), List.of());
            Conditions.Outcome outcome = Conditions.evaluate(rule, view, MatchBudget.standard());
            if (!outcome.evaluated() && rule.condition().fromReport() && view.withReport()) {
                warnIfTooCostly(rule, view);
            }
            apply(view.hostId(), view.hostname(), rule, Transitions.decide(rule, mine, outcome, now), now);
            byRule.remove(rule.name());
        }
        for (Map.Entry<String, List<Transitions.Active>> orphan : byRule.entrySet()) {
            withdraw(view.hostId(), view.hostname(), orphan.getKey(), orphan.getValue(), now);
        }
    }

    /** Withdraws a rule's alerts from a host: firing ones resolve, pending ones go. */
    void withdraw(long hostId, String hostname, String ruleName, List<Transitions.Active> active, long now) {
        AlertRule rule = rules.find(ruleName).map(RuleBook.Entry::rule).orElse(null);
        String severity = rule == null
                ? AlertRule.Severity.WARNING.label()
                : rule.severity().label();
        Map<String, String> labels = rule == null ? Map.of() : rule.labels();
        for (Transitions.Change change : Transitions.withdraw(active)) {
            store.apply(hostId, hostname, ruleName, severity, labels, change, now)
                    .ifPresent(this::announce);
        }
    }

    /** Makes {@code changes} to the host's alerts of {@code rule}, announcing what fired and resolved. */
    void apply(long hostId, String hostname, AlertRule rule, List<Transitions.Change> changes, long now) {
        for (Transitions.Change change : changes) {
            store.apply(hostId, hostname, rule.name(), rule.severity().label(), rule.labels(), change, now)
                    .ifPresent(this::announce);
        }
    }

    private void announce(AlertTransitioned t) {
        LOG.debugf("Alert %s on %s %s: %s", t.ruleName(), t.hostname(), t.transition(), t.summary());
        if (!t.transition().equals("pending")) {
            transitioned.fire(t);
        }
    }

    /**
     * The view with the recent starts, read only when a restart rule could change: a start in this
     * report matches it, or it has an alert on the host that the window sliding on may resolve.
     */
    private HostView withStartsIfNeeded(
            HostView view, List<AlertRule> selecting, List<Transitions.Active> active, List<ProcessInfo> started) {
        Set<String> activeRules = new HashSet<>();
        active.forEach(a -> activeRules.add(a.ruleName()));
        Duration window = Duration.ZERO;
        for (AlertRule rule : selecting) {
            if (rule.condition() instanceof Condition.Restarts r
                    && (activeRules.contains(rule.name()) || anyMatches(r.match(), started))
                    && r.within().compareTo(window) > 0) {
                window = r.within();
            }
        }
        if (window.isZero()) {
            return view;
        }
        return view.withStarts(
                store.recentStarts(view.hostId(), view.collectedAtMillis() - window.toMillis(), MAX_STARTS));
    }

    private static boolean anyMatches(ProcessMatch match, List<ProcessInfo> started) {
        MatchBudget budget = MatchBudget.standard();
        try {
            for (ProcessInfo p : started) {
                if (match.matches(p.name(), p.user(), p.commandLine(), budget)) {
                    return true;
                }
            }
            return false;
        } catch (MatchBudget.Exhausted e) {
            return true; // cannot tell: count from the table
        }
    }

    private void warnIfTooCostly(AlertRule rule, HostView view) {
        if (tooCostly.add(rule.name())) {
            LOG.warnf(
                    "Alert rule %s could not be evaluated on %s (its command-line patterns took too long, or the"
                            + " report lacks the value it watches); its alerts stay as they are. Said once per rule.",
                    rule.name(), view.hostname());
        }
    }
}
