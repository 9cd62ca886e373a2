package io.procscope.api.query;

import io.procscope.api.problem.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The fleet's hosts and their processes, as JSON. */
@Path("/api/v1/hosts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Hosts", description = "Hosts and their newest state")
public class HostResource {

    private final FleetQueries queries;

    HostResource(FleetQueries queries) {
        this.queries = queries;
    }

    @GET
    @Operation(summary = "List hosts", description = "Every host that has reported, with its newest state, by name.")
    public List<HostSummary> listHosts() {
        return queries.listHosts();
    }

    @GET
    @Path("/{hostname}")
    @Operation(summary = "One host", description = "A host with its newest state; 404 for a host never seen.")
    public HostSummary getHost(@PathParam("hostname") String hostname) {
        return queries.findHost(hostname)
                .orElseThrow(() -> ProblemException.notFound("No host named '" + hostname + "' has reported."));
    }

    @GET
    @Path("/{hostname}/processes")
    @Operation(
            summary = "A host's processes",
            description = "The processes of the host's newest report, busiest first; 404 for a host never seen.")
    public ProcessPage listProcesses(@PathParam("hostname") String hostname) {
        return queries.latestProcesses(hostname);
    }
}
