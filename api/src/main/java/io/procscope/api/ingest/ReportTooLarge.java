package io.procscope.api.ingest;

/**
 * A report body larger than {@code procscope.ingest.max-report-size}, which was not read to its end,
 * or a report of more processes than {@code procscope.ingest.max-processes}.
 */
public class ReportTooLarge extends RuntimeException {

    ReportTooLarge(long limitBytes) {
        this("The report is larger than " + limitBytes + " bytes (procscope.ingest.max-report-size).");
    }

    private ReportTooLarge(String detail) {
        super(detail, null, false, false);
    }

    /** A report that lists more processes than {@code procscope.ingest.max-processes}. */
    static ReportTooLarge processes(int listed, int limit) {
        return new ReportTooLarge("The report lists " + listed + " processes; at most " + limit
                + " are accepted (procscope.ingest.max-processes).");
    }

    /** What is wrong with the report, for a person to read. */
    public String detail() {
        return getMessage();
    }
}
