package io.procscope.api.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.problem.ProblemException;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Where rules come from and go: the rules file, read at start, and the API's create, edit,
 * disable and delete. A rule that is deleted or disabled withdraws its alerts in the same
 * transaction (firing ones resolve, so notifications end; pending ones go).
 */
@ApplicationScoped
class AlertRules {

    /** Most rules created through the API. */
    static final int MAX_API_RULES = 1000;

    private static final Logger LOG = Logger.getLogger(AlertRules.class);

    private final AlertsConfig config;
    private final AlertStore store;
    private final RuleBook book;
    private final AlertEngine engine;
    private final ObjectMapper mapper;
    private final Clock clock;

    AlertRules(
            AlertsConfig config,
            AlertStore store,
            RuleBook book,
            AlertEngine engine,
            ObjectMapper mapper,
            Clock clock) {
        this.config = config;
        this.store = store;
        this.book = book;
        this.engine = engine;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Reads the rules file at start; a file that cannot be used stops the start, naming the field. */
    @Transactional
    void loadFile(@Observes @Priority(10) StartupEvent event) {
        List<AlertRule> fileRules = List.of();
        if (config.rulesFile().isPresent()) {
            Path file = Path.of(config.rulesFile().get());
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "The alert rules file " + file + " (procscope.alerts.rules-file) cannot" + " be read: " + e, e);
            }
            fileRules = RuleFile.parse(file.toString(), text);
        }
        syncFile(fileRules);
        LOG.infof(
                "Alert rules: %d from %s",
                fileRules.size(), config.rulesFile().orElse("no rules file (procscope.alerts.rules-file)"));
    }

    /** Makes the file rules in the table what {@code fileRules} says. */
    void syncFile(List<AlertRule> fileRules) {
        long now = clock.millis();
        Set<String> names = new HashSet<>();
        for (AlertRule r : fileRules) {
            names.add(r.name());
            store.findRule(r.name())
                    .filter(s -> s.source().equals("api"))
                    .ifPresent(s ->
                            LOG.warnf("Alert rule %s of the rules file replaces the API rule of that name", r.name()));
            store.upsertFileRule(r.name(), r.enabled(), definition(r), now);
        }
        for (AlertStore.StoredRule s : store.listRules()) {
            if (s.source().equals("file") && !names.contains(s.name())) {
                withdrawEverywhere(s.name());
                store.deleteRule(s.name(), "file");
                LOG.infof("Alert rule %s is no longer in the rules file: removed", s.name());
            }
        }
        for (AlertRule r : fileRules) {
            if (!r.enabled()) {
                withdrawEverywhere(r.name());
            }
        }
        book.invalidate();
    }

    /** Creates an API rule. */
    @Transactional
    AlertStore.StoredRule create(AlertRule rule) {
        long apiRules =
                store.listRules().stream().filter(r -> r.source().equals("api")).count();
        if (apiRules >= MAX_API_RULES) {
            throw new ProblemException(
                    Response.Status.CONFLICT,
                    "There are " + MAX_API_RULES + " API rules already, the most allowed: delete one first.");
        }
        long now = clock.millis();
        AlertStore.StoredRule stored =
                new AlertStore.StoredRule(rule.name(), "api", rule.enabled(), definition(rule), now, now);
        if (!store.insertRule(stored)) {
            throw conflict(rule.name(), "exists already: change it with PUT /api/v1/alerts/rules/" + rule.name());
        }
        book.invalidate();
        return stored;
    }

    /** Replaces an API rule; disabling it withdraws its alerts. */
    @Transactional
    AlertStore.StoredRule update(AlertRule rule) {
        AlertStore.StoredRule before = existing(rule.name());
        long now = clock.millis();
        store.updateRule(rule.name(), rule.enabled(), definition(rule), now);
        if (!rule.enabled()) {
            withdrawEverywhere(rule.name());
        }
        book.invalidate();
        return new AlertStore.StoredRule(
                rule.name(), "api", rule.enabled(), definition(rule), before.createdMillis(), now);
    }

    /** Deletes an API rule, withdrawing its alerts. */
    @Transactional
    void delete(String name) {
        existing(name);
        withdrawEverywhere(name);
        store.deleteRule(name, "api");
        book.invalidate();
    }

    private AlertStore.StoredRule existing(String name) {
        AlertStore.StoredRule stored = store.findRule(name)
                .orElseThrow(
                        () -> ProblemException.notFound("No alert rule is named " + RuleParser.excerpt(name) + "."));
        if (stored.source().equals("file")) {
            throw conflict(name, "comes from the rules file (procscope.alerts.rules-file): change it there");
        }
        return stored;
    }

    /** Resolves the rule's firing alerts and drops its pending ones, on every host. */
    private void withdrawEverywhere(String name) {
        Map<Long, List<Transitions.Active>> byHost = new HashMap<>();
        Map<Long, String> hostnames = new HashMap<>();
        for (AlertStore.HostActive a : store.listActive(name, null, null, 0, Integer.MAX_VALUE)) {
            byHost.computeIfAbsent(a.hostId(), k -> new java.util.ArrayList<>()).add(a.active());
            hostnames.put(a.hostId(), a.hostname());
        }
        long now = clock.millis();
        byHost.forEach((hostId, active) -> engine.withdraw(hostId, hostnames.get(hostId), name, active, now));
    }

    private String definition(AlertRule rule) {
        try {
            return mapper.writeValueAsString(RuleJson.definition(rule));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Rules always serialize", e);
        }
    }

    private static ProblemException conflict(String name, String why) {
        return new ProblemException(
                Response.Status.CONFLICT, "The alert rule " + RuleParser.excerpt(name) + " " + why + ".");
    }
}
