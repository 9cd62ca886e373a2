package io.procscope.api.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Optional;

/**
 * A host's own credential, bound to its hostname: what the host's agent got by enrolling, held
 * as a SHA-256 digest only. Keyed by hostname, since a host enrolls before its first report.
 */
@Entity
@Table(name = "agent_credential")
public class AgentCredential extends PanacheEntityBase {

    /** The host the credential may report for. */
    @Id
    public String hostname;

    /** SHA-256 of the credential, 64 hex digits. */
    @Column(nullable = false, unique = true)
    public String digest;

    /** When it was issued, ms since the epoch. */
    public long enrolledMillis;

    /** The first 12 hex digits of the SHA-256 of the enrollment secret that issued it. */
    @Column(nullable = false)
    public String enrolledWith;

    /** The agent's version at enrollment; null where it did not say. */
    public String agentVersion;

    /** When a report last used it, to about a minute; null before the first. */
    public Long lastUsedMillis;

    /** When an operator revoked it; null while it is valid. */
    public Long revokedMillis;

    /** Who revoked it, as the audit log names them. */
    public String revokedBy;

    /**
     * SHA-256 (hex) of the enrollment id the agent sent with the enrollment that issued it; null
     * when it sent none. A retry of that enrollment may replace the credential until its first use.
     */
    public String enrollmentDigest;

    public static Optional<AgentCredential> findByDigest(String digest) {
        return find("digest", digest).firstResultOptional();
    }

    public boolean isRevoked() {
        return revokedMillis != null;
    }
}
