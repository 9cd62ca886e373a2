package io.procscope.api.dashboard;

import io.procscope.api.query.FleetQueries;
import io.procscope.api.query.HostSummary;
import io.procscope.api.query.ProcessPage;
import io.procscope.api.query.ProcessQuery;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** A host's processes, with a host picker. */
@Path("/processes")
@Produces(MediaType.TEXT_HTML)
public class ProcessesPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance processes(List<HostSummary> hosts, ProcessPage page);
    }

    private final FleetQueries queries;

    ProcessesPage(FleetQueries queries) {
        this.queries = queries;
    }

    /** The processes of {@code host}, or of the first host when none is chosen. */
    @GET
    public TemplateInstance processes(@QueryParam("host") String host) {
        List<HostSummary> hosts = queries.listHosts();
        String chosen = host != null && !host.isBlank()
                ? host
                : hosts.isEmpty() ? null : hosts.get(0).hostname();
        ProcessPage page = chosen == null
                ? null
                : queries.processes(chosen, ProcessQuery.parse(null, null, null, null, 0, ProcessQuery.MAX_LIMIT));
        return Templates.processes(hosts, page);
    }
}
