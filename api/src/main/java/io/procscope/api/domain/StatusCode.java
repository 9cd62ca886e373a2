package io.procscope.api.domain;

import io.procscope.dto.ProcessStatus;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link ProcessStatus} as the one letter Linux uses for it: one byte per sample. */
@Converter
public class StatusCode implements AttributeConverter<ProcessStatus, String> {

    @Override
    public String convertToDatabaseColumn(ProcessStatus status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case RUNNING -> "R";
            case SLEEPING -> "S";
            case DISK_SLEEP -> "D";
            case IDLE -> "I";
            case STOPPED -> "T";
            case ZOMBIE -> "Z";
            case UNKNOWN -> "?";
        };
    }

    @Override
    public ProcessStatus convertToEntityAttribute(String code) {
        if (code == null || code.isEmpty()) {
            return null;
        }
        return switch (code.charAt(0)) {
            case 'R' -> ProcessStatus.RUNNING;
            case 'S' -> ProcessStatus.SLEEPING;
            case 'D' -> ProcessStatus.DISK_SLEEP;
            case 'I' -> ProcessStatus.IDLE;
            case 'T' -> ProcessStatus.STOPPED;
            case 'Z' -> ProcessStatus.ZOMBIE;
            default -> ProcessStatus.UNKNOWN;
        };
    }
}
