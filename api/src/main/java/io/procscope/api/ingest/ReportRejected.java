package io.procscope.api.ingest;

import io.procscope.api.problem.Problem.FieldError;
import io.procscope.api.problem.Validation;
import java.util.List;
import java.util.Locale;

/** A report that cannot be stored as it was sent; nothing of it was stored. */
public class ReportRejected extends RuntimeException {

    /** Why a report was refused. */
    public enum Reason {
        /** The body is not a HostReport: empty, not JSON, or values of the wrong type. */
        MALFORMED,
        /** A HostReport that breaks the wire contract's constraints. */
        INVALID;

        /** The reason as the {@code reason} tag of {@code procscope.ingest.rejected}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;
    private final transient List<FieldError> fieldErrors;

    private ReportRejected(Reason reason, String detail, List<FieldError> fieldErrors) {
        super(detail, null, false, false);
        this.reason = reason;
        this.fieldErrors = fieldErrors;
    }

    /** A body that is not a HostReport; {@code detail} says why, for a person. */
    static ReportRejected malformed(String detail) {
        return new ReportRejected(Reason.MALFORMED, detail, List.of());
    }

    /** A report whose fields break their constraints, one error each. */
    static ReportRejected invalid(List<FieldError> fieldErrors) {
        return new ReportRejected(Reason.INVALID, Validation.detail(fieldErrors), List.copyOf(fieldErrors));
    }

    /** A report whose fields are each valid but that is invalid as a whole; {@code detail} says why. */
    static ReportRejected invalid(String detail) {
        return new ReportRejected(Reason.INVALID, detail, List.of());
    }

    /** Why the report was refused. */
    public Reason reason() {
        return reason;
    }

    /** What is wrong with the report, for a person to read. */
    public String detail() {
        return getMessage();
    }

    /** One entry per invalid field, in no particular order; empty when no single field is to blame. */
    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }
}
