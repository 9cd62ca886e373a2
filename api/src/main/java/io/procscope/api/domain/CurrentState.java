package io.procscope.api.domain;

import java.util.List;

/**
 * A host's newest state.
 *
 * @param hostId the host's id
 * @param snapshotId the snapshot it was taken from
 * @param collectedAtMillis when that report was collected, ms since the epoch
 * @param processes every process of that report
 */
public record CurrentState(long hostId, long snapshotId, long collectedAtMillis, List<TrackedProcess> processes) {}
