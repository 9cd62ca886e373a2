package io.procscope.api.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One stored report: when it was collected and the host's system metrics at that time. */
@Entity
@Table(name = "snapshot")
public class Snapshot extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /**
     * The agent's id for the report, unique per host and collection time: a retried report is
     * stored once. A {@code uuid} on PostgreSQL, its text on SQLite: a query compares it as text,
     * {@code cast(s.reportId as String) = ?1}.
     */
    public String reportId;

    public Long hostId;

    /** When the agent collected the report, ms since the epoch. */
    public long collectedAtMillis;

    /** When the API stored the report, ms since the epoch. */
    public long receivedAtMillis;

    public int processCount;

    /** Busy share of all logical processors, 0 to 100. */
    public Double cpuPercent;

    public Long memoryUsedBytes;
    public Long memoryTotalBytes;
    public Long swapUsedBytes;
    public Long swapTotalBytes;
    public Double load1;
    public Double load5;
    public Double load15;

    /** Bytes received on non-loopback interfaces since boot (a counter). */
    public Long networkReceivedBytes;

    /** Bytes sent on non-loopback interfaces since boot (a counter). */
    public Long networkSentBytes;

    /** Processes per state, as {@code R=3,S=290,Z=1}; see {@link StatusCounts}. */
    public String statusCounts;
}
