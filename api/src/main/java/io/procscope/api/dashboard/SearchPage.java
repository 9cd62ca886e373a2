package io.procscope.api.dashboard;

import io.procscope.api.query.FleetMatch;
import io.procscope.api.query.SearchQueries;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Fleet search: a process name in, every host that runs it out. */
@Path("/search")
@Produces(MediaType.TEXT_HTML)
public class SearchPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance search(String q, List<FleetMatch> matches, int processes);
    }

    private final SearchQueries searchQueries;

    SearchPage(SearchQueries searchQueries) {
        this.searchQueries = searchQueries;
    }

    @GET
    public TemplateInstance search(@QueryParam("q") String q) {
        String text = q == null ? "" : q.strip();
        List<FleetMatch> matches = text.isEmpty() ? List.of() : searchQueries.search(text);
        int processes = matches.stream().mapToInt(FleetMatch::matches).sum();
        return Templates.search(text, matches, processes);
    }
}
