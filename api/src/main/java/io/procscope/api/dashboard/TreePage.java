package io.procscope.api.dashboard;

import io.procscope.api.query.HostQueries;
import io.procscope.api.query.HostSummary;
import io.procscope.api.query.TreeQueries;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * A host's processes as a tree. The whole tree is rendered on the server as nested lists, the
 * levels below the first closed; the page's script only opens, closes and searches it, so a tree of
 * thousands of processes is interactive as soon as it is parsed.
 */
@Path("/tree")
@Produces(MediaType.TEXT_HTML)
public class TreePage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance tree(List<HostSummary> hosts, TreeView view);
    }

    private final HostQueries hostQueries;
    private final TreeQueries treeQueries;

    TreePage(HostQueries hostQueries, TreeQueries treeQueries) {
        this.hostQueries = hostQueries;
        this.treeQueries = treeQueries;
    }

    @GET
    public TemplateInstance tree(@QueryParam("host") String host, @QueryParam("q") String q) {
        List<HostSummary> hosts = hostQueries.listHosts();
        String chosen = HostChoice.choose(host, hosts);
        return Templates.tree(hosts, chosen == null ? null : TreeView.of(treeQueries.tree(chosen), q));
    }
}
