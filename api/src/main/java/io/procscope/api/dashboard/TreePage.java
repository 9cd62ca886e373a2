package io.procscope.api.dashboard;

import io.procscope.api.problem.ProblemException;
import io.procscope.api.query.HostQueries;
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
 * A host's processes as a tree. The page holds its first screen only (the roots and their
 * children, see {@link TreeView}), rendered on the server as nested lists; opening a closed node or
 * a "more" line asks {@code /tree/children} for the next children, a fragment of at most {@value
 * TreeView#CHILDREN_PAGE}, and a search asks the server for its first matches with the processes
 * above them. So the page is interactive as soon as it is parsed, however many processes the host
 * runs. The whole tree stays available as JSON at {@code /api/v1/hosts/{host}/tree}.
 */
@Path("/tree")
@Produces(MediaType.TEXT_HTML)
public class TreePage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance tree(List<String> hostNames, TreeView view);

        static native TemplateInstance children(List<TreeView.Line> lines, String hostPath);
    }

    private final HostQueries hostQueries;
    private final TreeQueries treeQueries;

    TreePage(HostQueries hostQueries, TreeQueries treeQueries) {
        this.hostQueries = hostQueries;
        this.treeQueries = treeQueries;
    }

    @GET
    public TemplateInstance tree(@QueryParam("host") String host, @QueryParam("q") String q) {
        String chosen = HostChoice.choose(host, hostQueries);
        return Templates.tree(
                HostChoice.suggestions(hostQueries, chosen),
                chosen == null ? null : TreeView.of(treeQueries.tree(chosen), q));
    }

    /**
     * The children of one process of a host's tree, or its roots without {@code pid}, from {@code
     * offset}: list items for the page's script to put under the node it opens.
     *
     * @param start the process's start time, ms since the epoch, which tells apart two processes
     *     that had the same pid; any when absent
     */
    @GET
    @Path("/children")
    public TemplateInstance children(
            @QueryParam("host") String host,
            @QueryParam("pid") String pid,
            @QueryParam("start") String start,
            @QueryParam("offset") String offset) {
        if (host == null || host.isBlank()) {
            throw ProblemException.badRequest("host is required.");
        }
        Integer parent = whole("pid", pid);
        Integer from = whole("offset", offset);
        Long started = null;
        if (start != null && !start.isBlank()) {
            try {
                started = Long.valueOf(start.strip());
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("start must be ms since the epoch, not '" + start + "'.");
            }
        }
        if (from != null && from < 0) {
            throw ProblemException.badRequest("offset must be 0 or more, not " + from + ".");
        }
        return Templates.children(
                TreeView.children(treeQueries.hostTree(host.strip()), parent, started, from == null ? 0 : from),
                Formats.hostPath(host.strip()));
    }

    private static Integer whole(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " must be a whole number, not '" + value + "'.");
        }
    }
}
