package io.procscope.api.alerts.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.alerts.AlertQueries;
import io.procscope.api.alerts.AlertTransitioned;
import io.procscope.api.alerts.notify.DeliveryMetrics.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.hibernate.Session;

/**
 * Turns each firing or resolved alert into notifications: one {@code alert_notification} row per
 * configured receiver, written in the transaction that records the alert's event (the observer is
 * synchronous, and refuses to run outside a transaction), so that an event rolled back notifies
 * nobody and one committed is notified: recorded exactly once (the row's unique event and
 * receiver), then sent at least once by {@link DeliveryJob}. A transition under a silence is
 * recorded as {@code silenced} and never sent. Pending alerts notify nobody.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "insert into alert_notification (event_id, receiver, state, attempts,"
            + " next_attempt_millis, created_millis, rule_name, hostname, subject, pid, start_time_millis,"
            + " process_name, transition, at_millis, starts_at_millis, value, severity, labels, summary)"
            + " values (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (event_id, receiver) do nothing";
    private static final String PROCESS_NAME = "select p.name from process p join host h on h.id = p.host_id"
            + " where h.hostname = ? and p.pid = ? and p.start_time_millis = ?";
    private static final String FIRED_AT = "select max(at_millis) from alert_notification where receiver = ?"
            + " and rule_name = ? and hostname = ? and subject = ? and transition = 'firing' and at_millis <= ?";

    /** Characters {@code alert_notification.process_name} holds. */
    static final int MAX_PROCESS_NAME = 256;

    private final EntityManager em;
    private final Receivers receivers;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final DeliveryMetrics metrics;
    private final TransactionSynchronizationRegistry transactions;
    private final AlertQueries alerts;

    Outbox(
            EntityManager em,
            Receivers receivers,
            Clock clock,
            ObjectMapper mapper,
            DeliveryMetrics metrics,
            TransactionSynchronizationRegistry transactions,
            AlertQueries alerts) {
        this.em = em;
        this.receivers = receivers;
        this.clock = clock;
        this.mapper = mapper;
        this.metrics = metrics;
        this.transactions = transactions;
        this.alerts = alerts;
    }

    /** Writes the notifications of {@code event} within the transaction that fired it. */
    @Transactional(Transactional.TxType.MANDATORY)
    void record(@Observes AlertTransitioned event) {
        if (!Notification.FIRING.equals(event.transition()) && !Notification.RESOLVED.equals(event.transition())) {
            return;
        }
        List<Receiver> to = receivers.all();
        if (to.isEmpty()) {
            return;
        }
        String labels;
        try {
            labels = mapper.writeValueAsString(new TreeMap<>(event.labels()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the labels of rule " + event.ruleName(), e);
        }
        // A host-level alert about processes by name ("no nginx") carries that name as its process.
        String watched = event.pid() == null
                ? alerts.watchedProcessNames(event.ruleName())
                        .map(Outbox::fitProcessName)
                        .orElse(null)
                : null;
        List<Receiver> silenced =
                em.unwrap(Session.class).doReturningWork(c -> write(c, event, watched, labels, to, clock.millis()));
        if (!silenced.isEmpty()) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {}

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        silenced.forEach(r -> metrics.count(r.name(), Outcome.SILENCED));
                    }
                }
            });
        }
    }

    /** Inserts one row per receiver; answers the receivers it was silenced for. */
    private static List<Receiver> write(
            Connection c, AlertTransitioned event, String watched, String labels, List<Receiver> to, long nowMillis)
            throws SQLException {
        boolean silenced = Silences.covers(c, event.ruleName(), event.hostname(), event.atMillis());
        String processName = event.pid() == null ? watched : processName(c, event);
        List<Receiver> silencedFor = new ArrayList<>();
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (Receiver receiver : to) {
                long startsAt = Notification.RESOLVED.equals(event.transition())
                        ? firedAt(c, receiver.name(), event)
                        : event.atMillis();
                insert.setLong(1, event.eventId());
                insert.setString(2, receiver.name());
                insert.setString(3, silenced ? "silenced" : "due");
                insert.setLong(4, nowMillis);
                insert.setLong(5, nowMillis);
                insert.setString(6, event.ruleName());
                insert.setString(7, event.hostname());
                insert.setString(8, event.subject() == null ? "" : event.subject());
                if (event.pid() == null) {
                    insert.setNull(9, Types.INTEGER);
                } else {
                    insert.setInt(9, event.pid());
                }
                if (event.startTimeMillis() == null) {
                    insert.setNull(10, Types.BIGINT);
                } else {
                    insert.setLong(10, event.startTimeMillis());
                }
                insert.setString(11, processName);
                insert.setString(12, event.transition());
                insert.setLong(13, event.atMillis());
                insert.setLong(14, startsAt);
                if (Double.isFinite(event.value())) {
                    insert.setDouble(15, event.value());
                } else {
                    insert.setNull(15, Types.DOUBLE); // SQLite would store NaN as null anyway
                }
                insert.setString(16, event.severity());
                insert.setString(17, labels);
                insert.setString(18, event.summary() == null ? "" : event.summary());
                if (insert.executeUpdate() == 1 && silenced) {
                    silencedFor.add(receiver);
                }
            }
        }
        return silencedFor;
    }

    /** {@code names} cut to what {@code process_name} holds (256 characters), never inside a character. */
    static String fitProcessName(String names) {
        if (names.length() <= MAX_PROCESS_NAME) {
            return names;
        }
        int end =
                Character.isHighSurrogate(names.charAt(MAX_PROCESS_NAME - 1)) ? MAX_PROCESS_NAME - 1 : MAX_PROCESS_NAME;
        return names.substring(0, end);
    }

    /** The name of the process the alert is about, from its identity row. */
    private static String processName(Connection c, AlertTransitioned event) throws SQLException {
        if (event.pid() == null || event.startTimeMillis() == null) {
            return null;
        }
        try (PreparedStatement select = c.prepareStatement(PROCESS_NAME)) {
            select.setString(1, event.hostname());
            select.setInt(2, event.pid());
            select.setLong(3, event.startTimeMillis());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** When the alert that resolves fired, as this receiver was told; else the resolution's time. */
    private static long firedAt(Connection c, String receiver, AlertTransitioned event) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(FIRED_AT)) {
            select.setString(1, receiver);
            select.setString(2, event.ruleName());
            select.setString(3, event.hostname());
            select.setString(4, event.subject() == null ? "" : event.subject());
            select.setLong(5, event.atMillis());
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                long fired = rs.getLong(1);
                return rs.wasNull() ? event.atMillis() : fired;
            }
        }
    }
}
