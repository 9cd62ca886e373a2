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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
 *
 * <p>One exception: a retry of the enrollment that bound it, with the same enrollment id, while
 * no report has used its credential. The first answer then never reached the agent (its timeout
 * passed, the connection broke after the commit), so nobody holds that credential: the retry is
 * answered as the first was, with a fresh credential that replaces it. Knowing the enrollment
 * secret is not enough for that: the enrollment id is random and never leaves the host and the API
 * (which keeps its digest), and once the host has reported, no retry replaces its credential.
 * Retries at once are serialized on the credential's row (locked on PostgreSQL; SQLite's
 * transactions take the write lock): each replaces the one before, and the last to commit holds.
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
     * @throws ProblemException 409 when the hostname is bound (and this is no retry of the
     *     enrollment that bound it, before any report), 429 when it is new and the secret has
     *     enrolled its share of new hosts this minute
     */
    public EnrollResponse enroll(EnrollRequest request, String secretDigest) {
        Bound bound;
        try {
            bound = bind(request, secretDigest);
        } catch (PersistenceException e) {
            // Another enrollment of the same new name committed first: one more try sees it, and
            // refuses, or replaces its credential when it was this enrollment's too (a retry).
            LOG.debugf(e, "Retrying the enrollment of %s after a conflict", LogText.printable(request.hostname()));
            bound = bind(request, secretDigest);
        }
        metrics.enrolled();
        EnrollResponse response = bound.response();
        // Both come from the agent: printed so that a line break in them cannot forge a log line.
        if (bound.retried()) {
            metrics.reissued();
            LOG.infof(
                    "Enrolled host %s again (agent %s): a retry of its enrollment before any report, whose answer"
                            + " it did not get; the credential issued then is replaced",
                    LogText.printable(response.hostname()), LogText.printable(request.agentVersion()));
        } else {
            LOG.infof(
                    "Enrolled host %s (agent %s)",
                    LogText.printable(response.hostname()), LogText.printable(request.agentVersion()));
        }
        return response;
    }

    @Transactional
    Bound bind(EnrollRequest request, String secretDigest) {
        String hostname = request.hostname();
        Optional<AgentCredential> existing = credentials.findForUpdate(hostname);
        // read once the row is locked: of retries at once, the last to commit has the latest time
        Optional<Host> host = Host.findByHostname(hostname);
        long now = clock.millis();
        boolean retried = existing.isPresent() && isUnansweredRetry(existing.get(), request, host);
        if (existing.isPresent() && !retried) {
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
        // a retry keeps the digest it matched: a later retry of the same enrollment still may
        bound.enrollmentDigest = request.enrollmentId() == null ? null : enrollmentDigest(request.enrollmentId());
        if (existing.isEmpty()) {
            bound.persist();
        }
        AgentCredential.flush();
        return new Bound(new EnrollResponse(hostname, credential, now), retried);
    }

    /** A credential issued: the answer, and whether it replaced the unused one of an earlier attempt. */
    record Bound(EnrollResponse response, boolean retried) {}

    /**
     * True when {@code request} retries the enrollment that issued {@code credential}, whose answer
     * cannot have reached the agent: the same enrollment id, not revoked, and never used by a
     * report. Used is judged twice over: its last use (written at its first report) and the host's
     * newest report since it was issued (in case that write failed).
     */
    static boolean isUnansweredRetry(AgentCredential credential, EnrollRequest request, Optional<Host> host) {
        if (request.enrollmentId() == null || credential.enrollmentDigest == null || credential.isRevoked()) {
            return false;
        }
        byte[] sent = enrollmentDigest(request.enrollmentId()).getBytes(StandardCharsets.US_ASCII);
        byte[] stored = credential.enrollmentDigest.getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(sent, stored)) {
            return false;
        }
        boolean reported = credential.lastUsedMillis != null
                || host.map(h -> h.lastReceivedMillis >= credential.enrolledMillis)
                        .orElse(false);
        return !reported;
    }

    /** What is stored of an enrollment id: its SHA-256, hex, as of a credential. */
    static String enrollmentDigest(String enrollmentId) {
        return HostCredentials.digestOf(enrollmentId);
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
