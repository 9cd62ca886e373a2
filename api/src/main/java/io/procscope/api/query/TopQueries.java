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
        String from = " from (select * from process_current c order by " + order + " limit ?) c"
                + " join process p on p.host_id = c.host_id and p.pid = c.pid and p.start_time_millis = c.start_time_millis"
                + " join host h on h.id = c.host_id";
        List<TopProcess> top = em.unwrap(Session.class).doReturningWork(c -> {
            // The first rows of the fleet index, then their hosts: gone hosts' rows are dropped, and
            // while they leave fewer than limit, twice as many are read, until the index runs out.
            for (int read = limit * 2 + 10; ; read *= 2) {
                List<TopProcess> rows = new ArrayList<>(limit);
                int scanned;
                try (PreparedStatement s = c.prepareStatement(
                        "select " + FleetRows.COLUMNS + ", h.last_received_millis" + from + " order by " + order)) {
                    s.setInt(1, read);
                    scanned = 0;
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            scanned++;
                            if (rs.getLong(22) >= notGoneSince && rows.size() < limit) {
                                rows.add(new TopProcess(rs.getString(2), FleetRows.row(rs)));
                            }
                        }
                    }
                }
                if (rows.size() == limit || scanned < read) {
                    return rows;
                }
            }
        });
        top.sort(Comparator.comparing(TopProcess::process, by.comparator(true)));
        return top;
    }
}
