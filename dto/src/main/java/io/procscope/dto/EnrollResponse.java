package io.procscope.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The API's answer to an {@link EnrollRequest}: the host's own credential. The API keeps only its
 * digest, so this is the one time it is seen; the agent stores it in its state directory and sends
 * it as {@code Authorization: Bearer} with every report. A report whose hostname is not {@code
 * hostname} is refused with 403.
 *
 * @param hostname the host the credential is bound to
 * @param credential the credential, a random token; a secret
 * @param enrolledAtMillis when the API issued it, ms since the epoch by the API's clock
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EnrollResponse(String hostname, String credential, long enrolledAtMillis) {

    /** Credentials start with this, so scanners and the agent's scrubber can recognise them. */
    public static final String CREDENTIAL_PREFIX = "psh_";

    @Override
    public String toString() {
        return "EnrollResponse[hostname=" + hostname + ", credential=********, enrolledAtMillis=" + enrolledAtMillis
                + "]";
    }
}
