package io.procscope.api.alerts;

import java.util.Map;

/**
 * An alert changed state: fired within the transaction that recorded the change as an {@code
 * alert_event} row, as a CDI event. Observers that send notifications or update live pages act on
 * it once it is committed ({@code @Observes(during = TransactionPhase.AFTER_SUCCESS)}), so a change
 * that rolled back is told to nobody.
 *
 * @param eventId the {@code alert_event} row's id: what makes a notification idempotent
 * @param ruleName the rule's name
 * @param hostname the host it is about
 * @param subject what on the host: empty for the host itself, {@code pid:start} for one process
 * @param pid the process's pid, or null for a host-level alert
 * @param startTimeMillis the process's start time, ms since the epoch, or null
 * @param transition {@code pending}, {@code firing} or {@code resolved}
 * @param atMillis when, by the API's clock, ms since the epoch
 * @param value the measured value that decided it (a count, a percentage, bytes)
 * @param severity {@code critical}, {@code warning} or {@code info}
 * @param labels the rule's own labels
 * @param summary one line for people, for example {@code no process matching nginx on web-1}
 */
public record AlertTransitioned(
        long eventId,
        String ruleName,
        String hostname,
        String subject,
        Integer pid,
        Long startTimeMillis,
        String transition,
        long atMillis,
        double value,
        String severity,
        Map<String, String> labels,
        String summary) {

    public AlertTransitioned {
        labels = Map.copyOf(labels);
    }
}
