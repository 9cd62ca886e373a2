package io.procscope.api.query;

import java.util.List;

/**
 * The processes of one host's snapshot.
 *
 * @param hostname the host
 * @param collectedAtMillis when the snapshot was collected, ms since the epoch
 * @param total how many processes the snapshot holds
 * @param processes the processes, busiest first
 */
public record ProcessPage(String hostname, long collectedAtMillis, int total, List<ProcessRow> processes) {}
