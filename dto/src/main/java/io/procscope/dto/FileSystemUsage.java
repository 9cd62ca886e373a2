package io.procscope.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * Space on one mounted file system.
 *
 * @param mountPoint where it is mounted, for example {@code /} or {@code /var/lib/docker}
 * @param type file system type, for example {@code ext4}, {@code xfs}
 * @param usedBytes space in use (total minus free), bytes
 * @param totalBytes size, bytes
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileSystemUsage(
        @NotBlank @Size(max = MAX_MOUNT_POINT_LENGTH) String mountPoint,
        @Size(max = MAX_TYPE_LENGTH) String type,
        @PositiveOrZero Long usedBytes,
        @PositiveOrZero Long totalBytes) {

    /** Longest {@code mountPoint} accepted, characters; the agent leaves longer ones out. */
    public static final int MAX_MOUNT_POINT_LENGTH = 1024;

    /** Longest {@code type} accepted, characters. */
    public static final int MAX_TYPE_LENGTH = 64;
}
