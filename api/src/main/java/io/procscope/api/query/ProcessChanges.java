package io.procscope.api.query;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * The processes that started and that exited on a host in a time range.
 *
 * @param hostname the host
 * @param fromMillis start of the range, ms since the epoch
 * @param toMillis end of the range, ms since the epoch
 * @param started processes whose start time is in the range, newest first
 * @param exited processes seen exiting in the range, newest first
 */
public record ProcessChanges(
        String hostname, long fromMillis, long toMillis, List<Change> started, List<Change> exited) {

    /** Whether a process started or exited. */
    public enum Kind {
        STARTED,
        EXITED
    }

    /**
     * A process that started or exited.
     *
     * @param pid process id
     * @param ppid parent's process id
     * @param name short name
     * @param user user name
     * @param commandLine command line
     * @param startTimeMillis when it started, ms since the epoch
     * @param endedMillis when the first report without it was collected; null while it runs
     */
    @TemplateData
    public record Change(
            int pid,
            Integer ppid,
            String name,
            String user,
            String commandLine,
            long startTimeMillis,
            Long endedMillis) {}
}
