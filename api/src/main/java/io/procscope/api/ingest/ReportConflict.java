package io.procscope.api.ingest;

/**
 * A report of a host that already has a different report (another report id) collected at the
 * same instant, for example from a second agent reporting under the same hostname. Nothing of it
 * was stored.
 */
public class ReportConflict extends RuntimeException {

    ReportConflict(String hostname, long collectedAtMillis) {
        super(
                "Host '" + hostname + "' already has a different report collected at " + collectedAtMillis + ".",
                null,
                false,
                false);
    }

    /** What conflicts, for a person to read. */
    public String detail() {
        return getMessage();
    }
}
