package io.procscope.api.identity;

import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.domain.AgentCredential;
import io.procscope.api.domain.Host;
import io.procscope.api.query.HostStatus;
import java.util.Locale;

/**
 * A host as operators manage it: its status, and its credential's age and last use.
 *
 * @param hostname the host's name
 * @param status {@code reporting}, {@code stale} or {@code gone} by its reports (as the API's clock
 *     judges them), or {@code enrolled-only} for a host enrolled that has not reported yet
 * @param lastReceivedMillis when the API received its newest report, ms since the epoch; null before
 *     the first
 * @param credential its credential; null when it has none (stored before host identity, or reset)
 */
public record HostEntry(String hostname, String status, Long lastReceivedMillis, Credential credential) {

    /** What the host list shows while a host has enrolled but not reported. */
    public static final String ENROLLED_ONLY = "enrolled-only";

    /**
     * A host's credential, never the credential itself.
     *
     * @param enrolledMillis when it was issued, ms since the epoch
     * @param enrolledWith the enrollment secret that issued it: the first 12 hex digits of its SHA-256
     * @param agentVersion the agent's version at enrollment; null where it did not say
     * @param lastUsedMillis when a report last used it, to about a minute; null before the first
     * @param revokedMillis when an operator revoked it; null while it is valid
     * @param revokedBy who revoked it, as the audit log names them; null while it is valid
     */
    public record Credential(
            long enrolledMillis,
            String enrolledWith,
            String agentVersion,
            Long lastUsedMillis,
            Long revokedMillis,
            String revokedBy) {

        static Credential of(AgentCredential c) {
            return c == null
                    ? null
                    : new Credential(
                            c.enrolledMillis,
                            c.enrolledWith,
                            c.agentVersion,
                            c.lastUsedMillis,
                            c.revokedMillis,
                            c.revokedBy);
        }
    }

    /**
     * The entry of a host, its credential, or both.
     *
     * @param host the host; null while it has not reported
     * @param credential its credential; null when it has none
     * @param nowMillis the API's clock, ms since the epoch
     */
    public static HostEntry of(Host host, AgentCredential credential, ProcscopeConfig.Hosts settings, long nowMillis) {
        String hostname = host != null ? host.hostname : credential.hostname;
        return new HostEntry(
                hostname,
                host == null ? ENROLLED_ONLY : status(host, settings, nowMillis),
                host == null ? null : host.lastReceivedMillis,
                Credential.of(credential));
    }

    /** As {@code query.KnownHosts} judges it: by when the API last received a report of the host. */
    static String status(Host host, ProcscopeConfig.Hosts settings, long nowMillis) {
        long age = nowMillis - host.lastReceivedMillis;
        long interval = host.intervalMillis == null ? settings.defaultInterval().toMillis() : host.intervalMillis;
        HostStatus status;
        if (age > settings.goneAfter().toMillis()) {
            status = HostStatus.GONE;
        } else {
            status = age > interval * settings.staleAfterIntervals() ? HostStatus.STALE : HostStatus.REPORTING;
        }
        return status.name().toLowerCase(Locale.ROOT);
    }
}
