package io.procscope.api.problem;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Shows an error to a person as a page in the dashboard's look: a browser that follows a bad link
 * or a stale bookmark gets "Not Found" with a way back, not problem details. Everyone else, scripts
 * and agents, keeps problem details ({@link Problem}). Whether a client is a browser is its {@code
 * Accept} header's to say: browsers name {@code text/html}, scripts ask for JSON or for anything.
 */
public class ErrorPages {

    private final Template page;

    ErrorPages(@Location("errors/problem.html") Template page) {
        this.page = page;
    }

    @ServerResponseFilter
    public void pageForBrowsers(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem && wantsPage(request.getAcceptableMediaTypes())) {
            response.setEntity(
                    page.data("problem", problem).render(), null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        }
    }

    /** True when the client names HTML among what it accepts; a bare wildcard is not a browser. */
    static boolean wantsPage(List<MediaType> acceptable) {
        return acceptable.stream()
                .anyMatch(type -> !type.isWildcardType() && type.isCompatible(MediaType.TEXT_HTML_TYPE));
    }
}
