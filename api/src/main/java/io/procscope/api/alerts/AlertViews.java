package io.procscope.api.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** What the alerts API answers with, and what the dashboard's alerts page shows. */
public final class AlertViews {

    private AlertViews() {}

    /**
     * An alert active now.
     *
     * @param rule its rule's name
     * @param hostname the host it is on
     * @param subject {@code ""} for the host itself, {@code pid:start} for one process
     * @param pid the process's pid, or null
     * @param startTimeMillis the process's start, ms since the epoch, or null
     * @param state {@code pending} or {@code firing}
     * @param pendingSinceMillis when it went pending, ms since the epoch (API clock)
     * @param firingSinceMillis when it fired, or null while pending
     * @param value the value measured at its last transition
     * @param severity its rule's severity
     * @param labels its rule's labels
     * @param summary one line for people
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ActiveAlert(
            String rule,
            String hostname,
            String subject,
            Integer pid,
            Long startTimeMillis,
            String state,
            long pendingSinceMillis,
            Long firingSinceMillis,
            double value,
            String severity,
            Map<String, String> labels,
            String summary) {}

    /**
     * The fleet's alerts now, as the live event {@code alerts} carries them.
     *
     * @param firing how many fire
     * @param active how many are firing or pending
     */
    public record Counts(long firing, long active) {}

    /**
     * A page of active alerts.
     *
     * @param total how many are active in all (of the rule or host asked for), firing and pending
     * @param firing how many of them are firing
     * @param offset where the page starts
     * @param limit the most it holds
     * @param alerts firing first, then pending, newest first
     */
    public record ActivePage(long total, long firing, int offset, int limit, List<ActiveAlert> alerts) {}

    /**
     * One recorded transition.
     *
     * @param id its id; pass the last one's as {@code before} for the next page
     * @param rule its rule's name
     * @param hostname the host
     * @param subject {@code ""} or {@code pid:start}
     * @param pid the process's pid, or null
     * @param startTimeMillis the process's start, or null
     * @param transition {@code pending}, {@code firing} or {@code resolved}
     * @param atMillis when, ms since the epoch (API clock)
     * @param value the measured value
     * @param severity the rule's severity then
     * @param labels the rule's labels then
     * @param summary one line for people
     */
    public record AlertEvent(
            long id,
            String rule,
            String hostname,
            String subject,
            Integer pid,
            Long startTimeMillis,
            String transition,
            long atMillis,
            double value,
            String severity,
            Map<String, String> labels,
            String summary) {}

    /**
     * A page of history.
     *
     * @param events newest first
     * @param nextBefore the {@code before} of the next page, or null when this is the last
     */
    public record HistoryPage(List<AlertEvent> events, Long nextBefore) {}

    /**
     * A rule as the dashboard lists it.
     *
     * @param name its name
     * @param source {@code file} or {@code api}
     * @param hosts the hosts it applies to, as JSON; empty for every host
     * @param condition its condition, as JSON
     * @param forDuration its {@code for}, as {@code 2m}
     * @param severity its severity
     * @param enabled whether it is evaluated
     * @param readable false for a stored definition this version cannot read (the other fields
     *     but name, source and enabled are then empty)
     * @param createdMillis when it was created (for a file rule: first read), ms since the epoch
     * @param updatedMillis when it last changed, ms since the epoch
     */
    public record RuleLine(
            String name,
            String source,
            String hosts,
            String condition,
            String forDuration,
            String severity,
            boolean enabled,
            boolean readable,
            long createdMillis,
            long updatedMillis) {

        /** True for a rule of the rules file, which only the file changes. */
        public boolean fromFile() {
            return "file".equals(source);
        }
    }

    /**
     * A rule as the API shows it: the rule's own fields, then where it came from.
     *
     * @param rule the rule, canonical
     * @param source {@code file} (read-only here) or {@code api}
     * @param createdMillis when it was created, ms since the epoch
     * @param updatedMillis when it last changed
     */
    static JsonNode ruleView(JsonNode rule, String source, long createdMillis, long updatedMillis) {
        com.fasterxml.jackson.databind.node.ObjectNode o =
                ((com.fasterxml.jackson.databind.node.ObjectNode) rule).deepCopy();
        o.put("source", source);
        o.put("createdMillis", createdMillis);
        o.put("updatedMillis", updatedMillis);
        return o;
    }
}
