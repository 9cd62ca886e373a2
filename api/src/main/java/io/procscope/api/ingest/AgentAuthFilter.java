package io.procscope.api.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.procscope.api.problem.Problem;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses requests to {@link AgentAuthenticated} endpoints without a valid API key, before their
 * body is read.
 */
@Provider
@AgentAuthenticated
@jakarta.annotation.Priority(Priorities.AUTHENTICATION)
public class AgentAuthFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final AgentKeys keys;
    private final MeterRegistry registry;

    AgentAuthFilter(AgentKeys keys, MeterRegistry registry) {
        this.keys = keys;
        this.registry = registry;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            reject(request, "missing_key", "An agent API key is required: send 'Authorization: Bearer <key>'.");
        } else if (!keys.accepts(header.substring(BEARER.length()).strip())) {
            reject(request, "invalid_key", "The API key is not valid.");
        }
    }

    private void reject(ContainerRequestContext request, String reason, String detail) {
        registry.counter(IngestService.REJECTED, "reason", reason).increment();
        request.abortWith(Response.fromResponse(
                        Problem.of(Response.Status.UNAUTHORIZED, detail).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"procscope\"")
                .build());
    }
}
