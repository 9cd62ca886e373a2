package io.procscope.agent.ship;

import io.procscope.dto.EnrollRequest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * An enrollment of the host that has not yet been confirmed by an accepted report: the random id
 * sent with its first attempt and with every retry, so that the API can tell a retry whose first
 * answer was lost (the timeout passed, the connection broke after the API stored the credential)
 * from a second agent with the same host name. Kept on disk beside the credential until a report
 * is accepted with the credential it got. {@link #toString()} never shows the id.
 *
 * @param hostname the host name being enrolled
 * @param id 128 random bits, base64url without padding (22 characters); a secret of the host
 */
record PendingEnrollment(String hostname, String id) {

    /** Random bytes in an id: 128 bits. */
    static final int ID_BYTES = 16;

    private static final Pattern ID = Pattern.compile(EnrollRequest.ENROLLMENT_ID_CHARACTERS);

    /**
     * @param hostname the host name to enroll
     * @param random where the id's bits come from
     * @return a new enrollment of {@code hostname} with a fresh id
     */
    static PendingEnrollment create(String hostname, SecureRandom random) {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return new PendingEnrollment(
                hostname, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /**
     * @param id an id as read from disk
     * @return true when the API takes it as an enrollment id: base64url, {@value
     *     EnrollRequest#MIN_ENROLLMENT_ID_LENGTH} to {@value EnrollRequest#MAX_ENROLLMENT_ID_LENGTH}
     *     characters
     */
    static boolean isValidId(String id) {
        return id != null
                && id.length() >= EnrollRequest.MIN_ENROLLMENT_ID_LENGTH
                && id.length() <= EnrollRequest.MAX_ENROLLMENT_ID_LENGTH
                && ID.matcher(id).matches();
    }

    @Override
    public String toString() {
        return "PendingEnrollment[hostname=" + hostname + ", id=********]";
    }
}
