package io.procscope.api.dashboard;

import io.procscope.api.problem.ProblemException;
import io.procscope.api.query.SearchQueries;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateExtension;
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
        static native TemplateInstance search(String q, SearchQueries.Found found);

        /** The results alone, for a live update. */
        static native TemplateInstance search$results(String q, SearchQueries.Found found);
    }

    /** Hosts one page of results lists. */
    static final int HOSTS_PER_PAGE = SearchQueries.DEFAULT_HOST_LIMIT;

    private final SearchQueries searchQueries;

    SearchPage(SearchQueries searchQueries) {
        this.searchQueries = searchQueries;
    }

    /**
     * A page of {@value #HOSTS_PER_PAGE} hosts that run a matching process, from {@code offset};
     * with {@code fragment=results} the results alone.
     */
    @GET
    public TemplateInstance search(
            @QueryParam("q") String q, @QueryParam("offset") String offset, @QueryParam("fragment") String fragment) {
        String text = q == null ? "" : q.strip();
        int from = Paging.offset(offset);
        SearchQueries.Found found = text.isEmpty()
                ? new SearchQueries.Found(List.of(), 0, 0, true, 0, HOSTS_PER_PAGE)
                : searchQueries.search(text, from, HOSTS_PER_PAGE);
        if ("results".equals(fragment)) {
            return Templates.search$results(text, found);
        }
        if (fragment != null && !fragment.isBlank()) {
            throw ProblemException.badRequest("fragment must be results, not '" + fragment + "'.");
        }
        return Templates.search(text, found);
    }

    /** The link to the page of results that starts at {@code offset}. */
    @TemplateExtension(namespace = "search")
    static String pageLink(String q, int offset) {
        return "/search?q=" + Formats.url(q) + (offset > 0 ? "&offset=" + offset : "");
    }
}
