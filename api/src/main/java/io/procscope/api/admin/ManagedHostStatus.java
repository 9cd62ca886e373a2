package io.procscope.api.admin;

import com.fasterxml.jackson.annotation.JsonValue;
import io.procscope.api.query.HostStatus;

/** Where a host stands, as operators see it: whether it reports, or has only enrolled so far. */
public enum ManagedHostStatus {
    /** Its newest report is recent. */
    REPORTING("reporting"),
    /** It missed reports: more than {@code procscope.hosts.stale-after-intervals} of its intervals passed. */
    STALE("stale"),
    /** No report for {@code procscope.hosts.gone-after}. */
    GONE("gone"),
    /** It holds a credential but has not reported yet: no history. */
    ENROLLED_ONLY("enrolled-only");

    private final String label;

    ManagedHostStatus(String label) {
        this.label = label;
    }

    /** As the JSON and the dashboard write it: {@code reporting}, {@code enrolled-only}. */
    @JsonValue
    public String label() {
        return label;
    }

    static ManagedHostStatus of(HostStatus status) {
        return switch (status) {
            case REPORTING -> REPORTING;
            case STALE -> STALE;
            case GONE -> GONE;
        };
    }
}
