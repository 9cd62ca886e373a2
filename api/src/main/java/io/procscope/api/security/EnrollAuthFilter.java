package io.procscope.api.security;

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
 * Refuses requests to {@link EnrollAuthenticated} endpoints without a valid enrollment secret,
 * before their body is read, and tells {@link AuthenticatedAgent} which secret the others were made
 * with. A host credential is not an enrollment secret.
 */
@Provider
@EnrollAuthenticated
@jakarta.annotation.Priority(Priorities.AUTHENTICATION)
public class EnrollAuthFilter implements ContainerRequestFilter {

    /** Counter of refused enrollments, tagged with the {@code reason}. */
    public static final String REJECTED = "procscope.enroll.rejected";

    private static final String BEARER = "Bearer ";

    private final EnrollSecrets secrets;
    private final AuthenticatedAgent agent;
    private final MeterRegistry registry;

    EnrollAuthFilter(EnrollSecrets secrets, AuthenticatedAgent agent, MeterRegistry registry) {
        this.secrets = secrets;
        this.agent = agent;
        this.registry = registry;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            reject(
                    request,
                    "missing_secret",
                    "An enrollment secret is required: send 'Authorization: Bearer <enrollment secret>'.");
            return;
        }
        String token = header.substring(BEARER.length()).strip();
        Optional<String> digest = secrets.matching(token);
        if (digest.isPresent()) {
            agent.authenticateEnrollment(digest.get());
        } else if (HostCredentials.looksLikeCredential(token)) {
            reject(
                    request,
                    "invalid_secret",
                    "This is a host credential, not an enrollment secret: a host enrolls with the fleet's"
                            + " enrollment secret (procscope.enroll-secrets).");
        } else {
            reject(request, "invalid_secret", "The enrollment secret is not valid.");
        }
    }

    private void reject(ContainerRequestContext request, String reason, String detail) {
        registry.counter(REJECTED, "reason", reason).increment();
        request.abortWith(Response.fromResponse(
                        Problem.of(Response.Status.UNAUTHORIZED, detail).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"procscope\"")
                .build());
    }
}
