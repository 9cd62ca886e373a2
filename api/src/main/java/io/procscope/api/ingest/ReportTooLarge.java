package io.procscope.api.ingest;

/** A report body larger than {@code procscope.ingest.max-report-size}: it was not read to its end. */
public class ReportTooLarge extends RuntimeException {

    ReportTooLarge(long limitBytes) {
        super(
                "The report is larger than " + limitBytes + " bytes (procscope.ingest.max-report-size).",
                null,
                false,
                false);
    }

    /** What is wrong with the report, for a person to read. */
    public String detail() {
        return getMessage();
    }
}
