package io.procscope.api.dashboard;

import io.procscope.api.query.FleetQueries;
import io.procscope.api.query.HostSummary;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The dashboard's front page: the fleet at a glance. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class OverviewPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(FleetTotals fleet, List<HostSummary> hosts);
    }

    private final FleetQueries queries;

    OverviewPage(FleetQueries queries) {
        this.queries = queries;
    }

    @GET
    public TemplateInstance overview() {
        List<HostSummary> hosts = queries.listHosts();
        return Templates.overview(FleetTotals.of(hosts), hosts);
    }
}
