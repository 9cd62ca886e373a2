package io.procscope.api.dashboard;

import io.procscope.api.query.HostQueries;
import io.procscope.api.query.HostSummary;
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
import java.util.Objects;

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

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance processes(
                List<HostSummary> hosts,
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
        List<HostSummary> hosts = hostQueries.listHosts();
        String chosen = HostChoice.choose(host, hosts);
        if (chosen == null) {
            return Templates.processes(hosts, null, null, List.of(), STATUSES, false);
        }
        ProcessFilters filters = ProcessFilters.of(chosen, q, status, user, container, pod, sort, offset, limit);
        ProcessPage page = processListQueries.processes(chosen, filters.toQuery());
        List<ProcessRow> all = processListQueries.allProcesses(chosen).processes();
        List<String> users = all.stream()
                .map(ProcessRow::user)
                .filter(Objects::nonNull)
                .distinct()
                .sorted()
                .toList();
        // The pod and container filters are offered only where they can narrow the list.
        boolean containers = !filters.container().isEmpty()
                || !filters.pod().isEmpty()
                || all.stream().anyMatch(p -> p.containerId() != null || p.podUid() != null || p.podName() != null);
        return Templates.processes(hosts, page, filters, users, STATUSES, containers);
    }
}
