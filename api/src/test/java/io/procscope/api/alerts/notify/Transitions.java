package io.procscope.api.alerts.notify;

import io.procscope.api.alerts.AlertTransitioned;
import io.procscope.api.domain.Host;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Alert transitions as the alerts core records them: fired as {@link AlertTransitioned} inside a
 * transaction of their own, each with an event id no other test uses. And the outbox's rows, read
 * straight from the database.
 */
final class Transitions {

    /**
     * One outbox row, as stored.
     *
     * @param receiver the receiver
     * @param state due, sent, failed or silenced
     * @param attempts attempts made
     * @param nextAttemptMillis when due next
     * @param lastError the last failure, or null
     * @param startsAtMillis when the alert fired
     * @param processName the process's name, or null
     */
    record Row(
            String receiver,
            String state,
            int attempts,
            long nextAttemptMillis,
            String lastError,
            long startsAtMillis,
            String processName) {}

    private static final AtomicLong EVENT_IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    private Transitions() {}

    /** An event id no other test uses. */
    static long nextEventId() {
        return EVENT_IDS.incrementAndGet();
    }

    /** A host alert's transition, with a fresh event id. */
    static AlertTransitioned host(String rule, String hostname, String transition, long atMillis) {
        return new AlertTransitioned(
                nextEventId(),
                rule,
                hostname,
                "",
                null,
                null,
                transition,
                atMillis,
                1,
                "critical",
                Map.of("team", "web"),
                rule + " on " + hostname);
    }

    /** A process alert's transition, with a fresh event id. */
    static AlertTransitioned process(
            String rule, String hostname, int pid, long startTimeMillis, String transition, long atMillis) {
        return new AlertTransitioned(
                nextEventId(),
                rule,
                hostname,
                "pid:" + pid + ":" + startTimeMillis,
                pid,
                startTimeMillis,
                transition,
                atMillis,
                97.5,
                "warning",
                Map.of("team", "web"),
                "pid " + pid + " on " + hostname + " uses 97.5 % CPU");
    }

    /** Fires {@code event} in a transaction that commits, as the alerts core does with its event row. */
    static void record(Event<AlertTransitioned> events, AlertTransitioned event) {
        QuarkusTransaction.requiringNew().run(() -> events.fire(event));
    }

    /** The outbox's rows of one event, by receiver. */
    static List<Row> rowsOf(long eventId) {
        return rows("event_id = ?1 order by receiver", eventId);
    }

    private static List<Row> rows(String where, Object parameter) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = Host.getEntityManager()
                    .createNativeQuery("select receiver, state, attempts, next_attempt_millis, last_error,"
                            + " starts_at_millis, process_name from alert_notification where " + where)
                    .setParameter(1, parameter)
                    .getResultList();
            List<Row> found = new ArrayList<>();
            for (Object[] r : rows) {
                found.add(new Row(
                        (String) r[0],
                        (String) r[1],
                        ((Number) r[2]).intValue(),
                        ((Number) r[3]).longValue(),
                        (String) r[4],
                        ((Number) r[5]).longValue(),
                        (String) r[6]));
            }
            return found;
        });
    }

    /** The outbox's rows of one rule, oldest transition first, then by receiver. */
    static List<Row> ofRule(String rule) {
        return rows("rule_name = ?1 order by at_millis, event_id, receiver", rule);
    }

    /** The one row of {@code eventId}, for a test with one receiver. */
    static Row rowOf(long eventId) {
        List<Row> rows = rowsOf(eventId);
        if (rows.size() != 1) {
            throw new AssertionError("Expected one notification of event " + eventId + ", found " + rows);
        }
        return rows.get(0);
    }
}
