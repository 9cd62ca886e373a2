package io.procscope.api.domain;

import io.procscope.dto.ProcessStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.util.List;
import java.util.Optional;

/**
 * What changes for a process: its resource use and state at one report. Written only when it
 * changed materially since the last sample of the process, and at least every keyframe interval;
 * between two samples the earlier one holds.
 *
 * <p>On PostgreSQL the samples are indexed by host, pid and the hour they were collected in
 * (V10__sample_hours.sql): the entries of one hour of one process are deduplicated into one. Reads
 * name the hour ({@link #HOUR_COLUMN}) for the index and the time itself for the answer.
 */
@Entity
@Table(name = "process_sample")
@IdClass(SampleKey.class)
public class ProcessSample extends PanacheEntityBase {

    /** The length of the index's buckets, ms. */
    static final long HOUR_MILLIS = 3_600_000;

    /** The hour of collected_at_millis, as the index has it. */
    private static final String HOUR_COLUMN = "cast(collected_at_millis / " + HOUR_MILLIS + " as integer)";

    private static final String OF_PROCESS =
            "select * from process_sample where host_id = ?1 and pid = ?2 and start_time_millis = ?3";
    private static final String BETWEEN = OF_PROCESS + " and " + HOUR_COLUMN + " between ?4 and ?5"
            + " and collected_at_millis >= ?6 and collected_at_millis < ?7 order by collected_at_millis";
    private static final String NEWEST_BEFORE = OF_PROCESS + " and " + HOUR_COLUMN + " <= ?4"
            + " and collected_at_millis < ?5 order by " + HOUR_COLUMN + " desc, collected_at_millis desc limit 1";

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

    /**
     * A process's samples collected from {@code fromMillis} (inclusive) to {@code toMillis}
     * (exclusive), oldest first.
     */
    @SuppressWarnings("unchecked")
    public static List<ProcessSample> between(
            long hostId, int pid, long startTimeMillis, long fromMillis, long toMillis) {
        return getEntityManager()
                .createNativeQuery(BETWEEN, ProcessSample.class)
                .setParameter(1, hostId)
                .setParameter(2, pid)
                .setParameter(3, startTimeMillis)
                .setParameter(4, hour(fromMillis))
                .setParameter(5, hour(toMillis))
                .setParameter(6, fromMillis)
                .setParameter(7, toMillis)
                .getResultList();
    }

    /** A process's newest sample collected before {@code beforeMillis}, however far back. */
    public static Optional<ProcessSample> newestBefore(long hostId, int pid, long startTimeMillis, long beforeMillis) {
        return getEntityManager()
                .createNativeQuery(NEWEST_BEFORE, ProcessSample.class)
                .setParameter(1, hostId)
                .setParameter(2, pid)
                .setParameter(3, startTimeMillis)
                .setParameter(4, hour(beforeMillis))
                .setParameter(5, beforeMillis)
                .getResultStream()
                .findFirst()
                .map(ProcessSample.class::cast);
    }

    /** The hour of a time, as {@link #HOUR_COLUMN} computes it: times are positive. */
    static int hour(long millis) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(Integer.MIN_VALUE, millis / HOUR_MILLIS));
    }
}
