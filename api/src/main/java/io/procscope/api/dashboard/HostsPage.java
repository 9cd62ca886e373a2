package io.procscope.api.dashboard;

import io.procscope.api.problem.ProblemException;
import io.procscope.api.query.FleetQueries;
import io.procscope.api.query.HostSummary;
import io.procscope.api.query.ProcessPage;
import io.procscope.api.query.ProcessQuery;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The hosts table and each host's page. */
@Path("/hosts")
@Produces(MediaType.TEXT_HTML)
public class HostsPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<HostSummary> hosts);

        static native TemplateInstance detail(HostSummary host, ProcessPage page);
    }

    private final FleetQueries queries;

    HostsPage(FleetQueries queries) {
        this.queries = queries;
    }

    @GET
    public TemplateInstance list() {
        return Templates.list(queries.listHosts());
    }

    @GET
    @Path("/{hostname}")
    public TemplateInstance detail(@PathParam("hostname") String hostname) {
        HostSummary host = queries.findHost(hostname)
                .orElseThrow(() -> ProblemException.notFound("No host named '" + hostname + "' has reported."));
        return Templates.detail(
                host,
                queries.processes(hostname, ProcessQuery.parse(null, null, null, null, 0, ProcessQuery.MAX_LIMIT)));
    }
}
