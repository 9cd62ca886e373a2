package io.procscope.api.identity;

import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.domain.AgentCredential;
import io.procscope.api.domain.Host;
import io.procscope.api.problem.Problem;
import io.procscope.api.problem.ProblemException;
import io.procscope.api.security.EnrollSecrets;
import io.procscope.api.security.HostCredentials;
import io.procscope.api.security.LogText;
import io.procscope.dto.EnrollRequest;
import io.procscope.dto.EnrollResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Binds a hostname to a new credential. A hostname with no credential is bound at once: a new
 * host, or one stored before host identity, which keeps its history. One bound to a live
 * credential is refused until an operator resets it, or until the host has been gone for {@code
 * procscope.hosts.gone-after}; one whose credential was revoked is refused until it is reset.
 */
@ApplicationScoped
public class EnrollService {

    /** The hostname is bound to a credential that is in use. */
    public static final String HOST_ENROLLED = "urn:procscope:problem:host-enrolled";

    /** The hostname's credential was revoked. */
    public static final String HOST_REVOKED = "urn:procscope:problem:host-revoked";

    private static final Logger LOG = Logger.getLogger(EnrollService.class);

    private final HostCredentials credentials;
    private final NewHostLimit newHosts;
    private final EnrollMetrics metrics;
    private final Clock clock;
    private final Duration goneAfter;

    EnrollService(
            HostCredentials credentials,
            NewHostLimit newHosts,
            EnrollMetrics metrics,
            Clock clock,
            ProcscopeConfig config) {
        this.credentials = credentials;
        this.newHosts = newHosts;
        this.metrics = metrics;
        this.clock = clock;
        this.goneAfter = config.hosts().goneAfter();
    }

    /**
     * Issues a credential bound to the request's hostname.
     *
     * @param secretDigest SHA-256 of the enrollment secret the request came with, hex
     * @throws ProblemException 409 when the hostname is bound, 429 when it is new and the secret
     *     has enrolled its share of new hosts this minute
     */
    public EnrollResponse enroll(EnrollRequest request, String secretDigest) {
        EnrollResponse response;
        try {
            response = bind(request, secretDigest);
        } catch (PersistenceException e) {
            // Another enrollment of the same new name committed first: one more try sees it, and refuses.
            LOG.debugf(e, "Retrying the enrollment of %s after a conflict", LogText.printable(request.hostname()));
            response = bind(request, secretDigest);
        }
        metrics.enrolled();
        // Both come from the agent: printed so that a line break in them cannot forge a log line.
        LOG.infof(
                "Enrolled host %s (agent %s)",
                LogText.printable(response.hostname()), LogText.printable(request.agentVersion()));
        return response;
    }

    @Transactional
    EnrollResponse bind(EnrollRequest request, String secretDigest) {
        String hostname = request.hostname();
        long now = clock.millis();
        Optional<Host> host = Host.findByHostname(hostname);
        Optional<AgentCredential> existing = credentials.findForUpdate(hostname);
        if (existing.isPresent()) {
            refuseWhileBound(existing.get(), host, now);
        }
        if (host.isEmpty() && existing.isEmpty()) {
            try {
                newHosts.admit(secretDigest, hostname);
            } catch (ProblemException e) {
                metrics.rejected("new_hosts");
                throw e;
            }
        }
        String credential = credentials.newCredential();
        AgentCredential bound = existing.orElseGet(AgentCredential::new);
        if (existing.isPresent()) {
            credentials.forgetOnCommit(bound.digest);
        }
        bound.hostname = hostname;
        bound.digest = HostCredentials.digestOf(credential);
        bound.enrolledMillis = now;
        bound.enrolledWith = secretDigest.substring(0, EnrollSecrets.NAME_LENGTH);
        bound.agentVersion = request.agentVersion();
        bound.lastUsedMillis = null;
        bound.revokedMillis = null;
        bound.revokedBy = null;
        if (existing.isEmpty()) {
            bound.persist();
        }
        AgentCredential.flush();
        return new EnrollResponse(hostname, credential, now);
    }

    /** Refuses to bind a hostname whose credential was revoked, or is in use (not gone for gone-after). */
    private void refuseWhileBound(AgentCredential credential, Optional<Host> host, long now) {
        String hostname = credential.hostname;
        String reset = "POST /api/v1/admin/hosts/" + hostname + "/reset";
        if (credential.isRevoked()) {
            metrics.rejected("host_revoked");
            throw conflict(
                    HOST_REVOKED,
                    "Host revoked",
                    "The credential of host '" + hostname + "' was revoked on "
                            + Instant.ofEpochMilli(credential.revokedMillis) + " by " + credential.revokedBy
                            + ": it cannot enroll again until an operator resets it (" + reset + ").");
        }
        long lastSeen = lastSeenMillis(credential, host);
        if (now - lastSeen < goneAfter.toMillis()) {
            metrics.rejected("host_enrolled");
            throw conflict(
                    HOST_ENROLLED,
                    "Host enrolled",
                    "Host '" + hostname + "' is enrolled already, and was last seen "
                            + Instant.ofEpochMilli(lastSeen) + ". An operator can reset it (" + reset
                            + "), or it can enroll again once it has been gone for " + human(goneAfter)
                            + " (procscope.hosts.gone-after).");
        }
    }

    /**
     * When the host was last seen, ms since the epoch: its newest report received, its credential's
     * last use or, for a credential never used, its enrollment; whichever is latest.
     */
    static long lastSeenMillis(AgentCredential credential, Optional<Host> host) {
        long seen = credential.enrolledMillis;
        if (credential.lastUsedMillis != null) {
            seen = Math.max(seen, credential.lastUsedMillis);
        }
        if (host.isPresent()) {
            seen = Math.max(seen, host.get().lastReceivedMillis);
        }
        return seen;
    }

    /** {@code 24h}, {@code 1h30m}, {@code 90s}: a duration as it is configured. */
    static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    private static ProblemException conflict(String type, String title, String detail) {
        return new ProblemException(
                new Problem(type, title, Response.Status.CONFLICT.getStatusCode(), detail, List.of()));
    }
}
