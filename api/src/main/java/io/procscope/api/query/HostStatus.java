package io.procscope.api.query;

/** Whether a host is reporting. */
public enum HostStatus {
    /** Its newest report is recent. */
    REPORTING,
    /** It has missed reports: its newest is older than {@code procscope.hosts.stale-after}. */
    STALE
}
