package io.procscope.api.alerts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides how one rule's alerts on one host change: pending when a condition starts to hold,
 * firing once it held for the rule's {@code for}, resolved when it stops (a pending alert that
 * stops is dropped, and nothing recorded). Pure: the active alerts and the outcome in, the
 * changes out.
 */
final class Transitions {

    /** Most alerts of one rule on one host: a runaway fleet of processes gives 100, not 10,000. */
    static final int MAX_PER_RULE_AND_HOST = 100;

    private Transitions() {}

    /**
     * An alert active now, as {@code alert_state} holds it.
     *
     * @param ruleName its rule
     * @param subject {@link Conditions#HOST} or {@code pid:start}
     * @param firing true once firing, false while pending
     * @param pendingSinceMillis when it went pending, API clock
     * @param firingSinceMillis when it fired, or null
     * @param value the value at its last transition
     * @param pid the process's pid, or null
     * @param startTimeMillis the process's start, or null
     * @param summary the summary at its last transition
     */
    record Active(
            String ruleName,
            String subject,
            boolean firing,
            long pendingSinceMillis,
            Long firingSinceMillis,
            double value,
            Integer pid,
            Long startTimeMillis,
            String summary) {}

    /** What happens to one alert. */
    enum Kind {
        /** New, pending: inserted, an event {@code pending} recorded. */
        PENDING,
        /** New and firing at once (a rule without {@code for}): inserted, an event {@code firing}. */
        FIRE,
        /** Pending long enough: firing now, an event {@code firing}. */
        PROMOTE,
        /** Pending, and the condition stopped before {@code for}: deleted, nothing recorded. */
        DROP,
        /** Firing, and the condition stopped: deleted, an event {@code resolved}. */
        RESOLVE
    }

    /**
     * One change.
     *
     * @param kind what happens
     * @param subject to which alert
     * @param pid the process's pid, or null
     * @param startTimeMillis the process's start, or null
     * @param value the value it is recorded with
     * @param summary the summary it is recorded with
     */
    record Change(Kind kind, String subject, Integer pid, Long startTimeMillis, double value, String summary) {

        /** The transition recorded in {@code alert_event}, or null for none. */
        String transition() {
            return switch (kind) {
                case PENDING -> "pending";
                case FIRE, PROMOTE -> "firing";
                case RESOLVE -> "resolved";
                case DROP -> null;
            };
        }
    }

    /**
     * The changes that judging {@code rule} brings to its active alerts on one host.
     *
     * @param active the rule's active alerts on the host
     * @param outcome what judging it found; one not evaluated changes nothing
     * @param nowMillis the API's clock
     */
    static List<Change> decide(AlertRule rule, List<Active> active, Conditions.Outcome outcome, long nowMillis) {
        if (!outcome.evaluated()) {
            return List.of();
        }
        Map<String, Conditions.Observation> holding = new HashMap<>();
        for (Conditions.Observation o : outcome.holding()) {
            holding.putIfAbsent(o.subject(), o);
        }
        List<Change> changes = new ArrayList<>();
        Set<String> kept = new HashSet<>();
        for (Active a : active) {
            Conditions.Observation o = holding.get(a.subject());
            if (o == null) {
                changes.add(gone(a, outcome));
                continue;
            }
            kept.add(a.subject());
            if (!a.firing() && elapsed(rule, a, nowMillis)) {
                changes.add(
                        new Change(Kind.PROMOTE, a.subject(), o.pid(), o.startTimeMillis(), o.value(), o.summary()));
            }
        }
        // the outcome lists the worst first: new alerts take the places left under the cap in that order
        int room = MAX_PER_RULE_AND_HOST - kept.size();
        for (Conditions.Observation o : outcome.holding()) {
            if (room <= 0) {
                break;
            }
            if (kept.add(o.subject())) {
                Kind kind = rule.forDuration().isZero() ? Kind.FIRE : Kind.PENDING;
                changes.add(new Change(kind, o.subject(), o.pid(), o.startTimeMillis(), o.value(), o.summary()));
                room--;
            }
        }
        return changes;
    }

    /**
     * On the timer, between reports: the pending alerts of {@code rule} whose {@code for} has
     * elapsed fire, with what they were last judged on.
     */
    static List<Change> promote(AlertRule rule, List<Active> active, long nowMillis) {
        List<Change> changes = new ArrayList<>();
        for (Active a : active) {
            if (!a.firing() && elapsed(rule, a, nowMillis)) {
                changes.add(
                        new Change(Kind.PROMOTE, a.subject(), a.pid(), a.startTimeMillis(), a.value(), a.summary()));
            }
        }
        return changes;
    }

    /**
     * The alerts of a rule that no longer applies to the host (deleted, disabled, or the host is
     * not selected any more): firing ones resolve, pending ones are dropped.
     */
    static List<Change> withdraw(List<Active> active) {
        return active.stream().map(a -> gone(a, null)).toList();
    }

    private static Change gone(Active a, Conditions.Outcome outcome) {
        if (!a.firing()) {
            return new Change(Kind.DROP, a.subject(), a.pid(), a.startTimeMillis(), a.value(), a.summary());
        }
        // a host-level value is known now (the count is back); a process that stopped holding keeps its last
        double value = outcome != null && a.subject().equals(Conditions.HOST) ? outcome.value() : a.value();
        return new Change(Kind.RESOLVE, a.subject(), a.pid(), a.startTimeMillis(), value, a.summary());
    }

    private static boolean elapsed(AlertRule rule, Active a, long nowMillis) {
        return nowMillis - a.pendingSinceMillis() >= rule.forDuration().toMillis();
    }
}
