package io.procscope.api.alerts.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.procscope.api.config.Database;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The sender's side of the outbox ({@code alert_notification}), in short transactions of its own:
 * none is held while a receiver is called. A claim takes due rows and moves their next attempt to
 * the end of a lease in one transaction (on PostgreSQL {@code for update skip locked}, so that two
 * replicas take different rows; on SQLite the single writer does it), so another sender takes a
 * row again only once its lease lapsed: after the claiming replica died mid-send.
 */
@ApplicationScoped
class NotificationStore {

    private static final String COLUMNS = "n.id, n.event_id, n.receiver, n.attempts, n.created_millis, n.rule_name,"
            + " n.hostname, n.subject, n.pid, n.start_time_millis, n.process_name, n.transition, n.at_millis,"
            + " n.starts_at_millis, n.value, n.severity, n.labels, n.summary";
    // A row waits while an earlier notification of its alert to its receiver is due: a receiver
    // hears of an alert's transitions in order, even across retries.
    private static final String DUE = "select " + COLUMNS + " from alert_notification n"
            + " where n.state = 'due' and n.next_attempt_millis <= ? and n.receiver in (%s)"
            + " and not exists (select 1 from alert_notification e where e.receiver = n.receiver"
            + " and e.rule_name = n.rule_name and e.hostname = n.hostname and e.subject = n.subject"
            + " and e.state = 'due' and (e.at_millis < n.at_millis or (e.at_millis = n.at_millis and e.id < n.id)))"
            + " order by n.next_attempt_millis, n.id limit ?";
    private static final String TO_RESEND = "select " + COLUMNS + " from alert_notification n"
            + " where n.resend_millis is not null and n.resend_millis <= ? and n.receiver = ?"
            + " order by n.resend_millis, n.id limit ?";
    private static final String SUPERSEDED = "select 1 from alert_notification e where e.receiver = ?"
            + " and e.rule_name = ? and e.hostname = ? and e.subject = ? and e.id <> ?"
            + " and (e.at_millis > ? or (e.at_millis = ? and e.id > ?))";
    private static final String FOR_UPDATE = " for update of n skip locked";
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

    private final AgroalDataSource dataSource;
    private final boolean postgres;
    private final ObjectMapper mapper;

    NotificationStore(AgroalDataSource dataSource, Database database, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.postgres = database.isPostgreSQL();
        this.mapper = mapper;
    }

    /**
     * Claims up to {@code limit} notifications due at {@code nowMillis} for {@code receivers}: they
     * are this sender's until {@code leaseUntilMillis}.
     */
    List<Notification> claimDue(long nowMillis, Collection<String> receivers, int limit, long leaseUntilMillis) {
        if (receivers.isEmpty()) {
            return List.of();
        }
        String sql = DUE.formatted(String.join(", ", Collections.nCopies(receivers.size(), "?")))
                + (postgres ? FOR_UPDATE : "");
        return inTransaction(c -> {
            List<Notification> claimed = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(sql)) {
                int i = 1;
                select.setLong(i++, nowMillis);
                for (String receiver : receivers) {
                    select.setString(i++, receiver);
                }
                select.setInt(i, limit);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(notification(rs));
                    }
                }
            }
            try (PreparedStatement lease =
                    c.prepareStatement("update alert_notification set next_attempt_millis = ? where id = ?")) {
                for (Notification n : claimed) {
                    lease.setLong(1, leaseUntilMillis);
                    lease.setLong(2, n.id());
                    lease.addBatch();
                }
                if (!claimed.isEmpty()) {
                    lease.executeBatch();
                }
            }
            return claimed;
        });
    }

    /**
     * Claims up to {@code limit} of {@code receiver}'s firing alerts due to be posted again at
     * {@code nowMillis}: the next time is set to {@code nextMillis}. Those that resolved (or fired
     * anew) since are not posted again, and leave the list for good.
     */
    List<Notification> claimResends(long nowMillis, String receiver, int limit, long nextMillis) {
        return inTransaction(c -> {
            List<Notification> due = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(TO_RESEND + (postgres ? FOR_UPDATE : ""))) {
                select.setLong(1, nowMillis);
                select.setString(2, receiver);
                select.setInt(3, limit);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        due.add(notification(rs));
                    }
                }
            }
            List<Notification> claimed = new ArrayList<>();
            try (PreparedStatement superseded = c.prepareStatement(SUPERSEDED);
                    PreparedStatement next =
                            c.prepareStatement("update alert_notification set resend_millis = ? where id = ?")) {
                for (Notification n : due) {
                    superseded.setString(1, n.receiver());
                    superseded.setString(2, n.ruleName());
                    superseded.setString(3, n.hostname());
                    superseded.setString(4, n.subject());
                    superseded.setLong(5, n.id());
                    superseded.setLong(6, n.atMillis());
                    superseded.setLong(7, n.atMillis());
                    superseded.setLong(8, n.id());
                    boolean over;
                    try (ResultSet rs = superseded.executeQuery()) {
                        over = rs.next();
                    }
                    if (over) {
                        next.setNull(1, Types.BIGINT);
                    } else {
                        next.setLong(1, nextMillis);
                        claimed.add(n);
                    }
                    next.setLong(2, n.id());
                    next.addBatch();
                }
                if (!due.isEmpty()) {
                    next.executeBatch();
                }
            }
            return claimed;
        });
    }

    /**
     * Marks a notification delivered at {@code nowMillis}; {@code resendMillis} is when to post it
     * again (Alertmanager's firing alerts), or null.
     */
    void markSent(Notification n, long nowMillis, Long resendMillis) {
        update(
                "update alert_notification set state = 'sent', attempts = ?, sent_millis = ?, last_error = null,"
                        + " resend_millis = ? where id = ?",
                n.attempts() + 1,
                nowMillis,
                resendMillis,
                n.id());
    }

    /** Records a failed attempt, to be tried again at {@code nextAttemptMillis}. */
    void markRetry(Notification n, long nextAttemptMillis, String error) {
        update(
                "update alert_notification set attempts = ?, next_attempt_millis = ?, last_error = ? where id = ?",
                n.attempts() + 1,
                nextAttemptMillis,
                cut(error),
                n.id());
    }

    /** Gives a notification up: {@code attempted} says whether this run tried it. */
    void markFailed(Notification n, boolean attempted, String error) {
        update(
                "update alert_notification set state = 'failed', attempts = ?, last_error = ? where id = ?",
                n.attempts() + (attempted ? 1 : 0),
                cut(error),
                n.id());
    }

    /** Hands back a claimed notification that was not tried, due again at {@code nextAttemptMillis}. */
    void release(Notification n, long nextAttemptMillis) {
        update("update alert_notification set next_attempt_millis = ? where id = ?", nextAttemptMillis, n.id());
    }

    /**
     * Gives up the due notifications created before {@code createdBeforeMillis} for receivers not
     * in {@code receivers} (removed from the configuration): no sender will take them. Answers how
     * many.
     */
    int failUnconfigured(long createdBeforeMillis, Collection<String> receivers) {
        String notIn = receivers.isEmpty()
                ? ""
                : " and receiver not in (" + String.join(", ", Collections.nCopies(receivers.size(), "?")) + ")";
        Object[] parameters = new Object[receivers.size() + 1];
        parameters[0] = createdBeforeMillis;
        int i = 1;
        for (String receiver : receivers) {
            parameters[i++] = receiver;
        }
        return update(
                "update alert_notification set state = 'failed', last_error = 'receiver no longer configured'"
                        + " where state = 'due' and created_millis < ?" + notIn,
                parameters);
    }

    private int update(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                if (p == null) {
                    update.setNull(i + 1, Types.BIGINT);
                } else if (p instanceof String s) {
                    update.setString(i + 1, s);
                } else if (p instanceof Integer n) {
                    update.setInt(i + 1, n);
                } else {
                    update.setLong(i + 1, (Long) p);
                }
            }
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot update the alert notifications: " + e.getMessage(), e);
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot claim alert notifications: " + e.getMessage(), e);
        }
    }

    private Notification notification(ResultSet rs) throws SQLException {
        Integer pid = rs.getInt(9);
        if (rs.wasNull()) {
            pid = null;
        }
        Long start = rs.getLong(10);
        if (rs.wasNull()) {
            start = null;
        }
        double value = rs.getDouble(15);
        if (rs.wasNull()) {
            value = Double.NaN;
        }
        Map<String, String> labels;
        try {
            labels = mapper.readValue(rs.getString(17), LABELS);
        } catch (JsonProcessingException e) {
            labels = Map.of();
        }
        return new Notification(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getInt(4),
                rs.getLong(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                pid,
                start,
                rs.getString(11),
                rs.getString(12),
                rs.getLong(13),
                rs.getLong(14),
                value,
                rs.getString(16),
                labels,
                rs.getString(18));
    }

    private static String cut(String error) {
        if (error == null) {
            return null;
        }
        return error.length() <= 500 ? error : error.substring(0, 499) + "…";
    }
}
