package io.procscope.api.domain;

import java.io.Serializable;

/**
 * What identifies a sample: the process (host, pid, start time) and when it was collected.
 *
 * @param hostId the host's id
 * @param pid the process id
 * @param startTimeMillis when the process started, ms since the epoch
 * @param collectedAtMillis when the report with this sample was collected, ms since the epoch
 */
public record SampleKey(Long hostId, Integer pid, Long startTimeMillis, Long collectedAtMillis)
        implements Serializable {

    /** For JPA, which needs a no-argument constructor on an id class. */
    public SampleKey() {
        this(null, null, null, null);
    }
}
