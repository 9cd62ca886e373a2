package io.procscope.api.dashboard;

import io.procscope.api.problem.ProblemException;
import io.procscope.api.query.HostQueries;
import io.procscope.api.query.ProcessListQueries;
import io.procscope.api.query.ProcessPage;
import io.procscope.api.query.ProcessRow;
import io.procscope.dto.ProcessStatus;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A host's processes, with a host picker, search, filters (state, user, and where the host runs
 * containers, pod and container), sortable columns and pages.
 */
@Path("/processes")
@Produces(MediaType.TEXT_HTML)
public class ProcessesPage {

    /** The states a process can be filtered by, lower case as the API takes them. */
    static final List<String> STATUSES = Arrays.stream(ProcessStatus.values())
            .map(s -> s.name().toLowerCase(Locale.ROOT))
            .toList();

    /** Most processes one page shows, whatever {@code limit} asks: the JSON API pages larger. */
    static final int MAX_LIMIT = 200;

    /** Most users the user filter offers, those running the most processes first. */
    static final int USERS_OFFERED = 100;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance processes(
                List<String> hostNames,
                ProcessPage page,
                ProcessFilters filters,
                List<String> users,
                List<String> statuses,
                boolean containers);
    }

    private final HostQueries hostQueries;
    private final ProcessListQueries processListQueries;

    ProcessesPage(HostQueries hostQueries, ProcessListQueries processListQueries) {
        this.hostQueries = hostQueries;
        this.processListQueries = processListQueries;
    }

    /** The processes of {@code host}, or of the first reporting host when none is chosen. */
    @GET
    public TemplateInstance processes(
            @QueryParam("host") String host,
            @QueryParam("q") String q,
            @QueryParam("status") String status,
            @QueryParam("user") String user,
            @QueryParam("container") String container,
            @QueryParam("pod") String pod,
            @QueryParam("sort") String sort,
            @QueryParam("offset") Integer offset,
            @QueryParam("limit") Integer limit) {
        String chosen = HostChoice.choose(host, hostQueries);
        List<String> hosts = HostChoice.suggestions(hostQueries, chosen);
        if (chosen == null) {
            return Templates.processes(hosts, null, null, List.of(), STATUSES, false);
        }
        if (limit != null && limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT + ", not " + limit + ".");
        }
        ProcessFilters filters = ProcessFilters.of(chosen, q, status, user, container, pod, sort, offset, limit);
        ProcessPage page = processListQueries.processes(chosen, filters.toQuery());
        if (page.total() > 0 && filters.offset() >= page.total()) {
            // A page past the end (the host runs fewer processes than when the link was made): the last one.
            filters = filters.atOffset((page.total() - 1) / filters.limit() * filters.limit());
            page = processListQueries.processes(chosen, filters.toQuery());
        }
        List<ProcessRow> all = processListQueries.allProcesses(chosen).processes();
        List<String> users = usersOffered(all, filters.user());
        // The pod and container filters are offered only where they can narrow the list.
        boolean containers = !filters.container().isEmpty()
                || !filters.pod().isEmpty()
                || all.stream().anyMatch(p -> p.containerId() != null || p.podUid() != null || p.podName() != null);
        return Templates.processes(hosts, page, filters, users, STATUSES, containers);
    }

    /**
     * The users the user filter offers, A to Z: the {@value #USERS_OFFERED} running the most
     * processes, and the one chosen; a forged report of a user per process cannot make it longer.
     */
    static List<String> usersOffered(List<ProcessRow> processes, String chosen) {
        Map<String, Long> counts = processes.stream()
                .map(ProcessRow::user)
                .filter(Objects::nonNull)
                .collect(Collectors.groupingBy(u -> u, Collectors.counting()));
        TreeSet<String> offered = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(USERS_OFFERED)
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        if (!chosen.isEmpty()) {
            offered.add(chosen);
        }
        return List.copyOf(offered);
    }
}
