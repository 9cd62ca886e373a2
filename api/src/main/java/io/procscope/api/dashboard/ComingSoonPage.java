package io.procscope.api.dashboard;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Pages in the navigation that a later release builds; each says so. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ComingSoonPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(String active, String title, String description);
    }

    @GET
    @Path("/tree")
    public TemplateInstance tree() {
        return Templates.page("tree", "Process tree", "The tree of a host's processes, with subtree totals.");
    }

    @GET
    @Path("/analytics")
    public TemplateInstance analytics() {
        return Templates.page("analytics", "Analytics", "Charts over time for a host or the fleet.");
    }
}
