package io.procscope.api.query;

import java.util.List;

/**
 * A host that runs processes matching a search, with the busiest of them.
 *
 * @param hostname the host
 * @param status whether it is reporting
 * @param matches how many processes of its newest report match
 * @param processes the busiest of them, at most {@link SearchQueries#SEARCH_LIMIT_PER_HOST}
 */
public record FleetMatch(String hostname, HostStatus status, int matches, List<ProcessRow> processes) {}
