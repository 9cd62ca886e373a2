package io.procscope.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * What a host is. The hostname is the host's identity in procscope.
 *
 * @param hostname the node's name (in Kubernetes the node name, not the pod's); the host's key
 * @param osName operating system family and distribution, for example {@code Debian GNU/Linux}
 * @param osVersion distribution version and build, for example {@code 12 (bookworm)}
 * @param kernelVersion kernel release, for example {@code 6.1.0-18-amd64}; null where unknown
 * @param platform lower-case platform family, for example {@code linux}, {@code windows}, {@code macos}
 * @param architecture CPU architecture as the JVM names it, for example {@code amd64}, {@code aarch64}
 * @param cpuCount logical processors
 * @param memoryTotalBytes physical memory, bytes
 * @param bootTimeMillis when the host booted, ms since the epoch; null where unknown
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostInfo(
        @NotBlank @Size(max = MAX_HOSTNAME_LENGTH) String hostname,
        @Size(max = MAX_OS_LENGTH) String osName,
        @Size(max = MAX_OS_LENGTH) String osVersion,
        @Size(max = MAX_OS_LENGTH) String kernelVersion,
        @Size(max = MAX_PLATFORM_LENGTH) String platform,
        @Size(max = MAX_PLATFORM_LENGTH) String architecture,
        @PositiveOrZero Integer cpuCount,
        @PositiveOrZero Long memoryTotalBytes,
        @PositiveOrZero Long bootTimeMillis) {

    /** Longest {@code hostname} accepted, characters: a DNS name's. */
    public static final int MAX_HOSTNAME_LENGTH = 253;

    /** Longest {@code osName}, {@code osVersion} or {@code kernelVersion} accepted, characters. */
    public static final int MAX_OS_LENGTH = 128;

    /** Longest {@code platform} or {@code architecture} accepted, characters. */
    public static final int MAX_PLATFORM_LENGTH = 32;
}
