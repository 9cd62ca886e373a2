package io.procscope.api.dashboard;

import io.procscope.api.query.HostStatus;
import io.procscope.api.query.HostSummary;
import java.util.List;

/** Which host a page with a host picker shows. */
final class HostChoice {

    private HostChoice() {}

    /** The one asked for, else the first reporting, else the first; null without hosts. */
    static String choose(String asked, List<HostSummary> hosts) {
        if (asked != null && !asked.isBlank()) {
            return asked.strip();
        }
        return hosts.stream()
                .filter(h -> h.status() == HostStatus.REPORTING)
                .findFirst()
                .or(() -> hosts.stream().findFirst())
                .map(HostSummary::hostname)
                .orElse(null);
    }
}
