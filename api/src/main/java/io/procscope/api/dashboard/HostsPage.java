package io.procscope.api.dashboard;

import io.procscope.api.alerts.AlertQueries;
import io.procscope.api.alerts.AlertViews;
import io.procscope.api.problem.ProblemException;
import io.procscope.api.query.HostQueries;
import io.procscope.api.query.HostSummary;
import io.procscope.api.query.ProcessListQueries;
import io.procscope.api.query.ProcessPage;
import io.procscope.api.query.ProcessQuery;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The hosts table and each host's page. */
@Path("/hosts")
@Produces(MediaType.TEXT_HTML)
public class HostsPage {

    /**
     * Processes a host's page lists, busiest first; the processes page has them all, in pages. The
     * page stays one screen whatever the host runs.
     */
    static final int HOST_PAGE_PROCESSES = 50;

    /** The orders a host's busiest processes are listed in: by CPU (the default) or by memory. */
    static final List<String> BUSIEST_BY = List.of("cpu", "memory");

    /** Hosts one page of the hosts table lists. */
    static final int HOSTS_PER_PAGE = 100;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(HostQueries.HostPage page, HostSearch search, Map<String, Long> firing);

        /** The table alone, for a live update and for the search as the person types. */
        static native TemplateInstance list$rows(
                HostQueries.HostPage page, HostSearch search, Map<String, Long> firing);

        static native TemplateInstance detail(
                HostSummary host, ProcessPage page, Busiest busiest, TimeWindow window, AlertViews.ActivePage alerts);
    }

    /**
     * The hosts table's search and order, as they stand in its URL.
     *
     * @param q text in the name, operating system or platform; empty for all
     * @param sort a column, {@code -} first for descending
     */
    public record HostSearch(String q, String sort) {

        public String sortColumn() {
            return sort.startsWith("-") ? sort.substring(1) : sort;
        }

        public String ariaSort(String column) {
            return !column.equals(sortColumn()) ? "none" : sort.startsWith("-") ? "descending" : "ascending";
        }

        public String sortLink(String column) {
            String next = column.equals(sortColumn()) && !sort.startsWith("-") ? "-" + column : column;
            return "/hosts?" + (q.isEmpty() ? "" : "q=" + Formats.url(q) + "&") + "sort=" + Formats.url(next);
        }

        /** The link to the page of the table that starts at {@code offset}, with this search and order. */
        public String pageLink(int offset) {
            return "/hosts?" + (q.isEmpty() ? "" : "q=" + Formats.url(q) + "&") + "sort=" + Formats.url(sort)
                    + (offset > 0 ? "&offset=" + offset : "");
        }
    }

    /**
     * What a host's page lists of its processes: the busiest {@link #HOST_PAGE_PROCESSES} by CPU
     * or by memory, with links to all of them on the processes page in the same order.
     *
     * @param hostname the host
     * @param by {@code cpu} or {@code memory}
     */
    @TemplateData
    public record Busiest(String hostname, String by) {

        /** The {@code sort} parameter of this page: empty for the default order. */
        public String sortParam() {
            return by.equals(BUSIEST_BY.get(0)) ? "" : by;
        }

        /** This page listing by {@code order}, in the time window {@code window}. */
        public String link(String order, TimeWindow window) {
            return Formats.hostPath(hostname) + "?" + (order.equals(BUSIEST_BY.get(0)) ? "" : "sort=" + order + "&")
                    + window.query();
        }

        /** The processes page of this host, in the same order. */
        public String allLink() {
            return ProcessFilters.link(hostname, "", "", "", "", "", "-" + by, 0, ProcessFilters.DEFAULT_LIMIT);
        }
    }

    private final HostQueries hostQueries;
    private final ProcessListQueries processListQueries;
    /** Active alerts a host's page lists, firing first. */
    static final int HOST_PAGE_ALERTS = 20;

    private final AlertQueries alerts;
    private final Clock clock;

    HostsPage(HostQueries hostQueries, ProcessListQueries processListQueries, AlertQueries alerts, Clock clock) {
        this.alerts = alerts;
        this.hostQueries = hostQueries;
        this.processListQueries = processListQueries;
        this.clock = clock;
    }

    /**
     * A page of {@value #HOSTS_PER_PAGE} hosts, searched, sorted and paged by the database; with
     * {@code fragment=rows} the table alone.
     */
    @GET
    public TemplateInstance list(
            @QueryParam("q") String q,
            @QueryParam("sort") String sort,
            @QueryParam("offset") String offset,
            @QueryParam("fragment") String fragment) {
        HostSearch search =
                new HostSearch(q == null ? "" : q.strip(), sort == null || sort.isBlank() ? "name" : sort.strip());
        int from = Paging.offset(offset);
        HostQueries.HostPage page = hostQueries.pageHosts(search.q(), search.sort(), from, HOSTS_PER_PAGE);
        if ("rows".equals(fragment)) {
            return Templates.list$rows(page, search, alerts.firingByHost());
        }
        if (fragment != null && !fragment.isBlank()) {
            throw ProblemException.badRequest("fragment must be rows, not '" + fragment + "'.");
        }
        return Templates.list(page, search, alerts.firingByHost());
    }

    @GET
    @Path("/{hostname}")
    public TemplateInstance detail(
            @PathParam("hostname") String hostname,
            @QueryParam("sort") String sort,
            @QueryParam("from") String from,
            @QueryParam("to") String to) {
        String by = sort == null || sort.isBlank()
                ? BUSIEST_BY.get(0)
                : sort.strip().toLowerCase(Locale.ROOT);
        if (!BUSIEST_BY.contains(by)) {
            throw ProblemException.badRequest(
                    "Unknown sort '" + sort + "': use one of " + String.join(", ", BUSIEST_BY) + ".");
        }
        HostSummary host = hostQueries
                .findHost(hostname)
                .orElseThrow(() -> ProblemException.notFound("No host named '" + hostname + "' has reported."));
        return Templates.detail(
                host,
                processListQueries.processes(
                        hostname, ProcessQuery.parse(null, null, null, null, null, "-" + by, 0, HOST_PAGE_PROCESSES)),
                new Busiest(host.hostname(), by),
                TimeWindow.parse(from, to, clock),
                alerts.active(null, host.hostname(), 0, HOST_PAGE_ALERTS));
    }
}
