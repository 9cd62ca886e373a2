package io.procscope.api.alerts;

import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.domain.CurrentStates;
import io.procscope.api.domain.Host;
import io.procscope.api.domain.TrackedProcess;
import io.procscope.api.query.HostStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * What happens between reports, on every replica each {@code procscope.alerts.evaluate-every}:
 * hosts that went stale or gone fire their rules, and pending alerts whose {@code for} elapsed
 * fire. A stale host's other alerts stay as they were: its silence is not evidence that nginx
 * died, and it fires its staleness rule only.
 *
 * <p>Safe with several replicas: what to look at is read without locks, then each host that needs
 * a change is decided again in a transaction of its own that holds the host's row lock (as ingest
 * does), and every change is conditional on the state it leaves (see {@link AlertStore}), so a
 * second replica's identical transition is a no-op.
 */
@ApplicationScoped
public class AlertTimer {

    private static final Logger LOG = Logger.getLogger(AlertTimer.class);

    private final AlertsConfig config;
    private final ProcscopeConfig procscope;
    private final RuleBook rules;
    private final AlertStore store;
    private final AlertEngine engine;
    private final CurrentStates states;
    private final AlertGauges gauges;
    private final Clock clock;
    private volatile boolean failing;

    AlertTimer(
            AlertsConfig config,
            ProcscopeConfig procscope,
            RuleBook rules,
            AlertStore store,
            AlertEngine engine,
            CurrentStates states,
            AlertGauges gauges,
            Clock clock) {
        this.config = config;
        this.procscope = procscope;
        this.rules = rules;
        this.store = store;
        this.engine = engine;
        this.states = states;
        this.gauges = gauges;
        this.clock = clock;
    }

    void schedule(@Observes StartupEvent event, Scheduler scheduler) {
        if (!config.timerEnabled()) {
            return;
        }
        scheduler
                .newJob("procscope-alerts-evaluate")
                .setInterval(config.evaluateEvery().toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> evaluate())
                .schedule();
    }

    /**
     * Looks at every host once, now, and refreshes the firing gauges. Logs a database error once
     * per outage instead of throwing.
     *
     * @return how many hosts were looked at in a transaction of their own
     */
    @ActivateRequestContext
    public int evaluate() {
        try {
            int hosts = evaluateHosts();
            gauges.refresh();
            if (failing) {
                LOG.info("Alerts are evaluated on schedule again");
                failing = false;
            }
            return hosts;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warnf("Alerts are not evaluated on schedule: %s", e.toString());
                failing = true;
            }
            LOG.debug("Alert evaluation failed", e);
            return 0;
        }
    }

    private int evaluateHosts() {
        record Plan(List<AlertRule> enabled, List<AlertStore.HostRow> hosts, List<AlertStore.HostActive> active) {}
        Plan plan = QuarkusTransaction.requiringNew()
                .call(() -> new Plan(
                        rules.enabled(), store.listHosts(), store.listActive(null, null, null, 0, Integer.MAX_VALUE)));
        List<AlertRule> liveness =
                plan.enabled().stream().filter(r -> !r.condition().fromReport()).toList();
        Map<String, AlertRule> byName = new HashMap<>();
        plan.enabled().forEach(r -> byName.put(r.name(), r));
        Map<Long, List<Transitions.Active>> activeByHost = new HashMap<>();
        for (AlertStore.HostActive a : plan.active()) {
            activeByHost.computeIfAbsent(a.hostId(), k -> new ArrayList<>()).add(a.active());
        }
        long now = clock.millis();
        int looked = 0;
        for (AlertStore.HostRow host : plan.hosts()) {
            List<Transitions.Active> active = activeByHost.getOrDefault(host.id(), List.of());
            if (needsLook(host, liveness, active, byName, now)) {
                QuarkusTransaction.requiringNew().run(() -> evaluateHost(host.id()));
                looked++;
            }
        }
        return looked;
    }

    /** Whether the host may have a change to make, judged without a lock: most hosts have none. */
    private boolean needsLook(
            AlertStore.HostRow host,
            List<AlertRule> liveness,
            List<Transitions.Active> active,
            Map<String, AlertRule> byName,
            long now) {
        HostStatus status = status(host, now);
        Set<String> activeRules = new HashSet<>();
        for (Transitions.Active a : active) {
            activeRules.add(a.ruleName());
            AlertRule rule = byName.get(a.ruleName());
            boolean livenessRule = rule != null && !rule.condition().fromReport();
            if (!a.firing()
                    && rule != null
                    && (livenessRule || status == HostStatus.REPORTING)
                    && now - a.pendingSinceMillis() >= rule.forDuration().toMillis()) {
                return true; // a pending alert to fire
            }
            if (livenessRule && status == HostStatus.REPORTING) {
                return true; // back, though no report was stored since (the rule changed meanwhile)
            }
        }
        if (status == HostStatus.REPORTING) {
            return false;
        }
        for (AlertRule rule : liveness) {
            if (!activeRules.contains(rule.name()) && rule.hosts().selectsName(host.hostname())) {
                boolean holds = rule.condition() instanceof Condition.HostStale || status == HostStatus.GONE;
                if (holds) {
                    return true; // a new stale or gone alert
                }
            }
        }
        return false;
    }

    /** Decides the host's changes again, under its row lock, and makes them. */
    private void evaluateHost(long hostId) {
        AlertStore.HostRow host = store.lockHost(hostId).orElse(null);
        if (host == null) {
            return; // deleted meanwhile
        }
        long now = clock.millis();
        HostStatus status = status(host, now);
        List<Transitions.Active> active = store.activeOf(hostId);
        Map<String, List<Transitions.Active>> byRule = new HashMap<>();
        for (Transitions.Active a : active) {
            byRule.computeIfAbsent(a.ruleName(), k -> new ArrayList<>()).add(a);
        }
        Set<String> namespaces = null;
        for (AlertRule rule : rules.enabled()) {
            List<Transitions.Active> mine = byRule.getOrDefault(rule.name(), List.of());
            if (rule.condition().fromReport()) {
                // between reports only time moves: pending alerts fire once their for elapsed, on a
                // host that still reports; a stale host's stay as they are
                if (status == HostStatus.REPORTING && !mine.isEmpty()) {
                    engine.apply(hostId, host.hostname(), rule, Transitions.promote(rule, mine, now), now);
                }
                continue;
            }
            if (!rule.hosts().selectsName(host.hostname())) {
                continue; // its alerts, if any, are withdrawn with the host's next report
            }
            if (rule.hosts().podNamespace() != null) {
                if (namespaces == null) {
                    namespaces = namespaces(hostId);
                }
                if (!namespaces.contains(rule.hosts().podNamespace())) {
                    continue;
                }
            }
            HostView view = HostView.ofLiveness(
                    hostId,
                    host.hostname(),
                    status,
                    now - host.lastReceivedMillis(),
                    namespaces == null ? Set.of() : namespaces);
            Conditions.Outcome outcome = Conditions.evaluate(rule, view, MatchBudget.standard());
            engine.apply(hostId, host.hostname(), rule, Transitions.decide(rule, mine, outcome, now), now);
        }
    }

    /** The namespaces of the pods in the host's newest state. */
    private Set<String> namespaces(long hostId) {
        Host host = Host.findById(hostId);
        Set<String> namespaces = new HashSet<>();
        if (host != null) {
            states.of(host).ifPresent(s -> {
                for (TrackedProcess p : s.processes()) {
                    if (p.podNamespace() != null) {
                        namespaces.add(p.podNamespace());
                    }
                }
            });
        }
        return namespaces;
    }

    private HostStatus status(AlertStore.HostRow host, long now) {
        long interval = host.intervalMillis() == null
                ? procscope.hosts().defaultInterval().toMillis()
                : host.intervalMillis();
        return HostStatus.of(
                now - host.lastReceivedMillis(),
                interval,
                procscope.hosts().staleAfterIntervals(),
                procscope.hosts().goneAfter().toMillis());
    }
}
