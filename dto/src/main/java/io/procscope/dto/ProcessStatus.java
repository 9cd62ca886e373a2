package io.procscope.dto;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A process's scheduling state, as Linux's {@code /proc/PID/stat} reports it. A state this version
 * does not know reads as {@link #UNKNOWN}, so an older API accepts a newer agent.
 */
public enum ProcessStatus {
    /** Running or runnable ({@code R}). */
    RUNNING,
    /** Interruptible sleep, waiting for an event ({@code S}). */
    SLEEPING,
    /** Uninterruptible sleep, usually on I/O ({@code D}). */
    DISK_SLEEP,
    /** Idle kernel thread ({@code I}). */
    IDLE,
    /** Stopped by a signal or a tracer ({@code T}, {@code t}). */
    STOPPED,
    /** Exited, not yet reaped by its parent ({@code Z}). */
    ZOMBIE,
    /** Any state this version does not know. */
    UNKNOWN;

    /**
     * Reads the state letter of Linux's {@code /proc/PID/stat} (field 3), as {@code ps} shows it.
     *
     * @param letter the letter
     * @return the status; {@link #UNKNOWN} for a letter such as {@code X} (dead), {@code W} or
     *     {@code P}
     */
    public static ProcessStatus fromStateLetter(char letter) {
        return switch (letter) {
            case 'R' -> RUNNING;
            case 'S' -> SLEEPING;
            case 'D' -> DISK_SLEEP;
            case 'I' -> IDLE;
            case 'T', 't' -> STOPPED;
            case 'Z' -> ZOMBIE;
            default -> UNKNOWN;
        };
    }

    /** Reads a status by name; a name this version does not know is {@link #UNKNOWN}. */
    @JsonCreator
    public static ProcessStatus fromName(String name) {
        if (name == null) {
            return null;
        }
        for (ProcessStatus status : values()) {
            if (status.name().equals(name)) {
                return status;
            }
        }
        return UNKNOWN;
    }
}
