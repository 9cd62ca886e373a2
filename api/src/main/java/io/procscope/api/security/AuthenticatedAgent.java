package io.procscope.api.security;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * Who the current agent request was made by, as {@link AgentAuthFilter} (a host credential) or
 * {@link EnrollAuthFilter} (an enrollment secret) found it.
 */
@RequestScoped
public class AuthenticatedAgent {

    private String keyDigest;
    private String hostname;

    /** A request made with the credential of {@code hostname}, whose SHA-256 is {@code credentialDigest}. */
    void authenticate(String hostname, String credentialDigest) {
        this.hostname = hostname;
        this.keyDigest = credentialDigest;
    }

    /** A request made with the enrollment secret whose SHA-256 is {@code secretDigest}. */
    void authenticateEnrollment(String secretDigest) {
        this.keyDigest = secretDigest;
    }

    /**
     * The SHA-256 digest of the request's credential or enrollment secret, in hex; empty on a request
     * that passed through neither filter. A digest, not the secret: it may be held, never logged.
     */
    public Optional<String> keyDigest() {
        return Optional.ofNullable(keyDigest);
    }

    /** The host the request's credential is bound to; empty for an enrollment, or an unauthenticated request. */
    public Optional<String> hostname() {
        return Optional.ofNullable(hostname);
    }
}
