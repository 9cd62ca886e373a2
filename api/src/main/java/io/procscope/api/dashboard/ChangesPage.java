package io.procscope.api.dashboard;

import io.procscope.api.problem.ProblemException;
import io.procscope.api.query.FleetChangeList;
import io.procscope.api.query.HostQueries;
import io.procscope.api.query.ProcessChanges;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Processes started and exited in a chosen window, on one host or the whole fleet: a page of the
 * newest, then older pages by a cursor, whatever the history's size.
 */
@Path("/changes")
@Produces(MediaType.TEXT_HTML)
public class ChangesPage {

    /** Events one page lists. */
    static final int PER_PAGE = 100;

    /** Events counted of each kind at most: past it the page says "more than". */
    static final int COUNT_CAP = 10_000;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance changes(
                List<String> hostNames, String host, String kind, TimeWindow window, Listed listed);

        /** The counts and the list alone, for a live update. */
        static native TemplateInstance changes$events(String host, String kind, TimeWindow window, Listed listed);
    }

    /**
     * What the page lists.
     *
     * @param events the page's events, newest first
     * @param started starts in the window, counted up to {@link #COUNT_CAP} + 1
     * @param exited exits in the window, counted up to {@link #COUNT_CAP} + 1
     * @param olderLink the link to the next page, of older events; null when there is none
     * @param newestLink the link to the first page, when this is not it; else null
     */
    public record Listed(
            List<FleetChangeList.Event> events, long started, long exited, String olderLink, String newestLink) {

        /** A count as the page says it: "more than 10000" past the cap. */
        public String says(long count) {
            return count > COUNT_CAP ? "more than " + COUNT_CAP : Long.toString(count);
        }
    }

    private final HostQueries hostQueries;
    private final FleetChangeList changes;
    private final Clock clock;

    ChangesPage(HostQueries hostQueries, FleetChangeList changes, Clock clock) {
        this.hostQueries = hostQueries;
        this.changes = changes;
        this.clock = clock;
    }

    /**
     * @param kind {@code started}, {@code exited}, or empty for both
     * @param before the cursor of an "older" link: the events after it; empty for the newest
     * @param fragment {@code events} for the counts and the list alone
     */
    @GET
    public TemplateInstance changes(
            @QueryParam("host") String host,
            @QueryParam("kind") String kind,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("before") String before,
            @QueryParam("fragment") String fragment) {
        TimeWindow window = TimeWindow.parse(from, to, clock);
        String chosen = host == null || host.isBlank() ? "" : host.strip();
        String wanted = kind == null ? "" : kind.strip().toLowerCase(Locale.ROOT);
        if (!wanted.isEmpty()
                && Arrays.stream(ProcessChanges.Kind.values())
                        .noneMatch(k -> k.name().equalsIgnoreCase(wanted))) {
            throw ProblemException.badRequest("'kind' must be started, exited or empty for both, not '" + kind + "'.");
        }
        if (fragment != null && !fragment.isBlank() && !"events".equals(fragment)) {
            throw ProblemException.badRequest("fragment must be events, not '" + fragment + "'.");
        }
        FleetChangeList.Cursor cursor = FleetChangeList.Cursor.parse(before);
        String hostname = chosen.isEmpty() ? null : chosen;
        Set<ProcessChanges.Kind> kinds = wanted.isEmpty()
                ? EnumSet.allOf(ProcessChanges.Kind.class)
                : EnumSet.of(ProcessChanges.Kind.valueOf(wanted.toUpperCase(Locale.ROOT)));
        FleetChangeList.Page page = changes.page(hostname, window.range(), kinds, cursor, PER_PAGE);
        String base = firstPageLink(chosen, wanted, window);
        Listed listed = new Listed(
                page.events(),
                changes.count(hostname, ProcessChanges.Kind.STARTED, window.range(), COUNT_CAP),
                changes.count(hostname, ProcessChanges.Kind.EXITED, window.range(), COUNT_CAP),
                page.next() == null ? null : base + "&before=" + page.next(),
                cursor == null ? null : base);
        if ("events".equals(fragment)) {
            return Templates.changes$events(chosen, wanted, window, listed);
        }
        return Templates.changes(HostChoice.suggestions(hostQueries, chosen), chosen, wanted, window, listed);
    }

    /** The page's URL for this host, kind and window: its first page. */
    private static String firstPageLink(String host, String kind, TimeWindow window) {
        StringBuilder link = new StringBuilder("/changes?from=").append(Formats.url(window.from()));
        if (window.to() != null && !window.to().isEmpty()) {
            link.append("&to=").append(Formats.url(window.to()));
        }
        if (!host.isEmpty()) {
            link.append("&host=").append(Formats.url(host));
        }
        if (!kind.isEmpty()) {
            link.append("&kind=").append(Formats.url(kind));
        }
        return link.toString();
    }
}
