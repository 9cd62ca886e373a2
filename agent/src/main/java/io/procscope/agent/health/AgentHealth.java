package io.procscope.agent.health;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The agent's own health and counters at one moment, as {@code GET /healthz} and {@code GET
 * /metrics} show them.
 *
 * @param healthy true while a collection succeeded within the last three intervals (or the agent
 *     started less than three intervals ago)
 * @param secondsSinceCollection seconds since the last successful collection, or since the start
 *     before the first one
 * @param collections reports collected since the start
 * @param collectionFailures collections that failed since the start
 * @param lastCollectionSeconds how long the last collection took, seconds
 * @param processes processes in the last report
 * @param sent reports the API accepted
 * @param retried attempts to send that failed and will be tried again (no answer, 5xx, 408, 429,
 *     401/403, 404)
 * @param spooled reports that went to the spool because the API could not take them then
 * @param dropped reports dropped from a full spool
 * @param rejected reports the API refused for good, set aside in the spool's {@code rejected/}
 * @param spoolBytes bytes the spool holds now
 * @param expired reports dropped because the API refused them as older than its retention
 * @param clockSkewRefusals reports the API refused because this host's clock is ahead of its own
 * @param clockSkew the API's detail while it refuses reports for clock skew (health is degraded);
 *     null otherwise
 * @param credentialState where the host stands with the API: one of {@link #CREDENTIAL_STATES}
 * @param credentialProblem why reports wait in the spool while the API refuses the host's credential
 *     or its enrollment (health is degraded); null otherwise
 * @param tlsProblem why TLS with the API fails (untrusted certificate, wrong host, expired) while it
 *     does: nothing is sent, reports wait in the spool (health is degraded); null otherwise
 * @param tlsFailures calls to the API that failed their TLS handshake since the start
 */
public record AgentHealth(
        boolean healthy,
        double secondsSinceCollection,
        long collections,
        long collectionFailures,
        double lastCollectionSeconds,
        int processes,
        long sent,
        long retried,
        long spooled,
        long dropped,
        long rejected,
        long spoolBytes,
        long expired,
        long clockSkewRefusals,
        String clockSkew,
        String credentialState,
        String credentialProblem,
        String tlsProblem,
        long tlsFailures) {

    /** The values of {@code credentialState}, each a series of {@code procscope_agent_credential_state}. */
    public static final List<String> CREDENTIAL_STATES =
            List.of("enrolled", "unenrolled", "revoked", "unknown", "refused");

    /**
     * @return true while the API refuses this host's reports, for its clock or its credential, or
     *     TLS with it fails: the agent runs, but its reports are not stored
     */
    public boolean degraded() {
        return clockSkew != null || credentialProblem != null || tlsProblem != null;
    }

    /**
     * @return why the agent is degraded, for {@code /healthz}; null when it is not
     */
    public String degradedReason() {
        String reason = Stream.of(tlsProblem, credentialProblem, clockSkew)
                .filter(Objects::nonNull)
                .collect(Collectors.joining("; "));
        return reason.isEmpty() ? null : reason;
    }

    /**
     * @return the counters in the Prometheus text format, version 0.0.4
     */
    public String toPrometheus() {
        StringBuilder sb = new StringBuilder(2048);
        counter(sb, "procscope_agent_reports_sent_total", "Reports the API accepted.", sent);
        counter(sb, "procscope_agent_reports_retried_total", "Sends that failed and are retried.", retried);
        counter(sb, "procscope_agent_reports_spooled_total", "Reports spooled while the API was away.", spooled);
        counter(sb, "procscope_agent_reports_dropped_total", "Reports dropped from a full spool.", dropped);
        counter(sb, "procscope_agent_reports_rejected_total", "Reports the API refused for good.", rejected);
        counter(sb, "procscope_agent_reports_expired_total", "Reports dropped as older than the API keeps.", expired);
        counter(
                sb,
                "procscope_agent_reports_clock_skew_total",
                "Reports the API refused because this host's clock is ahead of its own.",
                clockSkewRefusals);
        counter(
                sb,
                "procscope_agent_tls_failures_total",
                "Calls to the API that failed their TLS handshake (certificate not trusted, not for the host, expired).",
                tlsFailures);
        counter(sb, "procscope_agent_collections_total", "Reports collected.", collections);
        counter(sb, "procscope_agent_collection_failures_total", "Collections that failed.", collectionFailures);
        gauge(sb, "procscope_agent_collection_seconds", "Duration of the last collection.", lastCollectionSeconds);
        gauge(sb, "procscope_agent_processes", "Processes in the last report.", processes);
        gauge(sb, "procscope_agent_spool_bytes", "Bytes of reports waiting in the spool.", spoolBytes);
        gauge(
                sb,
                "procscope_agent_seconds_since_collection",
                "Seconds since the last successful collection.",
                secondsSinceCollection);
        gauge(sb, "procscope_agent_healthy", "1 while a collection succeeded within three intervals.", healthy ? 1 : 0);
        gauge(
                sb,
                "procscope_agent_clock_skewed",
                "1 while the API refuses reports for this host's clock.",
                clockSkew != null ? 1 : 0);
        gauge(
                sb,
                "procscope_agent_tls_failing",
                "1 while TLS with the API fails: nothing is sent, reports wait in the spool.",
                tlsProblem != null ? 1 : 0);
        sb.append("# HELP procscope_agent_credential_state 1 for where the host stands with the API: enrolled,"
                        + " unenrolled (not yet), revoked, unknown (reset or deleted) or refused.\n")
                .append("# TYPE procscope_agent_credential_state gauge\n");
        for (String state : CREDENTIAL_STATES) {
            sb.append("procscope_agent_credential_state{state=\"")
                    .append(state)
                    .append("\"} ")
                    .append(state.equals(credentialState) ? 1 : 0)
                    .append('\n');
        }
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" counter\n");
        sb.append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder sb, String name, String help, double value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" gauge\n");
        sb.append(name).append(' ').append(format(value)).append('\n');
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.6f", v);
    }
}
