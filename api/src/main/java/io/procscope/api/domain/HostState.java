package io.procscope.api.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A host's newest state: every process of its newest report, encoded whole by {@code StateCodec}. */
@Entity
@Table(name = "host_state")
public class HostState extends PanacheEntityBase {

    @Id
    public Long hostId;

    /** The snapshot the state was taken from; the host's {@code latestSnapshotId}. */
    public long snapshotId;

    /** When that report was collected, ms since the epoch. */
    public long collectedAtMillis;

    /** The encoded processes. */
    @Basic(fetch = FetchType.LAZY)
    public byte[] processes;
}
