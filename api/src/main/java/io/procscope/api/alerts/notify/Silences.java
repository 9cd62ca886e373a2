package io.procscope.api.alerts.notify;

import io.procscope.api.problem.Problem;
import io.procscope.api.problem.ProblemException;
import io.procscope.api.problem.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.Session;

/** Silences ({@code alert_silence}): set, listed, ended, and looked up for each transition. */
@ApplicationScoped
public class Silences {

    /** Active silences at most: each transition looks its rule's up. */
    static final int MAX_ACTIVE = 1000;

    /** The longest silence. */
    static final Duration LONGEST = Duration.ofDays(365);

    /** A rule's name, as rules are named. */
    static final Pattern RULE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    static final int HOST_MAX = 253;
    static final int COMMENT_MAX = 500;

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,7})([smhd])");

    private static final String COLUMNS = "id, rule_name, hostname, until_millis, created_by, comment, created_millis";

    /**
     * A request once checked.
     *
     * @param rule the rule
     * @param host the host, or null for all
     * @param untilMillis when it ends
     * @param comment why, or null
     */
    record Checked(String rule, String host, long untilMillis, String comment) {}

    private final EntityManager em;
    private final Clock clock;
    private final Event<SilenceChanged> changed;

    Silences(EntityManager em, Clock clock, Event<SilenceChanged> changed) {
        this.em = em;
        this.clock = clock;
        this.changed = changed;
    }

    /** Sets a silence, first deleting the expired ones; 400 for an invalid request, 409 past {@value #MAX_ACTIVE}. */
    @Transactional
    public Silence create(SilenceRequest request, String createdBy) {
        long now = clock.millis();
        Checked checked = check(request, now);
        Silence silence = em.unwrap(Session.class).doReturningWork(c -> {
            deleteExpired(c, now);
            try (PreparedStatement count = c.prepareStatement("select count(*) from alert_silence")) {
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= MAX_ACTIVE) {
                        throw new ProblemException(
                                Response.Status.CONFLICT,
                                "There are " + MAX_ACTIVE + " active silences already, the most there may be:"
                                        + " end some (DELETE /api/v1/alerts/silences/{id}) first.");
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement("insert into alert_silence (rule_name, hostname,"
                    + " until_millis, created_by, comment, created_millis) values (?, ?, ?, ?, ?, ?) returning id")) {
                insert.setString(1, checked.rule());
                insert.setString(2, checked.host());
                insert.setLong(3, checked.untilMillis());
                insert.setString(4, createdBy);
                insert.setString(5, checked.comment());
                insert.setLong(6, now);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    return silence(
                            rs.getLong(1),
                            checked.rule(),
                            checked.host(),
                            checked.untilMillis(),
                            createdBy,
                            checked.comment(),
                            now);
                }
            }
        });
        changed.fire(new SilenceChanged(silence.rule(), silence.host()));
        return silence;
    }

    /** The silences still active, the soonest to end first, at most {@code limit}. */
    @Transactional
    public List<Silence> listActive(int limit) {
        long now = clock.millis();
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement select = c.prepareStatement("select " + COLUMNS
                    + " from alert_silence where until_millis > ? order by until_millis, id limit ?")) {
                select.setLong(1, now);
                select.setInt(2, limit);
                List<Silence> active = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        active.add(silence(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getLong(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getLong(7)));
                    }
                }
                return active;
            }
        });
    }

    /** Ends a silence now; false when there is no such silence (or it ended and was deleted). */
    @Transactional
    public boolean delete(long id) {
        boolean deleted = em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement delete = c.prepareStatement("delete from alert_silence where id = ?")) {
                delete.setLong(1, id);
                return delete.executeUpdate() == 1;
            }
        });
        if (deleted) {
            changed.fire(new SilenceChanged(null, null));
        }
        return deleted;
    }

    /** Deletes the silences that ended by {@code nowMillis}; answers how many. */
    @Transactional
    public int deleteExpired(long nowMillis) {
        return em.unwrap(Session.class).doReturningWork(c -> deleteExpired(c, nowMillis));
    }

    private static int deleteExpired(Connection c, long nowMillis) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("delete from alert_silence where until_millis <= ?")) {
            delete.setLong(1, nowMillis);
            return delete.executeUpdate();
        }
    }

    /** True when a silence of {@code rule}, on every host or on {@code hostname}, holds at {@code atMillis}. */
    static boolean covers(Connection c, String rule, String hostname, long atMillis) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select 1 from alert_silence where rule_name = ?"
                + " and until_millis > ? and (hostname is null or hostname = ?) limit 1")) {
            select.setString(1, rule);
            select.setLong(2, atMillis);
            select.setString(3, hostname);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** {@code request} checked at {@code nowMillis}, or a 400 problem naming each invalid field. */
    static Checked check(SilenceRequest request, long nowMillis) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request == null) {
            throw ProblemException.badRequest("The body must be a JSON object: {\"rule\": ..., \"duration\": ...}.");
        }
        String rule = request.rule();
        if (rule == null || rule.isEmpty()) {
            errors.add(new Problem.FieldError("rule", "is required"));
        } else if (!RULE_NAME.matcher(rule).matches()) {
            errors.add(new Problem.FieldError(
                    "rule",
                    "must be a rule's name: 1 to 100 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit"));
        }
        String host = request.host();
        if (host != null && (host.isEmpty() || host.length() > HOST_MAX || hasControl(host))) {
            errors.add(new Problem.FieldError(
                    "host", "must be a host's name: 1 to " + HOST_MAX + " characters, no control characters"));
        }
        String comment = request.comment() == null || request.comment().isBlank()
                ? null
                : request.comment().strip();
        if (comment != null && (comment.length() > COMMENT_MAX || comment.indexOf('\0') >= 0)) {
            errors.add(
                    new Problem.FieldError("comment", "must be at most " + COMMENT_MAX + " characters, without NUL"));
        }
        Long until = null;
        if ((request.duration() == null) == (request.until() == null)) {
            errors.add(new Problem.FieldError("duration", "or 'until' is required, one of them only"));
        } else if (request.duration() != null) {
            Duration duration = duration(request.duration());
            if (duration == null) {
                errors.add(new Problem.FieldError("duration", "must be like 90s, 30m, 2h, 7d or PT2H"));
            } else if (duration.isNegative() || duration.isZero() || duration.compareTo(LONGEST) > 0) {
                errors.add(new Problem.FieldError(
                        "duration", "must be more than 0 and at most " + LONGEST.toDays() + "d"));
            } else {
                until = nowMillis + duration.toMillis();
            }
        } else {
            Instant end = instant(request.until());
            if (end == null) {
                errors.add(new Problem.FieldError("until", "must be a time as RFC 3339, like 2026-12-24T18:00:00Z"));
            } else if (end.toEpochMilli() <= nowMillis || end.toEpochMilli() > nowMillis + LONGEST.toMillis()) {
                errors.add(new Problem.FieldError(
                        "until", "must be in the future, at most " + LONGEST.toDays() + "d from now"));
            } else {
                until = end.toEpochMilli();
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Validation.problem(errors));
        }
        return new Checked(rule, host, until, comment);
    }

    /** {@code 90s}, {@code 30m}, {@code 2h}, {@code 7d} or ISO-8601; null when it is none of these. */
    static Duration duration(String text) {
        if (text.length() > 32) {
            return null;
        }
        Matcher shortForm = SHORT_DURATION.matcher(text.strip());
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant instant(String text) {
        if (text.length() > 64) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static Silence silence(
            long id, String rule, String host, long until, String createdBy, String comment, long created) {
        return new Silence(id, rule, host, until, Instant.ofEpochMilli(until).toString(), createdBy, comment, created);
    }
}
