package io.procscope.api.query;

import java.util.List;

/**
 * A host that runs processes matching a search, with those processes.
 *
 * @param hostname the host
 * @param status whether it is reporting
 * @param processes the matching processes of its newest report, busiest first
 */
public record FleetMatch(String hostname, HostStatus status, List<ProcessRow> processes) {}
