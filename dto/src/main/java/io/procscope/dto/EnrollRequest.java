package io.procscope.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * An agent's request to enroll its host, {@code POST /api/v1/enroll}, made with the fleet's shared
 * enrollment secret as {@code Authorization: Bearer}. The API answers with an {@link
 * EnrollResponse}: a credential bound to this hostname, which the agent's reports are then made
 * with. A hostname already bound to a credential is refused (409) until an operator resets the
 * host or it has been gone for {@code procscope.hosts.gone-after}.
 *
 * @param hostname the host to enroll, as the agent's reports will name it
 * @param agentVersion the agent's version, for the operators' host list; null where unknown
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EnrollRequest(
        @NotBlank @Size(max = HostInfo.MAX_HOSTNAME_LENGTH) String hostname,
        @Size(max = MAX_AGENT_VERSION_LENGTH) String agentVersion) {

    /** Longest {@code agentVersion} accepted, characters. */
    public static final int MAX_AGENT_VERSION_LENGTH = 64;
}
