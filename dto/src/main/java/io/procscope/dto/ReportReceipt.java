package io.procscope.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/**
 * The API's acknowledgement of a report. Once the agent holds it, the report is stored and may
 * leave the agent's spool.
 *
 * @param reportId the report's id
 * @param duplicate true when a report with this id was already stored; nothing was stored again
 * @param processes processes stored from this report (0 for a duplicate)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportReceipt(UUID reportId, boolean duplicate, int processes) {}
