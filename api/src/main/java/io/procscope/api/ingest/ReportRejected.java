package io.procscope.api.ingest;

import io.procscope.api.problem.Problem.FieldError;
import io.procscope.api.problem.Validation;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** A report that cannot be stored as it was sent; nothing of it was stored. */
public class ReportRejected extends RuntimeException {

    /** Why a report was refused. */
    public enum Reason {
        /** The body is not a HostReport: empty, not JSON, or values of the wrong type. */
        MALFORMED("about:blank", null),
        /** A body in a Content-Encoding other than gzip or identity (415). */
        UNSUPPORTED_ENCODING("about:blank", null),
        /** A HostReport that breaks the wire contract's constraints. */
        INVALID("about:blank", null),
        /** A report stamped later than the API's clock allows: the agent's clock is wrong. */
        CLOCK_SKEW("urn:procscope:problem:clock-skew", "Clock skew"),
        /** A report older than the raw retention: it could never be stored anywhere. */
        EXPIRED("urn:procscope:problem:report-expired", "Report older than the retention");

        private final String type;
        private final String title;

        Reason(String type, String title) {
            this.type = type;
            this.title = title;
        }

        /** The reason as the {@code reason} tag of {@code procscope.ingest.rejected}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The problem type agents act on ({@code about:blank} where the status says it all): an
         * agent drops an expired report, and shows a clock skew as its own fault.
         */
        public String problemType() {
            return type;
        }

        /** The problem's title; null for the status's reason phrase. */
        public String title() {
            return title;
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

    /** A body in an encoding agents do not send. */
    static ReportRejected unsupportedEncoding(String contentEncoding) {
        return new ReportRejected(
                Reason.UNSUPPORTED_ENCODING,
                "Content-Encoding '" + contentEncoding + "' is not read here: send gzip, or no encoding.",
                List.of());
    }

    /** A report whose fields are each valid but that is invalid as a whole; {@code detail} says why. */
    static ReportRejected invalid(String detail) {
        return new ReportRejected(Reason.INVALID, detail, List.of());
    }

    /** A report stamped {@code aheadMillis} later than the API's clock, more than {@code allowed}. */
    static ReportRejected clockSkew(long aheadMillis, Duration allowed) {
        return new ReportRejected(
                Reason.CLOCK_SKEW,
                "Clock skew: the report is stamped " + human(aheadMillis) + " (" + aheadMillis + " ms)"
                        + " ahead of the API's clock, more than the " + human(allowed.toMillis())
                        + " allowed. Set the host's clock right (NTP); reports are accepted again at once.",
                List.of());
    }

    /** A report collected {@code ageMillis} ago, longer ago than the raw retention. */
    static ReportRejected expired(long ageMillis, Duration retention) {
        return new ReportRejected(
                Reason.EXPIRED,
                "The report was collected " + human(ageMillis) + " ago, longer ago than the raw"
                        + " retention of " + human(retention.toMillis())
                        + ": it could never be stored. The agent drops it.",
                List.of());
    }

    /** {@code millis} rounded to its largest unit, for a person: 90 s, 45 min, 3 h, 12 days. */
    static String human(long millis) {
        long m = Math.abs(millis);
        if (m < 120_000) {
            return Math.round(m / 1_000.0) + " s";
        }
        if (m < 120 * 60_000) {
            return Math.round(m / 60_000.0) + " min";
        }
        if (m < 48 * 3_600_000L) {
            return Math.round(m / 3_600_000.0) + " h";
        }
        return Math.round(m / 86_400_000.0) + " days";
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
