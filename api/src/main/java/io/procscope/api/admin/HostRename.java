package io.procscope.api.admin;

import io.procscope.dto.HostInfo;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/v1/admin/hosts/{hostname}/rename}: the host's new name, held to the
 * rules of a report's {@code host.hostname}, since its agent's reports must then carry it.
 *
 * @param hostname the new name
 */
@RegisterForReflection
public record HostRename(
        @NotBlank @Size(max = HostInfo.MAX_HOSTNAME_LENGTH) String hostname) {}
