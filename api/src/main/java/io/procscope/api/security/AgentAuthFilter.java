package io.procscope.api.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.procscope.api.problem.Problem;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Refuses requests to {@link AgentAuthenticated} endpoints without a valid API key, before their
 * body is read, and tells {@link AuthenticatedAgent} which key the others were made with.
 */
@Provider
@AgentAuthenticated
@jakarta.annotation.Priority(Priorities.AUTHENTICATION)
public class AgentAuthFilter implements ContainerRequestFilter {

    /**
     * Counter of refused reports, tagged with the {@code reason}. This filter counts {@code
     * missing_key} and {@code invalid_key}; ingest counts the reports it refuses after reading them
     * in the same counter, so that one series shows every report that was not stored.
     */
    public static final String REJECTED = "procscope.ingest.rejected";

    private static final String BEARER = "Bearer ";

    private final AgentKeys keys;
    private final AuthenticatedAgent agent;
    private final Counter missingKey;
    private final Counter invalidKey;

    AgentAuthFilter(AgentKeys keys, AuthenticatedAgent agent, MeterRegistry registry) {
        this.keys = keys;
        this.agent = agent;
        this.missingKey = registry.counter(REJECTED, "reason", "missing_key");
        this.invalidKey = registry.counter(REJECTED, "reason", "invalid_key");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            reject(request, missingKey, "An agent API key is required: send 'Authorization: Bearer <key>'.");
            return;
        }
        Optional<String> digest =
                keys.matching(header.substring(BEARER.length()).strip());
        if (digest.isEmpty()) {
            reject(request, invalidKey, "The API key is not valid.");
        } else {
            agent.authenticate(digest.get());
        }
    }

    private static void reject(ContainerRequestContext request, Counter rejected, String detail) {
        rejected.increment();
        request.abortWith(Response.fromResponse(
                        Problem.of(Response.Status.UNAUTHORIZED, detail).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"procscope\"")
                .build());
    }
}
