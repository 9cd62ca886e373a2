package io.procscope.api.query;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * The processes of one host's snapshot.
 *
 * @param hostname the host
 * @param collectedAtMillis when the snapshot was collected, ms since the epoch
 * @param total how many processes match the query (all of the snapshot's without one)
 * @param offset how many matching processes were skipped
 * @param limit most processes on this page
 * @param processes this page of the matching processes, in the query's order
 */
@TemplateData
public record ProcessPage(
        String hostname, long collectedAtMillis, int total, int offset, int limit, List<ProcessRow> processes) {}
