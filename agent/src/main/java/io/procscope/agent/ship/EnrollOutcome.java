package io.procscope.agent.ship;

import java.time.Duration;
import java.util.Optional;

/** What became of one attempt to enroll the host, {@code POST /api/v1/enroll}. */
sealed interface EnrollOutcome {

    /**
     * The API issued a credential.
     *
     * @param credential the credential; a secret
     */
    record Enrolled(Credential credential) implements EnrollOutcome {}

    /**
     * The API answered, and refused: the enrollment secret is wrong (401, 403), the host name is
     * bound to a live credential or a revoked one (409), or the request is not one it takes (other
     * 4xx). Trying again soon would be refused again.
     *
     * @param status the HTTP status
     * @param type the problem's type, {@code about:blank} where it names none
     * @param title the problem's title, or the reason phrase
     * @param detail the problem's detail; may be empty
     */
    record Refused(int status, String type, String title, String detail) implements EnrollOutcome {

        /** 409: the host name is bound to a live credential. */
        public static final String HOST_ENROLLED = "urn:procscope:problem:host-enrolled";

        /** 409: the host's credential was revoked; an operator resets the host first. */
        public static final String HOST_REVOKED = "urn:procscope:problem:host-revoked";

        /**
         * @return {@code 409 Conflict: host web-1 is enrolled}
         */
        public String describe() {
            return status + " " + title + (detail == null || detail.isEmpty() ? "" : ": " + detail);
        }
    }

    /**
     * No answer, or one that says "later": 5xx, 408, 429, or a 3xx/404/405 from something that is not
     * (yet) a procscope API with enrollment.
     *
     * @param status the HTTP status, or 0 when there was no answer
     * @param reason one line for the log
     * @param retryAfter the API's {@code Retry-After}, if it sent one
     * @param tls true when the TLS handshake failed, which {@link ApiTransport} has logged already
     */
    record Failed(int status, String reason, Optional<Duration> retryAfter, boolean tls) implements EnrollOutcome {

        /** A failure that is not one of TLS. */
        Failed(int status, String reason, Optional<Duration> retryAfter) {
            this(status, reason, retryAfter, false);
        }
    }
}
