package io.procscope.api.query;

import io.procscope.api.config.Database;
import io.procscope.api.config.ProcscopeConfig;
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
 * The fleet's busiest processes, from the newest reports of the hosts not gone: the first rows of a
 * fleet index of what the running processes use now ({@code process_current}), whatever the
 * fleet's size.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class TopQueries {

    private final EntityManager em;
    private final Database database;
    private final ProcscopeConfig config;
    private final Clock clock;

    TopQueries(EntityManager em, Database database, ProcscopeConfig config, Clock clock) {
        this.em = em;
        this.database = database;
        this.config = config;
        this.clock = clock;
    }

    /** The {@code limit} busiest processes of the fleet by CPU or memory, from newest reports only. */
    public List<TopProcess> top(ProcessQuery.Sort by, int limit) {
        String column = by == ProcessQuery.Sort.MEMORY ? "c.rss_bytes" : "c.cpu_percent";
        // The order of the fleet indexes (V7): PostgreSQL puts nulls first in a descending order
        // unless told, SQLite puts them last. Ties are ordered by pid below.
        String order = database.isPostgreSQL() ? column + " desc nulls last, c.pid" : column + " desc";
        long notGoneSince = clock.millis() - config.hosts().goneAfter().toMillis();
        List<TopProcess> top = em.unwrap(Session.class).doReturningWork(c -> {
            List<TopProcess> rows = new ArrayList<>(limit);
            try (PreparedStatement s = c.prepareStatement("select " + FleetRows.COLUMNS + FleetRows.FROM
                    + " where h.last_received_millis >= ? order by " + order + " limit ?")) {
                s.setLong(1, notGoneSince);
                s.setInt(2, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new TopProcess(rs.getString(2), FleetRows.row(rs)));
                    }
                }
            }
            return rows;
        });
        top.sort(Comparator.comparing(TopProcess::process, by.comparator(true)));
        return top;
    }
}
