package io.procscope.api.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.problem.Problem.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The rules, parsed, as this replica uses them: read from {@code alert_rule} again once they are
 * {@code procscope.alerts.rules-refresh} old, or at once after this replica changed one. A rule is
 * parsed once per version, not per report.
 */
@ApplicationScoped
class RuleBook {

    private static final Logger LOG = Logger.getLogger(RuleBook.class);

    /** A stored rule and what it parses to; {@code rule} is null for a definition this version cannot read. */
    record Entry(AlertStore.StoredRule stored, AlertRule rule) {}

    private record Loaded(Map<String, Entry> byName, List<AlertRule> enabled, long atNanos) {}

    private final AlertStore store;
    private final ObjectMapper mapper;
    private final long refreshNanos;
    private volatile Loaded loaded;

    RuleBook(AlertStore store, ObjectMapper mapper, AlertsConfig config) {
        this.store = store;
        this.mapper = mapper;
        this.refreshNanos = config.rulesRefresh().toNanos();
    }

    /** The enabled rules. Must run in a transaction (or a request with a session). */
    List<AlertRule> enabled() {
        return current().enabled();
    }

    /** Every rule by name, enabled or not. */
    Map<String, Entry> all() {
        return current().byName();
    }

    /** A rule by name, enabled or not. */
    Optional<Entry> find(String name) {
        return Optional.ofNullable(current().byName().get(name));
    }

    /** Reads the rules again at the next use: this replica just changed one. */
    void invalidate() {
        loaded = null;
    }

    private Loaded current() {
        Loaded l = loaded;
        if (l != null && System.nanoTime() - l.atNanos() < refreshNanos) {
            return l;
        }
        return reload(l);
    }

    private synchronized Loaded reload(Loaded previous) {
        Loaded l = loaded;
        if (l != null && l != previous && System.nanoTime() - l.atNanos() < refreshNanos) {
            return l; // another thread reloaded meanwhile
        }
        Map<String, Entry> known = l == null ? (previous == null ? Map.of() : previous.byName()) : l.byName();
        Map<String, Entry> byName = new LinkedHashMap<>();
        List<AlertRule> enabled = new ArrayList<>();
        for (AlertStore.StoredRule r : store.listRules()) {
            Entry was = known.get(r.name());
            Entry e = was != null
                            && was.stored().definition().equals(r.definition())
                            && was.stored().enabled() == r.enabled()
                    ? new Entry(r, was.rule())
                    : new Entry(r, parse(r));
            byName.put(r.name(), e);
            if (e.rule() != null && e.rule().enabled()) {
                enabled.add(e.rule());
            }
        }
        Loaded fresh = new Loaded(byName, List.copyOf(enabled), System.nanoTime());
        loaded = fresh;
        return fresh;
    }

    private AlertRule parse(AlertStore.StoredRule r) {
        List<FieldError> errors = new ArrayList<>();
        try {
            Optional<AlertRule> rule =
                    RuleParser.parseStored(r.name(), r.enabled(), mapper.readTree(r.definition()), errors);
            if (rule.isPresent()) {
                return rule.get();
            }
        } catch (JsonProcessingException e) {
            errors.add(new FieldError("definition", "is not JSON"));
        }
        LOG.warnf(
                "Alert rule %s is stored in a form this version cannot read, and is not evaluated: %s",
                r.name(), errors);
        return null;
    }
}
