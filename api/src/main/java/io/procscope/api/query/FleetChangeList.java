package io.procscope.api.query;

import io.procscope.api.config.ProcscopeConfig;
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
import java.util.List;
import org.hibernate.Session;

/**
 * Processes started and exited across the fleet, newest first. One host's are its {@link
 * HistoryQueries#changes}; the whole fleet's are the first rows of the fleet's indexes of starts
 * and exits ({@code process_fleet_started}, {@code process_fleet_ended}), whatever its size.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class FleetChangeList {

    /** Most events one answer holds. */
    public static final int MAX_LIMIT = 1000;

    private final HistoryQueries historyQueries;
    private final EntityManager em;
    private final ProcscopeConfig config;
    private final Clock clock;

    FleetChangeList(HistoryQueries historyQueries, EntityManager em, ProcscopeConfig config, Clock clock) {
        this.historyQueries = historyQueries;
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
     * The starts and exits in a range on one host, or on every host not gone when {@code hostname}
     * is null, newest first, at most {@code limit}.
     */
    public List<Event> between(String hostname, TimeRange range, int limit) {
        List<Event> events = new ArrayList<>();
        if (hostname != null) {
            ProcessChanges changes = historyQueries.changes(hostname, range);
            changes.started().forEach(c -> events.add(new Event(hostname, Kind.STARTED, c.startTimeMillis(), c)));
            changes.exited().forEach(c -> events.add(new Event(hostname, Kind.EXITED, c.endedMillis(), c)));
        } else {
            events.addAll(fleet(Kind.STARTED, range, limit));
            events.addAll(fleet(Kind.EXITED, range, limit));
        }
        events.sort(ORDER);
        return events.size() > limit ? List.copyOf(events.subList(0, limit)) : events;
    }

    private static final Comparator<Event> ORDER = Comparator.comparingLong(Event::atMillis)
            .reversed()
            .thenComparing(Event::hostname)
            .thenComparingInt(e -> e.process().pid());

    /** The newest {@code limit} starts, or exits, on the hosts not gone. */
    private List<Event> fleet(Kind kind, TimeRange range, int limit) {
        String at = kind == Kind.STARTED ? "p.start_time_millis" : "p.ended_millis";
        long notGoneSince = clock.millis() - config.hosts().goneAfter().toMillis();
        return em.unwrap(Session.class).doReturningWork(c -> {
            List<Event> events = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select h.hostname, p.pid, p.ppid, p.name, p.username,"
                    + " p.command_line, p.start_time_millis, p.ended_millis from process p join host h"
                    + " on h.id = p.host_id where " + at + " >= ? and " + at + " < ?"
                    + " and h.last_received_millis >= ? order by " + at + " desc, h.hostname, p.pid limit ?")) {
                s.setLong(1, range.fromMillis());
                s.setLong(2, range.toMillis());
                s.setLong(3, notGoneSince);
                s.setInt(4, limit);
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
                        events.add(new Event(
                                rs.getString(1),
                                kind,
                                kind == Kind.STARTED ? change.startTimeMillis() : endedMillis,
                                change));
                    }
                }
            }
            return events;
        });
    }
}
