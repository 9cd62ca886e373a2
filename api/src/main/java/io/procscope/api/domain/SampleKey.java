package io.procscope.api.domain;

import java.io.Serializable;

/**
 * What identifies a sample: the snapshot it belongs to and the process's pid and start time (the
 * host is the snapshot's).
 *
 * @param snapshotId the snapshot's id
 * @param pid the process id
 * @param startTimeMillis when the process started, ms since the epoch
 */
public record SampleKey(Long snapshotId, Integer pid, Long startTimeMillis) implements Serializable {

    /** For JPA, which needs a no-argument constructor on an id class. */
    public SampleKey() {
        this(null, null, null);
    }
}
