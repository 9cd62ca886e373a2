package io.procscope.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An agent's request to enroll its host, {@code POST /api/v1/enroll}, made with the fleet's shared
 * enrollment secret as {@code Authorization: Bearer}. The API answers with an {@link
 * EnrollResponse}: a credential bound to this hostname, which the agent's reports are then made
 * with. A hostname already bound to a credential is refused (409) until an operator resets the
 * host or it has been gone for {@code procscope.hosts.gone-after}, with one exception: a retry of
 * the enrollment that bound it (the same {@code enrollmentId}) while that credential has not been
 * used by any report, as when the first answer never reached the agent.
 *
 * @param hostname the host to enroll, as the agent's reports will name it
 * @param agentVersion the agent's version, for the operators' host list; null where unknown
 * @param enrollmentId a random id the agent made before its first attempt and sends with every
 *     retry of the same enrollment: {@value #MIN_ENROLLMENT_ID_LENGTH} to {@value
 *     #MAX_ENROLLMENT_ID_LENGTH} base64url characters (the agent sends 128 random bits, 22
 *     characters); a secret of the host, like its credential. Null from agents older than it, which
 *     are never answered a second time
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EnrollRequest(
        @NotBlank @Size(max = HostInfo.MAX_HOSTNAME_LENGTH) String hostname,
        @Size(max = MAX_AGENT_VERSION_LENGTH) String agentVersion,

        @Size(min = MIN_ENROLLMENT_ID_LENGTH, max = MAX_ENROLLMENT_ID_LENGTH)
        @Pattern(regexp = ENROLLMENT_ID_CHARACTERS, message = "must be base64url: letters, digits, '-' and '_' only")
        String enrollmentId) {

    /** Longest {@code agentVersion} accepted, characters. */
    public static final int MAX_AGENT_VERSION_LENGTH = 64;

    /** Shortest {@code enrollmentId} accepted, characters: 128 bits of base64url. */
    public static final int MIN_ENROLLMENT_ID_LENGTH = 22;

    /** Longest {@code enrollmentId} accepted, characters. */
    public static final int MAX_ENROLLMENT_ID_LENGTH = 64;

    /** What an {@code enrollmentId} is made of, as a regular expression: base64url without padding. */
    public static final String ENROLLMENT_ID_CHARACTERS = "[A-Za-z0-9_-]*";

    @Override
    public String toString() {
        return "EnrollRequest[hostname=" + hostname + ", agentVersion=" + agentVersion + ", enrollmentId="
                + (enrollmentId == null ? null : "********") + "]";
    }
}
