package io.procscope.api.dashboard;

import io.procscope.api.alerts.AlertQueries;
import io.procscope.api.alerts.AlertViews;
import io.procscope.api.alerts.notify.Silence;
import io.procscope.api.alerts.notify.Silences;
import io.procscope.api.problem.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The alerts page: what fires, what is pending, what changed lately, the rules and the silences. It
 * reads what {@code /api/v1/alerts} answers, through the same {@link AlertQueries} and {@link
 * Silences}; {@code app/alerts.js} creates, edits, disables and deletes rules, and sets and ends
 * silences, through that API.
 */
@Path("/alerts")
@Produces(MediaType.TEXT_HTML)
public class AlertsPage {

    /** Active alerts per page, firing first. */
    static final int ACTIVE_PAGE = 100;
    /** Transitions per page of history. */
    static final int HISTORY_PAGE = 50;
    /** Silences listed; all active ones (at most 1000) mark the alerts they cover. */
    static final int SILENCES_SHOWN = 100;
    /** As many silences as may be active at once. */
    static final int SILENCES_READ = 1000;

    /** {@code current}, not {@code active}: the layout's {@code active} names the nav's entry. */
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance alerts(
                AlertViews.ActivePage current,
                AlertViews.HistoryPage history,
                List<AlertViews.RuleLine> rules,
                String rulesFile,
                ActiveSilences silences,
                Filter filter,
                Links links);
    }

    /**
     * The silences active now.
     *
     * @param shown the soonest to end first, at most {@value #SILENCES_SHOWN}
     * @param hidden how many more there are
     * @param all every active one, to mark the alerts they cover
     */
    public record ActiveSilences(List<Silence> shown, int hidden, List<Silence> all) {

        static ActiveSilences of(List<Silence> all) {
            return new ActiveSilences(
                    all.subList(0, Math.min(all.size(), SILENCES_SHOWN)),
                    Math.max(0, all.size() - SILENCES_SHOWN),
                    all);
        }

        /**
         * The silence that covers {@code rule}'s alert on {@code hostname} the longest, or null:
         * one of the rule on that host or on every host.
         */
        public Silence covering(String rule, String hostname) {
            Silence longest = null;
            for (Silence s : all) {
                if (s.rule().equals(rule)
                        && (s.host() == null || s.host().equals(hostname))
                        && (longest == null || s.untilMillis() > longest.untilMillis())) {
                    longest = s;
                }
            }
            return longest;
        }
    }

    /**
     * What the page is narrowed to, as its URL says.
     *
     * @param host only this host's alerts, empty for all
     * @param rule only this rule's, empty for all
     */
    public record Filter(String host, String rule) {

        public boolean any() {
            return !host.isEmpty() || !rule.isEmpty();
        }

        /** {@code /alerts?host=..&rule=..&}: a base for links that keep the filter. */
        public String base() {
            return Formats.linkBase2("/alerts", "host", host, "rule", rule);
        }
    }

    /**
     * The page's links onwards.
     *
     * @param moreActive the next page of active alerts, or null
     * @param previousActive the page of active alerts before, or null
     * @param olderHistory older transitions, or null
     * @param newestHistory the newest transitions, when these are older ones, or null
     */
    public record Links(String moreActive, String previousActive, String olderHistory, String newestHistory) {}

    private final AlertQueries queries;
    private final Silences silences;

    AlertsPage(AlertQueries queries, Silences silences) {
        this.queries = queries;
        this.silences = silences;
    }

    @GET
    public TemplateInstance alerts(
            @QueryParam("host") String host,
            @QueryParam("rule") String rule,
            @QueryParam("offset") Integer offset,
            @QueryParam("before") Long before) {
        Filter filter = new Filter(blankToEmpty(host), blankToEmpty(rule));
        int o = offset == null ? 0 : offset;
        if (o < 0 || o > 1_000_000) {
            throw ProblemException.badRequest("offset must be between 0 and 1000000, not " + o + ".");
        }
        if (before != null && before < 1) {
            throw ProblemException.badRequest("before must be an event id, 1 or more, not " + before + ".");
        }
        String h = filter.host().isEmpty() ? null : filter.host();
        String r = filter.rule().isEmpty() ? null : filter.rule();
        AlertViews.ActivePage active = queries.active(r, h, o, ACTIVE_PAGE);
        AlertViews.HistoryPage history = queries.history(before, h, r, HISTORY_PAGE);
        String base = filter.base();
        Links links = new Links(
                o + active.alerts().size() < active.total()
                        ? base + "offset=" + (o + active.alerts().size())
                        : null,
                o > 0 ? base + "offset=" + Math.max(0, o - ACTIVE_PAGE) : null,
                history.nextBefore() == null
                        ? null
                        : base + (o > 0 ? "offset=" + o + "&" : "") + "before=" + history.nextBefore() + "#history",
                before == null ? null : base + (o > 0 ? "offset=" + o + "&" : "") + "#history");
        return Templates.alerts(
                active,
                history,
                queries.rules(),
                queries.rulesFile(),
                ActiveSilences.of(silences.listActive(SILENCES_READ)),
                filter,
                links);
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.strip();
    }
}
