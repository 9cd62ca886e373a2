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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

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

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Map<String, Function<HostSummary, Comparable>> COLUMNS = Map.of(
            "name", h -> h.hostname().toLowerCase(Locale.ROOT),
            "status", h -> h.status().name(),
            "platform", h -> h.osName(),
            "cpus", h -> h.cpuCount(),
            "cpu", h -> h.cpuPercent(),
            "memory", h -> h.memoryUsedBytes(),
            "processes", h -> h.processCount(),
            "last", h -> h.lastReportMillis());

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(
                List<HostSummary> hosts, int total, HostSearch search, Map<String, Long> firing);

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

    @GET
    public TemplateInstance list(@QueryParam("q") String q, @QueryParam("sort") String sort) {
        HostSearch search =
                new HostSearch(q == null ? "" : q.strip(), sort == null || sort.isBlank() ? "name" : sort.strip());
        List<HostSummary> all = hostQueries.listHosts();
        return Templates.list(filterAndSort(all, search), all.size(), search, alerts.firingByHost());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<HostSummary> filterAndSort(List<HostSummary> hosts, HostSearch search) {
        String needle = search.q().toLowerCase(Locale.ROOT);
        Function<HostSummary, Comparable> key = COLUMNS.get(search.sortColumn());
        if (key == null) {
            throw ProblemException.badRequest(
                    "Unknown sort '" + search.sort() + "': use one of " + String.join(", ", COLUMNS.keySet()) + ".");
        }
        Comparator<Comparable> natural =
                search.sort().startsWith("-") ? Comparator.reverseOrder() : Comparator.naturalOrder();
        Comparator<HostSummary> order = Comparator.comparing(key, Comparator.nullsLast(natural));
        return hosts.stream()
                .filter(h -> needle.isEmpty()
                        || contains(h.hostname(), needle)
                        || contains(h.osName(), needle)
                        || contains(h.platform(), needle)
                        || contains(h.architecture(), needle))
                .sorted(order.thenComparing(HostSummary::hostname))
                .toList();
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

    private static boolean contains(String haystack, String lowerNeedle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }
}
