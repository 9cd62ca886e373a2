package io.procscope.api.security;

import io.procscope.api.problem.Problem;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Lets an {@link AdminAction} through only with the key {@link AdminAccess} asks for, before its
 * body is read, and tells {@link AdminCaller} who made it. A POST must also say {@code
 * Content-Type: application/json}: an HTML form of another site can post to the API with the
 * browser's credentials, but only as a form or text, and a script of another site cannot set that
 * type without a CORS preflight, which the API does not grant unless {@code procscope.cors.origins}
 * lists the site.
 */
public class AdminAccessFilter {

    private final AdminAccess access;
    private final AdminCaller caller;

    AdminAccessFilter(AdminAccess access, AdminCaller caller) {
        this.access = access;
        this.caller = caller;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Optional<Response> requireAdminKey(
            ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
        if (!isAdminAction(resource)) {
            return Optional.empty();
        }
        AdminAccess.Decision decision = access.decide(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (!decision.isAllowed()) {
            return Optional.of(AdminAccess.toResponse(decision));
        }
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (HttpMethod.POST.equals(request.getMethod()) && !isJson(contentType)) {
            return Optional.of(Problem.of(
                            Response.Status.UNSUPPORTED_MEDIA_TYPE,
                            "Admin actions take 'Content-Type: application/json' (a form of another site cannot "
                                    + "send it), not "
                                    + (contentType == null ? "none" : "'" + LogText.printable(contentType) + "'")
                                    + ".")
                    .toResponse());
        }
        caller.identify(decision.keyDigest(), address(http));
        return Optional.empty();
    }

    static boolean isAdminAction(ResourceInfo resource) {
        return (resource.getResourceMethod() != null
                        && resource.getResourceMethod().isAnnotationPresent(AdminAction.class))
                || (resource.getResourceClass() != null
                        && resource.getResourceClass().isAnnotationPresent(AdminAction.class));
    }

    /** True for {@code application/json}, with or without parameters such as {@code charset}. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        MediaType type;
        try {
            type = MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return "application".equalsIgnoreCase(type.getType()) && "json".equalsIgnoreCase(type.getSubtype());
    }

    /**
     * The client's address as this replica sees it: a proxy's, unless {@code
     * quarkus.http.proxy.proxy-address-forwarding} lets Quarkus take the forwarded one.
     */
    private static String address(HttpServerRequest http) {
        SocketAddress remote = http == null ? null : http.remoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.hostAddress() != null ? remote.hostAddress() : remote.toString();
    }
}
