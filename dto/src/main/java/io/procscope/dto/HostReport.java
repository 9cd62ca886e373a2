package io.procscope.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * One collection from one host: what the agent sends and the API stores whole or not at all.
 *
 * @param schemaVersion version of this contract the agent wrote; {@value #SCHEMA_VERSION} today
 * @param reportId made by the agent for each collection, so that a retried report is stored once
 * @param agentVersion version of the agent that collected the report, for example {@code 0.1.0}
 * @param collectedAtMillis when the collection finished, ms since the epoch
 * @param host what the host is; changes rarely
 * @param metrics host-wide resource use at {@code collectedAtMillis}
 * @param processes every process that passed the agent's filters
 * @param intervalMillis the agent's reporting interval, ms, so that the API knows when a report is
 *     missed; null for a one-off collection
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostReport(
        @NotNull @Positive Integer schemaVersion,
        @NotNull UUID reportId,
        @Size(max = 64) String agentVersion,
        @NotNull @Positive Long collectedAtMillis,
        @NotNull @Valid HostInfo host,
        @Valid SystemMetrics metrics,
        @NotNull @Size(max = MAX_PROCESSES) List<@NotNull @Valid ProcessInfo> processes,
        @Positive Long intervalMillis) {

    /** The version of the contract this code writes. */
    public static final int SCHEMA_VERSION = 1;

    /** Most processes one report may carry; Linux's default pid_max is 4194304, real hosts far fewer. */
    public static final int MAX_PROCESSES = 100_000;
}
