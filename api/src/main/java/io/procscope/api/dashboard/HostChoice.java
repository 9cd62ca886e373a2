package io.procscope.api.dashboard;

import io.procscope.api.query.HostQueries;
import io.procscope.api.query.HostStatus;
import io.procscope.api.query.HostSummary;
import java.util.List;

/** Which host a page with a host picker shows. */
final class HostChoice {

    /** Host names a picker suggests, whatever the fleet's size: any other is typed. */
    static final int SUGGESTIONS = 50;

    private HostChoice() {}

    /**
     * The names a host picker lists: at most {@value #SUGGESTIONS} hosts not gone, by name, with
     * the chosen one (when it is not among them) first.
     */
    static List<String> suggestions(HostQueries hosts, String chosen) {
        List<String> names = hosts.hostnames("", SUGGESTIONS);
        if (chosen == null || chosen.isEmpty() || names.contains(chosen)) {
            return names;
        }
        return java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(chosen), names.stream().limit(SUGGESTIONS - 1))
                .toList();
    }

    /**
     * The one asked for, else the first reporting of the first {@value #SUGGESTIONS} by name, else
     * the first; null without hosts. Reads at most one page of hosts, whatever the fleet.
     */
    static String choose(String asked, HostQueries hosts) {
        if (asked != null && !asked.isBlank()) {
            return asked.strip();
        }
        return choose(
                null, hosts.listHosts("", List.of(), "hostname", 0, SUGGESTIONS).hosts());
    }

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
