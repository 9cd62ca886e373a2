package io.procscope.api.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.procscope.api.problem.DatabaseOutage;
import io.procscope.api.problem.Problem;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.time.Instant;
import java.util.Optional;

/**
 * Refuses requests to {@link AgentAuthenticated} endpoints without a valid host credential, before
 * their body is read, and tells {@link AuthenticatedAgent} which host the credential is bound to.
 * Each refusal is a 401 with {@code WWW-Authenticate} and a problem type an agent can act on: enroll
 * (it sent an enrollment secret), enroll again (the credential is unknown) or wait for an operator
 * (it was revoked).
 */
@Provider
@AgentAuthenticated
@jakarta.annotation.Priority(Priorities.AUTHENTICATION)
public class AgentAuthFilter implements ContainerRequestFilter {

    /**
     * Counter of refused reports, tagged with the {@code reason}. This filter counts {@code
     * missing_key}, {@code enrollment_required}, {@code credential_unknown} and {@code
     * credential_revoked}; ingest counts the reports it refuses after reading them in the same
     * counter, so that one series shows every report that was not stored.
     */
    public static final String REJECTED = "procscope.ingest.rejected";

    /** The token is an enrollment secret: the agent must enroll and report with its credential. */
    public static final String ENROLLMENT_REQUIRED = "urn:procscope:problem:enrollment-required";

    /** No host has this credential: never issued, or its host was reset or deleted. */
    public static final String CREDENTIAL_UNKNOWN = "urn:procscope:problem:credential-unknown";

    /** An operator revoked the credential. */
    public static final String CREDENTIAL_REVOKED = "urn:procscope:problem:credential-revoked";

    private static final String BEARER = "Bearer ";
    private static final String CHALLENGE = "Bearer realm=\"procscope\"";
    private static final String INVALID_TOKEN = CHALLENGE + ", error=\"invalid_token\"";

    private final HostCredentials credentials;
    private final EnrollSecrets secrets;
    private final AuthenticatedAgent agent;
    private final DatabaseOutage outage;
    private final Counter missingKey;
    private final Counter enrollmentRequired;
    private final Counter unknown;
    private final Counter revoked;

    AgentAuthFilter(
            HostCredentials credentials,
            EnrollSecrets secrets,
            AuthenticatedAgent agent,
            DatabaseOutage outage,
            MeterRegistry registry) {
        this.credentials = credentials;
        this.outage = outage;
        this.secrets = secrets;
        this.agent = agent;
        this.missingKey = registry.counter(REJECTED, "reason", "missing_key");
        this.enrollmentRequired = registry.counter(REJECTED, "reason", "enrollment_required");
        this.unknown = registry.counter(REJECTED, "reason", "credential_unknown");
        this.revoked = registry.counter(REJECTED, "reason", "credential_revoked");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            missingKey.increment();
            request.abortWith(refusal(
                    Problem.of(
                            Response.Status.UNAUTHORIZED,
                            "A host credential is required: send 'Authorization: Bearer <credential>'. An agent gets"
                                    + " its host's credential by enrolling at POST /api/v1/enroll."),
                    CHALLENGE));
            return;
        }
        String token = header.substring(BEARER.length()).strip();
        // A credential is looked up in the database: while it is known to be away, the agent hears
        // 503 at once rather than after the pool's wait, which would hold its one sending thread.
        if (HostCredentials.looksLikeCredential(token)) {
            Optional<Response> away = outage.refusalWhileUnreachable(request.getAcceptableMediaTypes());
            if (away.isPresent()) {
                request.abortWith(away.get());
                return;
            }
        }
        Optional<HostCredentials.Bound> credential = credentials.lookUp(token);
        if (credential.isEmpty()) {
            if (secrets.accepts(token)) {
                enrollmentRequired.increment();
                request.abortWith(refusal(
                        problem(
                                ENROLLMENT_REQUIRED,
                                "Enrollment required",
                                "This is an enrollment secret, not a host credential: enroll at POST"
                                        + " /api/v1/enroll and report with the credential it returns."),
                        INVALID_TOKEN));
            } else {
                unknown.increment();
                request.abortWith(refusal(
                        problem(
                                CREDENTIAL_UNKNOWN,
                                "Credential unknown",
                                "No host has this credential: it was never issued, or its host was reset or"
                                        + " deleted. Enroll again at POST /api/v1/enroll."),
                        INVALID_TOKEN));
            }
            return;
        }
        HostCredentials.Bound bound = credential.get();
        if (bound.isRevoked()) {
            revoked.increment();
            request.abortWith(refusal(
                    problem(
                            CREDENTIAL_REVOKED,
                            "Credential revoked",
                            "The credential of host '" + bound.hostname() + "' was revoked on "
                                    + Instant.ofEpochMilli(bound.revokedMillis()) + " by " + bound.revokedBy()
                                    + ". Its reports are refused until an operator resets the host (POST"
                                    + " /api/v1/admin/hosts/{hostname}/reset) and it enrolls again."),
                    INVALID_TOKEN));
            return;
        }
        agent.authenticate(bound.hostname(), bound.digest());
        credentials.recordUse(bound);
    }

    private static Problem problem(String type, String title, String detail) {
        return new Problem(type, title, Response.Status.UNAUTHORIZED.getStatusCode(), detail, java.util.List.of());
    }

    private static Response refusal(Problem problem, String challenge) {
        return Response.fromResponse(problem.toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build();
    }
}
