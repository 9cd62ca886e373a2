package io.procscope.api.security;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Requires a read key for every JAX-RS endpoint when read keys are set: the JSON API, the
 * dashboard's pages and the event stream. Agent endpoints keep their own credentials ({@link
 * AgentAuthenticated} reports, {@link EnrollAuthenticated} enrollment), admin actions theirs ({@link
 * AdminAccessFilter}, never less than a read key); static assets, health and metrics are not JAX-RS
 * resources and stay open.
 */
public class ReadAccessFilter {

    private final ReadAccess access;

    ReadAccessFilter(ReadAccess access) {
        this.access = access;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Optional<Response> requireReadKey(ContainerRequestContext request, ResourceInfo resource) {
        if (!access.isProtected() || isAgentEndpoint(resource) || AdminAccessFilter.isAdminAction(resource)) {
            return Optional.empty();
        }
        return access.refusal(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .map(ReadAccess::toResponse);
    }

    private static boolean isAgentEndpoint(ResourceInfo resource) {
        return isAnnotated(resource, AgentAuthenticated.class) || isAnnotated(resource, EnrollAuthenticated.class);
    }

    private static boolean isAnnotated(ResourceInfo resource, Class<? extends Annotation> annotation) {
        return (resource.getResourceMethod() != null
                        && resource.getResourceMethod().isAnnotationPresent(annotation))
                || (resource.getResourceClass() != null
                        && resource.getResourceClass().isAnnotationPresent(annotation));
    }
}
