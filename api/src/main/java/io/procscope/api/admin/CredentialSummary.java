package io.procscope.api.admin;

import io.procscope.api.domain.AgentCredential;

/**
 * What operators see of a host's credential: never the credential, nor its digest.
 *
 * @param enrolledMillis when it was issued, ms since the epoch
 * @param enrolledWith the enrollment secret that issued it, by the first 12 hex digits of its SHA-256
 * @param agentVersion the agent's version at enrollment; null where it did not say
 * @param lastUsedMillis when a report last used it, to about a minute; null before the first
 * @param revokedMillis when an operator revoked it; null while it is valid
 * @param revokedBy who revoked it, as the audit log names them ({@code sha256:1a2b3c4d5e6f from
 *     10.0.0.7}); null while it is valid
 */
public record CredentialSummary(
        long enrolledMillis,
        String enrolledWith,
        String agentVersion,
        Long lastUsedMillis,
        Long revokedMillis,
        String revokedBy) {

    static CredentialSummary of(AgentCredential c) {
        return new CredentialSummary(
                c.enrolledMillis, c.enrolledWith, c.agentVersion, c.lastUsedMillis, c.revokedMillis, c.revokedBy);
    }

    /** True once an operator revoked it. */
    public boolean revoked() {
        return revokedMillis != null;
    }
}
