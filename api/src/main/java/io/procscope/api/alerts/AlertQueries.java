package io.procscope.api.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What is known of alerts, for the JSON API ({@link AlertResource}) and the dashboard's pages
 * alike: the alerts active now, their history, the rules, and the counts that badges show. Each
 * method is one bounded query (or the rules this replica holds).
 */
@ApplicationScoped
public class AlertQueries {

    private final AlertStore store;
    private final RuleBook book;
    private final ObjectMapper mapper;
    private final AlertsConfig config;

    AlertQueries(AlertStore store, RuleBook book, ObjectMapper mapper, AlertsConfig config) {
        this.store = store;
        this.book = book;
        this.mapper = mapper;
        this.config = config;
    }

    /** The rules file ({@code procscope.alerts.rules-file}), or empty when rules come from the API only. */
    public String rulesFile() {
        return config.rulesFile().orElse("");
    }

    /**
     * One page of the alerts active now, firing first, newest first.
     *
     * @param rule only this rule's, or null
     * @param hostname only this host's, or null
     */
    public AlertViews.ActivePage active(String rule, String hostname, int offset, int limit) {
        List<AlertViews.ActiveAlert> alerts = views(store.listActive(rule, hostname, null, offset, limit));
        AlertStore.ActiveCount count = store.countActive(rule, hostname);
        return new AlertViews.ActivePage(count.total(), count.firing(), offset, limit, alerts);
    }

    /**
     * The processes a rule's host-level alerts are about, for the {@code process} label of a
     * notification: the name globs of a process absent, count or restarts rule, joined by {@code
     * ,}, as in {@code nginx} for "no nginx on web-1". Empty for other rules, for rules that match
     * by user or command line only, and for a rule this replica does not know.
     */
    public Optional<String> watchedProcessNames(String ruleName) {
        return book.find(ruleName).map(RuleBook.Entry::rule).flatMap(rule -> {
            ProcessMatch match = null;
            if (rule.condition() instanceof Condition.ProcessAbsent a) {
                match = a.match();
            } else if (rule.condition() instanceof Condition.ProcessCount n) {
                match = n.match();
            } else if (rule.condition() instanceof Condition.Restarts r) {
                match = r.match();
            }
            return match == null || match.name().isEmpty()
                    ? Optional.empty()
                    : Optional.of(String.join(",", match.name()));
        });
    }

    /** The alerts active now about one process (at most {@code limit}), firing first. */
    public List<AlertViews.ActiveAlert> activeOfProcess(String hostname, int pid, long startTimeMillis, int limit) {
        return views(store.listActive(null, hostname, pid + ":" + startTimeMillis, 0, limit));
    }

    private List<AlertViews.ActiveAlert> views(List<AlertStore.HostActive> active) {
        Map<String, RuleBook.Entry> all = book.all();
        List<AlertViews.ActiveAlert> alerts = new ArrayList<>();
        for (AlertStore.HostActive h : active) {
            Transitions.Active a = h.active();
            AlertRule r = Optional.ofNullable(all.get(a.ruleName()))
                    .map(RuleBook.Entry::rule)
                    .orElse(null);
            alerts.add(new AlertViews.ActiveAlert(
                    a.ruleName(),
                    h.hostname(),
                    a.subject(),
                    a.pid(),
                    a.startTimeMillis(),
                    a.firing() ? "firing" : "pending",
                    a.pendingSinceMillis(),
                    a.firingSinceMillis(),
                    a.value(),
                    r == null ? null : r.severity().label(),
                    r == null ? Map.of() : r.labels(),
                    a.summary()));
        }
        return alerts;
    }

    /**
     * Recorded transitions, newest first.
     *
     * @param before only events older than this event id, or null
     * @param hostname only this host's, or null
     * @param rule only this rule's, or null
     */
    public AlertViews.HistoryPage history(Long before, String hostname, String rule, int limit) {
        List<AlertViews.AlertEvent> events = new ArrayList<>();
        for (AlertStore.EventRow e : store.history(before, hostname, rule, limit)) {
            events.add(new AlertViews.AlertEvent(
                    e.id(),
                    e.ruleName(),
                    e.hostname(),
                    e.subject(),
                    e.pid(),
                    e.startTimeMillis(),
                    e.transition(),
                    e.atMillis(),
                    e.value(),
                    e.severity(),
                    labels(e.labels()),
                    e.summary()));
        }
        Long next = events.size() == limit ? events.get(events.size() - 1).id() : null;
        return new AlertViews.HistoryPage(events, next);
    }

    /** Every rule, by name, as stored now (not this replica's copy). */
    public List<AlertViews.RuleLine> rules() {
        book.invalidate();
        List<AlertViews.RuleLine> lines = new ArrayList<>();
        for (RuleBook.Entry e : book.all().values()) {
            AlertStore.StoredRule s = e.stored();
            AlertRule r = e.rule();
            if (r == null) {
                lines.add(new AlertViews.RuleLine(
                        s.name(),
                        s.source(),
                        "",
                        "",
                        "",
                        "",
                        s.enabled(),
                        false,
                        s.createdMillis(),
                        s.updatedMillis()));
                continue;
            }
            JsonNode definition = RuleJson.definition(r);
            JsonNode hosts = definition.get("hosts");
            lines.add(new AlertViews.RuleLine(
                    r.name(),
                    s.source(),
                    hosts == null || hosts.isEmpty() ? "" : hosts.toString(),
                    String.valueOf(definition.get("condition")),
                    Units.formatDuration(r.forDuration()),
                    r.severity().label(),
                    r.enabled(),
                    true,
                    s.createdMillis(),
                    s.updatedMillis()));
        }
        return lines;
    }

    /** How many alerts fire now, of every rule on every host. */
    public long firingCount() {
        return store.countActive(null, null).firing();
    }

    /** How many alerts fire now, and how many are active (firing and pending), of every rule on every host. */
    public AlertViews.Counts counts() {
        AlertStore.ActiveCount count = store.countActive(null, null);
        return new AlertViews.Counts(count.firing(), count.total());
    }

    /** Firing alerts by host name; a host without one is left out. */
    public Map<String, Long> firingByHost() {
        return store.firingByHost();
    }

    private Map<String, String> labels(String json) {
        try {
            return mapper.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
