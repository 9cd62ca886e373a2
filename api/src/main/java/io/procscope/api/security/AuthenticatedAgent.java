package io.procscope.api.security;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * Which agent key the current request was made with, as {@link AgentAuthFilter} found it: for
 * limits that hold per key, such as how many hosts one key may create.
 */
@RequestScoped
public class AuthenticatedAgent {

    private String keyDigest;

    void authenticate(String keyDigest) {
        this.keyDigest = keyDigest;
    }

    /**
     * The SHA-256 digest of the request's key, in hex; empty on a request that did not pass through
     * {@link AgentAuthFilter}. A digest, not the key: it may be held, never logged.
     */
    public Optional<String> keyDigest() {
        return Optional.ofNullable(keyDigest);
    }
}
