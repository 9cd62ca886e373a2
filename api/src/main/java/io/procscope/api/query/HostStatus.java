package io.procscope.api.query;

/** Whether a host is reporting. */
public enum HostStatus {
    /** Its newest report is recent. */
    REPORTING,
    /** It missed reports: more than {@code procscope.hosts.stale-after-intervals} of its intervals passed. */
    STALE,
    /** No report for {@code procscope.hosts.gone-after}: decommissioned, or its agent is gone. */
    GONE
}
