package io.procscope.api.alerts.notify;

import java.util.Map;

/**
 * One notification of the outbox ({@code alert_notification}): an alert's transition, for one
 * receiver. What it says is a copy of the alert event; the same {@link #eventId} travels with every
 * attempt, so that a receiver can drop what it got before.
 *
 * @param id the row's id
 * @param eventId the alert event's id: the idempotency key
 * @param receiver {@code alertmanager} or {@code webhook:<name>}
 * @param attempts attempts made before this one
 * @param createdMillis when the row was written, ms since the epoch (the API's clock)
 * @param ruleName the rule
 * @param hostname the host
 * @param subject empty for the host itself, {@code pid:start} for one process
 * @param pid the process's pid, or null
 * @param startTimeMillis the process's start, ms since the epoch, or null
 * @param processName the process's name, or null where the alert is not about one known process
 * @param transition {@code firing} or {@code resolved}
 * @param atMillis when it fired or resolved, ms since the epoch
 * @param startsAtMillis when the alert fired, ms since the epoch (for resolved: the firing this
 *     receiver was told of, else {@code atMillis})
 * @param value the measured value that decided it
 * @param severity {@code critical}, {@code warning} or {@code info}
 * @param labels the rule's labels
 * @param summary one line for people
 */
public record Notification(
        long id,
        long eventId,
        String receiver,
        int attempts,
        long createdMillis,
        String ruleName,
        String hostname,
        String subject,
        Integer pid,
        Long startTimeMillis,
        String processName,
        String transition,
        long atMillis,
        long startsAtMillis,
        double value,
        String severity,
        Map<String, String> labels,
        String summary) {

    /** The transition of an alert that holds. */
    public static final String FIRING = "firing";

    /** The transition of an alert that ended. */
    public static final String RESOLVED = "resolved";

    public Notification {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** True for a firing alert, false for a resolved one. */
    public boolean firing() {
        return FIRING.equals(transition);
    }
}
