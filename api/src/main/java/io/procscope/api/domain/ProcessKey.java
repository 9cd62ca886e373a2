package io.procscope.api.domain;

import java.io.Serializable;

/**
 * What identifies a process: its host, pid and start time. Pids are reused; this triple is not.
 *
 * @param hostId the host's id
 * @param pid the process id
 * @param startTimeMillis when the process started, ms since the epoch
 */
public record ProcessKey(Long hostId, Integer pid, Long startTimeMillis) implements Serializable {

    /** For JPA, which needs a no-argument constructor on an id class. */
    public ProcessKey() {
        this(null, null, null);
    }
}
