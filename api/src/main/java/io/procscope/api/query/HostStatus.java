package io.procscope.api.query;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Whether a host is reporting. */
@RegisterForReflection
public enum HostStatus {
    /** Its newest report is recent. */
    REPORTING,
    /** It missed reports: more than {@code procscope.hosts.stale-after-intervals} of its intervals passed. */
    STALE,
    /** No report for {@code procscope.hosts.gone-after}: decommissioned, or its agent is gone. */
    GONE;

    /**
     * A host's status by how long the API has not received a report of it.
     *
     * @param silentMillis since the API last received one of its reports, ms
     * @param intervalMillis its agent's reporting interval, ms
     * @param staleAfterIntervals {@code procscope.hosts.stale-after-intervals}
     * @param goneAfterMillis {@code procscope.hosts.gone-after}, ms
     */
    public static HostStatus of(long silentMillis, long intervalMillis, int staleAfterIntervals, long goneAfterMillis) {
        if (silentMillis > goneAfterMillis) {
            return GONE;
        }
        return silentMillis > intervalMillis * staleAfterIntervals ? STALE : REPORTING;
    }
}
