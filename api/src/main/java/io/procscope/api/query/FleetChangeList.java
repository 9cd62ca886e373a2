package io.procscope.api.query;

import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.domain.Host;
import io.procscope.api.problem.ProblemException;
import io.procscope.api.query.ProcessChanges.Kind;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.Session;

/**
 * Processes started and exited across the fleet, newest first. The fleet's are the first rows of
 * the fleet's indexes of starts and exits ({@code process_fleet_started}, {@code
 * process_fleet_ended}), one host's the first rows of its own ({@code process_host_start}, {@code
 * process_host_ended}), whatever the history's size. A page further back starts after a {@link
 * Cursor}, the key of the last event of the page before: a keyset, so a page deep in the history
 * costs what the first does.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class FleetChangeList {

    /** Most events one answer holds. */
    public static final int MAX_LIMIT = 1000;

    private final EntityManager em;
    private final ProcscopeConfig config;
    private final Clock clock;

    FleetChangeList(EntityManager em, ProcscopeConfig config, Clock clock) {
        this.em = em;
        this.config = config;
        this.clock = clock;
    }

    /**
     * A process that started or exited on a host.
     *
     * @param hostname its host
     * @param kind started or exited
     * @param atMillis when it started, or when the first report without it was collected, ms since the epoch
     * @param process the process
     */
    @TemplateData
    public record Event(String hostname, Kind kind, long atMillis, ProcessChanges.Change process) {

        /** True for a start, for the templates. */
        public boolean started() {
            return kind == Kind.STARTED;
        }
    }

    /**
     * Where a page of events ends: the order's key of its last event. Events are ordered newest
     * first, then by host id, pid and kind (starts before exits), which is a total order.
     *
     * @param atMillis the event's time, ms since the epoch
     * @param hostId its host's id
     * @param pid its process's pid
     * @param kind started or exited
     */
    public record Cursor(long atMillis, long hostId, int pid, Kind kind) {

        private static final Pattern TEXT = Pattern.compile("(\\d{1,19})-(\\d{1,19})-(\\d{1,10})-([se])");

        /** The cursor of a URL, as {@link #toString} wrote it; null for none, 400 when malformed. */
        public static Cursor parse(String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            Matcher m = TEXT.matcher(text.strip());
            if (!m.matches()) {
                throw ProblemException.badRequest(
                        "before must be a cursor from a page's 'older' link, like 1764144000000-12-812-s.");
            }
            try {
                return new Cursor(
                        Long.parseLong(m.group(1)),
                        Long.parseLong(m.group(2)),
                        Integer.parseInt(m.group(3)),
                        m.group(4).equals("s") ? Kind.STARTED : Kind.EXITED);
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("before is out of range: '" + text + "'.");
            }
        }

        /** {@code time-host-pid-kind}, as a URL carries it. */
        @Override
        public String toString() {
            return atMillis + "-" + hostId + "-" + pid + "-" + (kind == Kind.STARTED ? "s" : "e");
        }
    }

    /**
     * A page of events.
     *
     * @param events at most the page's limit, newest first
     * @param next where the next page, of older events, starts; null when there is none
     */
    public record Page(List<Event> events, Cursor next) {}

    /** An event with the key it is ordered by. */
    private record Row(Event event, long hostId) {

        Cursor cursor() {
            return new Cursor(event.atMillis(), hostId, event.process().pid(), event.kind());
        }
    }

    /**
     * The starts and exits in a range on one host, or on every host not gone when {@code hostname}
     * is null, newest first, at most {@code limit}.
     */
    public List<Event> between(String hostname, TimeRange range, int limit) {
        return page(hostname, range, EnumSet.allOf(Kind.class), null, limit).events();
    }

    /**
     * The events of {@code kinds} in a range on one host (404 for a host that never reported), or
     * on every host not gone when {@code hostname} is null: at most {@code limit}, newest first,
     * after {@code before} (null for the newest).
     */
    public Page page(String hostname, TimeRange range, Set<Kind> kinds, Cursor before, int limit) {
        Long hostId = hostId(hostname);
        List<Row> rows = new ArrayList<>();
        for (Kind kind : kinds) {
            rows.addAll(rows(kind, hostId, range, before, limit + 1));
        }
        rows.sort(ORDER);
        List<Event> events = rows.stream().limit(limit).map(Row::event).toList();
        return new Page(events, rows.size() > limit ? rows.get(limit - 1).cursor() : null);
    }

    /**
     * How many events of {@code kind} there are in the range on the host, or on every host not gone
     * when {@code hostname} is null, counting at most {@code cap + 1}: a count past {@code cap}
     * means more than {@code cap}, and costs no more than it.
     */
    public long count(String hostname, Kind kind, TimeRange range, int cap) {
        Long hostId = hostId(hostname);
        String at = at(kind);
        Where where = where(at, hostId, range, null, kind);
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement s = c.prepareStatement("select count(*) from (select 1 from process p join host h"
                    + " on h.id = p.host_id where " + where.sql() + " limit ?) n")) {
                int i = where.bind(s);
                s.setInt(i, cap + 1);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static final Comparator<Row> ORDER = Comparator.<Row>comparingLong(
                    r -> r.event().atMillis())
            .reversed()
            .thenComparingLong(Row::hostId)
            .thenComparingInt(r -> r.event().process().pid())
            .thenComparing(r -> r.event().kind());

    private Long hostId(String hostname) {
        if (hostname == null) {
            return null;
        }
        return Host.findByHostname(hostname)
                .map(h -> h.id)
                .orElseThrow(() -> ProblemException.notFound("No host named '" + hostname + "' has reported."));
    }

    private static String at(Kind kind) {
        return kind == Kind.STARTED ? "p.start_time_millis" : "p.ended_millis";
    }

    /** A WHERE clause and its values, in order. */
    private record Where(String sql, List<Object> values) {

        /** Binds the values from the first parameter on; the index of the next. */
        int bind(PreparedStatement s) throws java.sql.SQLException {
            int i = 1;
            for (Object v : values) {
                s.setObject(i++, v);
            }
            return i;
        }
    }

    /**
     * The events of a kind in the range, on one host or the hosts not gone, after the cursor: the
     * host's index (host id, time) or the fleet's (time) finds them in order.
     */
    private Where where(String at, Long hostId, TimeRange range, Cursor before, Kind kind) {
        StringBuilder sql = new StringBuilder(at + " >= ? and " + at + " < ?");
        List<Object> values = new ArrayList<>(List.of(range.fromMillis(), range.toMillis()));
        if (hostId != null) {
            sql.append(" and p.host_id = ?");
            values.add(hostId);
        } else {
            sql.append(" and h.last_received_millis >= ?");
            values.add(clock.millis() - config.hosts().goneAfter().toMillis());
        }
        if (before != null) {
            // After the cursor in the order (time desc, host, pid, kind): at the cursor's pid, a
            // kind that sorts after the cursor's comes next.
            String pid = kind.compareTo(before.kind()) > 0 ? "p.pid >= ?" : "p.pid > ?";
            sql.append(
                    " and (" + at + " < ? or (" + at + " = ? and (p.host_id > ? or (p.host_id = ? and " + pid + "))))");
            values.addAll(
                    List.of(before.atMillis(), before.atMillis(), before.hostId(), before.hostId(), before.pid()));
        }
        return new Where(sql.toString(), values);
    }

    /** The first {@code limit} events of a kind after the cursor. */
    private List<Row> rows(Kind kind, Long hostId, TimeRange range, Cursor before, int limit) {
        String at = at(kind);
        Where where = where(at, hostId, range, before, kind);
        return em.unwrap(Session.class).doReturningWork(c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select h.hostname, p.pid, p.ppid, p.name, p.username,"
                    + " p.command_line, p.start_time_millis, p.ended_millis, p.host_id from process p join host h"
                    + " on h.id = p.host_id where " + where.sql() + " order by " + at + " desc, p.host_id, p.pid"
                    + " limit ?")) {
                int i = where.bind(s);
                s.setInt(i, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        int ppid = rs.getInt(3);
                        Integer parent = rs.wasNull() ? null : ppid;
                        long ended = rs.getLong(8);
                        Long endedMillis = rs.wasNull() ? null : ended;
                        ProcessChanges.Change change = new ProcessChanges.Change(
                                rs.getInt(2),
                                parent,
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getLong(7),
                                endedMillis);
                        rows.add(new Row(
                                new Event(
                                        rs.getString(1),
                                        kind,
                                        kind == Kind.STARTED ? change.startTimeMillis() : endedMillis,
                                        change),
                                rs.getLong(9)));
                    }
                }
            }
            return rows;
        });
    }
}
