package io.procscope.api.alerts;

import static io.procscope.api.domain.NullableColumns.nullableInt;
import static io.procscope.api.domain.NullableColumns.nullableLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.config.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hibernate.Session;

/**
 * The alert tables, in the caller's transaction: rules, the alerts active now, and their history.
 * Every transition is a conditional statement (insert unless present, update or delete only from
 * the state it leaves), so that a second replica making the same transition changes nothing and
 * records nothing.
 */
@ApplicationScoped
class AlertStore {

    /** Longest summary stored, characters. */
    static final int MAX_SUMMARY = 500;

    /**
     * A rule as stored.
     *
     * @param name its name
     * @param source {@code file} or {@code api}
     * @param enabled whether it is evaluated
     * @param definition its canonical JSON without name and enabled
     * @param createdMillis when it was created, API clock
     * @param updatedMillis when it last changed, API clock
     */
    record StoredRule(
            String name, String source, boolean enabled, String definition, long createdMillis, long updatedMillis) {}

    /**
     * A host, as liveness needs it.
     *
     * @param id its id
     * @param hostname its name
     * @param lastReceivedMillis when the API last received one of its reports, API clock
     * @param intervalMillis its agent's interval, or null
     */
    record HostRow(long id, String hostname, long lastReceivedMillis, Long intervalMillis) {}

    /** An active alert with the host it is on. */
    record HostActive(long hostId, String hostname, Transitions.Active active) {}

    /**
     * One recorded transition, as the history lists it.
     *
     * @param id the event's id
     * @param ruleName its rule
     * @param hostname its host
     * @param subject {@code ""} or {@code pid:start}
     * @param pid the process's pid, or null
     * @param startTimeMillis the process's start, or null
     * @param transition pending, firing or resolved
     * @param atMillis when, API clock
     * @param value the measured value
     * @param severity the rule's severity then
     * @param labels the rule's labels then, JSON
     * @param summary for people
     */
    record EventRow(
            long id,
            String ruleName,
            String hostname,
            String subject,
            Integer pid,
            Long startTimeMillis,
            String transition,
            long atMillis,
            double value,
            String severity,
            String labels,
            String summary) {}

    private static final String ACTIVE_COLUMNS = "s.rule_name, s.subject, s.state, s.pending_since_millis,"
            + " s.firing_since_millis, s.value, s.pid, s.start_time_millis, s.summary";

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final boolean postgres;

    AlertStore(EntityManager em, ObjectMapper mapper, Database database) {
        this.em = em;
        this.mapper = mapper;
        this.postgres = database.isPostgreSQL();
    }

    // --- rules -------------------------------------------------------------------------------------

    List<StoredRule> listRules() {
        return work(c -> {
            List<StoredRule> rules = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select name, source, enabled, definition, created_millis,"
                            + " updated_millis from alert_rule order by name");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rules.add(new StoredRule(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getBoolean(3),
                            rs.getString(4),
                            rs.getLong(5),
                            rs.getLong(6)));
                }
            }
            return rules;
        });
    }

    Optional<StoredRule> findRule(String name) {
        return listRules().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Inserts a rule; false when one of that name exists. */
    boolean insertRule(StoredRule r) {
        return work(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into alert_rule (name, source, enabled, definition,"
                    + " created_millis, updated_millis) values (?, ?, ?, ?, ?, ?) on conflict do nothing")) {
                s.setString(1, r.name());
                s.setString(2, r.source());
                s.setBoolean(3, r.enabled());
                s.setString(4, r.definition());
                s.setLong(5, r.createdMillis());
                s.setLong(6, r.updatedMillis());
                return s.executeUpdate() == 1;
            }
        });
    }

    /**
     * Makes a rule of the file what the file says: inserted, or updated (from any source) where it
     * differs; the update time moves only when something changed.
     */
    void upsertFileRule(String name, boolean enabled, String definition, long nowMillis) {
        work(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into alert_rule (name, source, enabled, definition,"
                    + " created_millis, updated_millis) values (?, 'file', ?, ?, ?, ?)"
                    + " on conflict (name) do update set source = 'file', enabled = excluded.enabled,"
                    + " definition = excluded.definition, updated_millis = excluded.updated_millis"
                    + " where alert_rule.source <> 'file' or alert_rule.enabled <> excluded.enabled"
                    + " or alert_rule.definition <> excluded.definition")) {
                s.setString(1, name);
                s.setBoolean(2, enabled);
                s.setString(3, definition);
                s.setLong(4, nowMillis);
                s.setLong(5, nowMillis);
                return s.executeUpdate();
            }
        });
    }

    /** Updates an API rule; false when there is no API rule of that name. */
    boolean updateRule(String name, boolean enabled, String definition, long nowMillis) {
        return work(c -> {
            try (PreparedStatement s = c.prepareStatement("update alert_rule set enabled = ?, definition = ?,"
                    + " updated_millis = ? where name = ? and source = 'api'")) {
                s.setBoolean(1, enabled);
                s.setString(2, definition);
                s.setLong(3, nowMillis);
                s.setString(4, name);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** Deletes a rule of {@code source}; false when there is none. */
    boolean deleteRule(String name, String source) {
        return work(c -> {
            try (PreparedStatement s = c.prepareStatement("delete from alert_rule where name = ? and source = ?")) {
                s.setString(1, name);
                s.setString(2, source);
                return s.executeUpdate() == 1;
            }
        });
    }

    // --- hosts -------------------------------------------------------------------------------------

    List<HostRow> listHosts() {
        return work(c -> {
            List<HostRow> hosts = new ArrayList<>();
            try (PreparedStatement s =
                            c.prepareStatement("select id, hostname, last_received_millis, interval_millis from host");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    hosts.add(hostRow(rs));
                }
            }
            return hosts;
        });
    }

    /**
     * The host, its row locked until the transaction ends on PostgreSQL (as ingest locks it), so
     * that one host's transitions are decided one at a time across replicas. SQLite has one writer.
     */
    Optional<HostRow> lockHost(long hostId) {
        return work(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "select id, hostname, last_received_millis, interval_millis from host where id = ?"
                            + (postgres ? " for update" : ""))) {
                s.setLong(1, hostId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(hostRow(rs)) : Optional.<HostRow>empty();
                }
            }
        });
    }

    /**
     * Processes of the host that the API saw start after {@code fromMillis} (agent clock), newest
     * first, at most {@code limit}: those that started after the host's first report.
     */
    List<HostView.Start> recentStarts(long hostId, long fromMillis, int limit) {
        return work(c -> {
            List<HostView.Start> starts = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select p.pid, p.start_time_millis, p.name, p.username,"
                    + " p.command_line from process p where p.host_id = ? and p.start_time_millis > ?"
                    + " and p.start_time_millis > (select h.first_report_millis from host h where h.id = ?)"
                    + " order by p.start_time_millis desc limit ?")) {
                s.setLong(1, hostId);
                s.setLong(2, fromMillis);
                s.setLong(3, hostId);
                s.setInt(4, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        starts.add(new HostView.Start(
                                rs.getInt(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                    }
                }
            }
            return starts;
        });
    }

    // --- active alerts -----------------------------------------------------------------------------

    /** The host's active alerts, of every rule. */
    List<Transitions.Active> activeOf(long hostId) {
        return work(c -> {
            List<Transitions.Active> active = new ArrayList<>();
            try (PreparedStatement s =
                    c.prepareStatement("select " + ACTIVE_COLUMNS + " from alert_state s where s.host_id = ?")) {
                s.setLong(1, hostId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        active.add(active(rs, 1));
                    }
                }
            }
            return active;
        });
    }

    /**
     * Active alerts, with their host, firing first, newest first.
     *
     * @param rule only this rule's, or null for every rule
     * @param hostname only this host's, or null for every host
     * @param subject only this subject's ({@code pid:start}), or null for every one
     */
    List<HostActive> listActive(String rule, String hostname, String subject, int offset, int limit) {
        return work(c -> {
            List<HostActive> active = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select s.host_id, h.hostname, " + ACTIVE_COLUMNS
                    + " from alert_state s join host h on h.id = s.host_id where 1 = 1"
                    + (rule == null ? "" : " and s.rule_name = ?")
                    + (hostname == null ? "" : " and h.hostname = ?")
                    + (subject == null ? "" : " and s.subject = ?")
                    + " order by case when s.state = 'firing' then 0 else 1 end,"
                    + " coalesce(s.firing_since_millis, s.pending_since_millis) desc, s.host_id, s.rule_name,"
                    + " s.subject limit ? offset ?")) {
                int i = 1;
                if (rule != null) {
                    s.setString(i++, rule);
                }
                if (hostname != null) {
                    s.setString(i++, hostname);
                }
                if (subject != null) {
                    s.setString(i++, subject);
                }
                s.setInt(i++, limit);
                s.setInt(i, offset);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        active.add(new HostActive(rs.getLong(1), rs.getString(2), active(rs, 3)));
                    }
                }
            }
            return active;
        });
    }

    /**
     * How many alerts are active, in one query.
     *
     * @param rule only this rule's, or null for every rule
     * @param hostname only this host's, or null for every host
     * @return firing and pending
     */
    ActiveCount countActive(String rule, String hostname) {
        return work(c -> {
            try (PreparedStatement s = c.prepareStatement("select"
                    + " coalesce(sum(case when s.state = 'firing' then 1 else 0 end), 0),"
                    + " coalesce(sum(case when s.state = 'firing' then 0 else 1 end), 0)"
                    + " from alert_state s"
                    + (hostname == null ? "" : " join host h on h.id = s.host_id")
                    + " where 1 = 1"
                    + (rule == null ? "" : " and s.rule_name = ?")
                    + (hostname == null ? "" : " and h.hostname = ?"))) {
                int i = 1;
                if (rule != null) {
                    s.setString(i++, rule);
                }
                if (hostname != null) {
                    s.setString(i, hostname);
                }
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return new ActiveCount(rs.getLong(1), rs.getLong(2));
                }
            }
        });
    }

    /** Firing and pending alerts. */
    record ActiveCount(long firing, long pending) {
        long total() {
            return firing + pending;
        }
    }

    /** Firing alerts by host name, hosts without one left out. */
    Map<String, Long> firingByHost() {
        return work(c -> {
            Map<String, Long> firing = new TreeMap<>();
            try (PreparedStatement s = c.prepareStatement("select h.hostname, count(*) from alert_state s"
                            + " join host h on h.id = s.host_id where s.state = 'firing' group by h.hostname");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    firing.put(rs.getString(1), rs.getLong(2));
                }
            }
            return firing;
        });
    }

    /** Firing alerts by rule. */
    Map<String, Long> firingByRule() {
        return work(c -> {
            Map<String, Long> firing = new TreeMap<>();
            try (PreparedStatement s = c.prepareStatement(
                            "select rule_name, count(*) from alert_state where state = 'firing' group by rule_name");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    firing.put(rs.getString(1), rs.getLong(2));
                }
            }
            return firing;
        });
    }

    // --- transitions -------------------------------------------------------------------------------

    /**
     * Makes one change and records its event, unless another transaction made it first.
     *
     * @return the recorded transition, or empty when nothing was recorded (a drop, or the change
     *     was made already)
     */
    Optional<AlertTransitioned> apply(
            long hostId,
            String hostname,
            String ruleName,
            String severity,
            Map<String, String> labels,
            Transitions.Change change,
            long nowMillis) {
        String summary = cut(change.summary());
        boolean changed = work(c -> switch (change.kind()) {
            case PENDING, FIRE -> {
                try (PreparedStatement s = c.prepareStatement("insert into alert_state (host_id, rule_name, subject,"
                        + " state, pending_since_millis, firing_since_millis, value, pid, start_time_millis, summary)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
                    boolean fire = change.kind() == Transitions.Kind.FIRE;
                    s.setLong(1, hostId);
                    s.setString(2, ruleName);
                    s.setString(3, change.subject());
                    s.setString(4, fire ? "firing" : "pending");
                    s.setLong(5, nowMillis);
                    setLong(s, 6, fire ? nowMillis : null);
                    s.setDouble(7, change.value());
                    setInteger(s, 8, change.pid());
                    setLong(s, 9, change.startTimeMillis());
                    s.setString(10, summary);
                    yield s.executeUpdate() == 1;
                }
            }
            case PROMOTE -> {
                try (PreparedStatement s = c.prepareStatement("update alert_state set state = 'firing',"
                        + " firing_since_millis = ?, value = ?, summary = ? where host_id = ? and rule_name = ?"
                        + " and subject = ? and state = 'pending'")) {
                    s.setLong(1, nowMillis);
                    s.setDouble(2, change.value());
                    s.setString(3, summary);
                    s.setLong(4, hostId);
                    s.setString(5, ruleName);
                    s.setString(6, change.subject());
                    yield s.executeUpdate() == 1;
                }
            }
            case DROP, RESOLVE -> {
                try (PreparedStatement s = c.prepareStatement("delete from alert_state where host_id = ?"
                        + " and rule_name = ? and subject = ? and state = ?")) {
                    s.setLong(1, hostId);
                    s.setString(2, ruleName);
                    s.setString(3, change.subject());
                    s.setString(4, change.kind() == Transitions.Kind.DROP ? "pending" : "firing");
                    yield s.executeUpdate() == 1;
                }
            }
        });
        String transition = change.transition();
        if (!changed || transition == null) {
            return Optional.empty();
        }
        String labelsJson = json(new TreeMap<>(labels));
        Long id = work(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into alert_event (host_id, rule_name, hostname,"
                    + " subject, pid, start_time_millis, transition, at_millis, value, severity, labels, summary)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing returning id")) {
                s.setLong(1, hostId);
                s.setString(2, ruleName);
                s.setString(3, hostname);
                s.setString(4, change.subject());
                setInteger(s, 5, change.pid());
                setLong(s, 6, change.startTimeMillis());
                s.setString(7, transition);
                s.setLong(8, nowMillis);
                s.setDouble(9, change.value());
                s.setString(10, severity);
                s.setString(11, labelsJson);
                s.setString(12, summary);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : null;
                }
            }
        });
        if (id == null) {
            return Optional.empty();
        }
        return Optional.of(new AlertTransitioned(
                id,
                ruleName,
                hostname,
                change.subject(),
                change.pid(),
                change.startTimeMillis(),
                transition,
                nowMillis,
                change.value(),
                severity,
                labels,
                summary));
    }

    // --- history -----------------------------------------------------------------------------------

    /**
     * Recorded transitions, newest first.
     *
     * @param beforeId only events with a smaller id (the previous page's last), or null
     * @param hostname only this host's, or null
     * @param rule only this rule's, or null
     * @param limit at most this many
     */
    List<EventRow> history(Long beforeId, String hostname, String rule, int limit) {
        return work(c -> {
            StringBuilder sql = new StringBuilder("select id, rule_name, hostname, subject, pid, start_time_millis,"
                    + " transition, at_millis, value, severity, labels, summary from alert_event where 1 = 1");
            List<Object> parameters = new ArrayList<>();
            if (beforeId != null) {
                sql.append(" and id < ?");
                parameters.add(beforeId);
            }
            if (hostname != null) {
                sql.append(" and host_id = (select id from host where hostname = ?)");
                parameters.add(hostname);
            }
            if (rule != null) {
                sql.append(" and rule_name = ?");
                parameters.add(rule);
            }
            sql.append(" order by id desc limit ?");
            parameters.add(limit);
            List<EventRow> events = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    s.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        events.add(new EventRow(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                nullableInt(rs, 5),
                                nullableLong(rs, 6),
                                rs.getString(7),
                                rs.getLong(8),
                                rs.getDouble(9),
                                rs.getString(10),
                                rs.getString(11),
                                rs.getString(12)));
                    }
                }
            }
            return events;
        });
    }

    // --- helpers -----------------------------------------------------------------------------------

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T work(Work<T> work) {
        return em.unwrap(Session.class).doReturningWork(work::run);
    }

    private static Transitions.Active active(ResultSet rs, int first) throws SQLException {
        int i = first;
        String rule = rs.getString(i++);
        String subject = rs.getString(i++);
        boolean firing = "firing".equals(rs.getString(i++));
        long pendingSince = rs.getLong(i++);
        long firingSince = rs.getLong(i++);
        Long firingSinceOrNull = rs.wasNull() ? null : firingSince;
        double value = rs.getDouble(i++);
        int pid = rs.getInt(i++);
        Integer pidOrNull = rs.wasNull() ? null : pid;
        long start = rs.getLong(i++);
        Long startOrNull = rs.wasNull() ? null : start;
        String summary = rs.getString(i);
        return new Transitions.Active(
                rule, subject, firing, pendingSince, firingSinceOrNull, value, pidOrNull, startOrNull, summary);
    }

    private static HostRow hostRow(ResultSet rs) throws SQLException {
        long interval = rs.getLong(4);
        return new HostRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.wasNull() ? null : interval);
    }

    private String json(Map<String, String> labels) {
        try {
            return mapper.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Labels always serialize", e);
        }
    }

    static String cut(String summary) {
        return summary.length() <= MAX_SUMMARY ? summary : summary.substring(0, MAX_SUMMARY - 1) + "…";
    }

    private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, v);
        }
    }

    private static void setInteger(PreparedStatement s, int i, Integer v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.INTEGER);
        } else {
            s.setInt(i, v);
        }
    }
}
