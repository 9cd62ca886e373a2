package io.procscope.api.domain;

import io.procscope.dto.ProcessStatus;
import java.util.EnumMap;
import java.util.Map;

/** Processes per state, stored compactly as {@code R=3,S=290,Z=1} with the letters of {@link StatusCode}. */
public final class StatusCounts {

    private static final StatusCode CODES = new StatusCode();

    private StatusCounts() {}

    /** Counts as text; states with no process are left out. */
    public static String format(Map<ProcessStatus, Integer> counts) {
        StringBuilder text = new StringBuilder();
        counts.forEach((status, count) -> {
            if (count > 0) {
                if (!text.isEmpty()) {
                    text.append(',');
                }
                text.append(CODES.convertToDatabaseColumn(status)).append('=').append(count);
            }
        });
        return text.toString();
    }

    /** Text back to counts; every state is present, with 0 where none. */
    public static Map<ProcessStatus, Integer> parse(String text) {
        Map<ProcessStatus, Integer> counts = new EnumMap<>(ProcessStatus.class);
        for (ProcessStatus status : ProcessStatus.values()) {
            counts.put(status, 0);
        }
        if (text == null || text.isBlank()) {
            return counts;
        }
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                counts.merge(
                        CODES.convertToEntityAttribute(part.substring(0, eq)),
                        Integer.parseInt(part.substring(eq + 1)),
                        Integer::sum);
            }
        }
        return counts;
    }
}
