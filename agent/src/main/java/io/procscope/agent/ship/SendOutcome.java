package io.procscope.agent.ship;

import io.procscope.dto.ReportReceipt;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** What became of one attempt to send a report. */
public sealed interface SendOutcome {

    /**
     * The API stored the report (or already had it): it may leave the spool.
     *
     * @param status the HTTP status, 2xx
     * @param receipt the API's receipt, null when its body could not be read
     */
    record Accepted(int status, ReportReceipt receipt) implements SendOutcome {

        /**
         * @return true when the API already had a report with this id
         */
        public boolean duplicate() {
            return receipt != null && receipt.duplicate();
        }
    }

    /**
     * The API refused this report for what it is (400, 413, 422, any 4xx other than 401, 403, 404,
     * 405, 408 and 429), or has refused it for a wrong key or URL longer than {@code refused-retry}:
     * it is set aside in the spool's {@code rejected/}.
     *
     * @param status the HTTP status
     * @param title the problem's title, or the reason phrase
     * @param detail the problem's detail, or the start of the body; may be empty
     * @param type the problem's type, {@code about:blank} where it names none
     */
    record Rejected(int status, String title, String detail, String type) implements SendOutcome {

        /** The API's problem type for a report stamped ahead of its clock: this host's clock is wrong. */
        public static final String CLOCK_SKEW = "urn:procscope:problem:clock-skew";

        /** The API's problem type for a report older than its retention: it can never be stored. */
        public static final String EXPIRED = "urn:procscope:problem:report-expired";

        /** A refusal without a problem type. */
        public Rejected(int status, String title, String detail) {
            this(status, title, detail, "about:blank");
        }

        /**
         * @return true when the API refused the report because this host's clock is ahead of its own
         */
        public boolean clockSkew() {
            return CLOCK_SKEW.equals(type);
        }

        /**
         * @return true when the report is older than the API keeps history: it is dropped, not kept
         */
        public boolean expired() {
            return EXPIRED.equals(type);
        }

        /**
         * @return {@code 422 Unprocessable report: processes[3].pid must not be null}
         */
        public String describe() {
            return status + " " + title + (detail == null || detail.isEmpty() ? "" : ": " + detail);
        }
    }

    /**
     * The API refused the host's credential, not the report (401 or 403 with one of {@link #TYPES}):
     * revoked by an operator, unknown to it (the host was reset or deleted), not a credential at all,
     * or bound to another host name. The report stays in the spool, and every later one with it,
     * whatever {@code refused-retry} says, until the host is enrolled again; see {@link Enrollment}.
     *
     * @param status 401 or 403
     * @param type the problem's type, one of {@link #TYPES}
     * @param title the problem's title
     * @param detail the problem's detail; may be empty
     */
    record CredentialRefused(int status, String type, String title, String detail) implements SendOutcome {

        /** An operator revoked the credential. */
        public static final String REVOKED = "urn:procscope:problem:credential-revoked";

        /** The API has no such credential: the host was reset or deleted, or its database replaced. */
        public static final String UNKNOWN = "urn:procscope:problem:credential-unknown";

        /** The token is an enrollment secret: an agent of the shared-key version, or a mixed-up file. */
        public static final String ENROLLMENT_REQUIRED = "urn:procscope:problem:enrollment-required";

        /** 403: the report names another host than the credential is bound to. */
        public static final String WRONG_HOST = "urn:procscope:problem:wrong-host";

        /** The problem types that refuse the credential rather than the report. */
        public static final Set<String> TYPES = Set.of(REVOKED, UNKNOWN, ENROLLMENT_REQUIRED, WRONG_HOST);

        /**
         * @return {@code 401 Unauthorized: revoked by an operator}
         */
        public String describe() {
            return status + " " + title + (detail == null || detail.isEmpty() ? "" : ": " + detail);
        }
    }

    /**
     * The report was not stored, but may be later: no answer, 5xx, 408, 429; or a {@link #refusal()}
     * (401/403 without a credential problem type, 404/405 and redirects), where the api-url is wrong,
     * not the report, so it stays spooled for {@code refused-retry} in case the setting is fixed.
     *
     * @param status the HTTP status, or 0 when there was no answer
     * @param reason one line for the log
     * @param retryAfter the API's {@code Retry-After} (seconds, or an HTTP date counted from when
     *     the answer came), if it sent one
     * @param tls true when the TLS handshake failed (nothing was sent), which {@link ApiTransport}
     *     has logged already
     */
    record Failed(int status, String reason, Optional<Duration> retryAfter, boolean tls) implements SendOutcome {

        /** A failure that is not one of TLS. */
        public Failed(int status, String reason, Optional<Duration> retryAfter) {
            this(status, reason, retryAfter, false);
        }

        /**
         * @return true for 401 and 403 without a credential problem type: whatever answers is not
         *     this version's procscope API
         */
        public boolean unauthorized() {
            return status == 401 || status == 403;
        }

        /**
         * @return true when the API (or whatever answers at the api-url) refused on grounds of the
         *     agent's settings rather than of load: 3xx, 401, 403, 404, 405
         */
        public boolean refusal() {
            return status >= 300 && status < 500 && status != 408 && status != 429;
        }

        /**
         * @param refusedFor how long the API has refused
         * @return this refusal as a rejection, to set the report aside
         */
        Rejected setAside(Duration refusedFor) {
            String title = reason.startsWith(status + " ")
                    ? reason.substring(Integer.toString(status).length() + 1)
                    : reason;
            return new Rejected(status, title, "refused for " + refusedFor.toSeconds() + " s (refused-retry)");
        }
    }
}
