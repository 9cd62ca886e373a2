package io.procscope.api.domain;

import io.procscope.dto.ProcessStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * What changes for a process: its resource use and state at one report. Written only when it
 * changed materially since the last sample of the process, and at least every keyframe interval;
 * between two samples the earlier one holds.
 */
@Entity
@Table(name = "process_sample")
@IdClass(SampleKey.class)
public class ProcessSample extends PanacheEntityBase {

    @Id
    public Long hostId;

    @Id
    public Integer pid;

    /** When the process started, ms since the epoch. */
    @Id
    public Long startTimeMillis;

    /** When the report with this sample was collected, ms since the epoch. */
    @Id
    public Long collectedAtMillis;

    @Convert(converter = StatusCode.class)
    public ProcessStatus status;

    /** Share of one logical processor since the previous collection; can exceed 100. */
    public Double cpuPercent;

    public Long rssBytes;
    public Long vmsBytes;
    public Integer threads;
    public Integer nice;
}
