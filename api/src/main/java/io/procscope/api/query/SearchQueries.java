package io.procscope.api.query;

import io.procscope.api.config.Database;
import io.procscope.api.domain.Host;
import io.procscope.api.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;

/**
 * Which hosts run a process, from their newest reports. Read from the rows of the fleet's running
 * processes (see {@link FleetRows}): on PostgreSQL a trigram index finds the matching ones, so a
 * search reads the matches, not every host's processes.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class SearchQueries {

    /** Most processes a fleet search lists per host: its busiest matches. */
    public static final int SEARCH_LIMIT_PER_HOST = 5;

    /** Hosts a fleet search lists unless asked otherwise. */
    public static final int DEFAULT_HOST_LIMIT = 20;

    /** Most hosts a fleet search lists. */
    public static final int MAX_HOST_LIMIT = 500;

    private final EntityManager em;
    private final Database database;
    private final KnownHosts hosts;

    SearchQueries(EntityManager em, Database database, KnownHosts hosts) {
        this.em = em;
        this.database = database;
        this.hosts = hosts;
    }

    /** Most hosts a fleet search skips: a page further on asks for a narrower search. */
    public static final int MAX_OFFSET = 100_000;

    /**
     * A page of a fleet search.
     *
     * @param matches the hosts of the page, most matches first
     * @param hosts hosts that run a matching process, on every page
     * @param processes matching processes on all those hosts
     * @param offset hosts before this page
     * @param limit most hosts a page holds
     */
    public record Found(List<FleetMatch> matches, long hosts, long processes, int offset, int limit) {

        /** True when hosts match past this page. */
        public boolean hasNext() {
            return offset + matches.size() < hosts;
        }

        /** Offset of the next page. */
        public int nextOffset() {
            return offset + limit;
        }

        /** Offset of the previous page, 0 at least. */
        public int previousOffset() {
            return Math.max(0, offset - limit);
        }

        /** True when this page is not the first. */
        public boolean hasPrevious() {
            return offset > 0;
        }

        /** The position of the page's first host, from 1. */
        public int firstShown() {
            return offset + 1;
        }

        /** The position of the page's last host. */
        public int lastShown() {
            return offset + matches.size();
        }
    }

    /** {@link #search(String, int, int)} of the first {@code hostLimit} hosts. */
    public List<FleetMatch> search(String text, int hostLimit) {
        return search(text, 0, hostLimit).matches();
    }

    /**
     * The hosts whose newest reports have processes matching {@code text} (in their name, command
     * line, user or pod name, or starting their container id), most matches first, at most {@code
     * hostLimit} from {@code offset}; each with its number of matches and its {@value
     * #SEARCH_LIMIT_PER_HOST} busiest; with how many hosts and processes match in all (counted by the
     * query that ranks the hosts, which reads every match anyway).
     */
    public Found search(String text, int offset, int hostLimit) {
        if (text == null || text.isBlank()) {
            throw ProblemException.badRequest("Give the text to search for: q=postgres");
        }
        if (hostLimit < 1 || hostLimit > MAX_HOST_LIMIT) {
            throw ProblemException.badRequest(
                    "limit must be between 1 and " + MAX_HOST_LIMIT + ", not " + hostLimit + ".");
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw ProblemException.badRequest("offset must be between 0 and " + MAX_OFFSET + ", not " + offset + ".");
        }
        String needle = text.strip();
        return em.unwrap(Session.class).doReturningWork(c -> search(c, needle, offset, hostLimit));
    }

    private Found search(Connection c, String needle, int offset, int hostLimit) throws SQLException {
        String matches = FleetRows.matches(database);
        // The hosts with the most matches first, and how many each has.
        Map<Long, Integer> counts = new LinkedHashMap<>();
        long hostsMatching = 0;
        long processesMatching = 0;
        // Counted on the identities of the processes that have not ended (the trigram index's rows),
        // per host before any join: the host table is joined to the counts, not to the matches. The
        // window sums count every host and match on the page's rows, at no cost beyond the ranking.
        try (PreparedStatement s = c.prepareStatement("select m.host_id, m.n, count(*) over (), sum(m.n) over ()"
                + " from (select p.host_id, count(*) n from process p where " + matches + " group by p.host_id) m"
                + " join host h on h.id = m.host_id order by m.n desc, h.hostname limit ? offset ?")) {
            s.setString(1, FleetRows.contains(needle));
            s.setString(2, FleetRows.startsWith(needle));
            s.setInt(3, hostLimit);
            s.setInt(4, offset);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getLong(1), rs.getInt(2));
                    hostsMatching = rs.getLong(3);
                    processesMatching = rs.getLong(4);
                }
            }
        }
        if (counts.isEmpty()) {
            if (offset > 0) {
                // Past the last page: the totals come from the first.
                Found first = search(c, needle, 0, 1);
                return new Found(List.of(), first.hosts(), first.processes(), offset, hostLimit);
            }
            return new Found(List.of(), 0, 0, offset, hostLimit);
        }
        // Their matches, busiest first.
        Map<Long, List<ProcessRow>> found = new LinkedHashMap<>();
        counts.keySet().forEach(id -> found.put(id, new ArrayList<>()));
        String ids = String.join(", ", counts.keySet().stream().map(id -> "?").toList());
        try (PreparedStatement s = c.prepareStatement("select " + FleetRows.COLUMNS + FleetRows.FROM + " where "
                + matches + " and c.host_id in (" + ids + ")")) {
            s.setString(1, FleetRows.contains(needle));
            s.setString(2, FleetRows.startsWith(needle));
            int i = 3;
            for (long id : counts.keySet()) {
                s.setLong(i++, id);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.get(rs.getLong(1)).add(FleetRows.row(rs));
                }
            }
        }
        Map<Long, Host> byId = new LinkedHashMap<>();
        for (Host h : Host.<Host>list("id in ?1", List.copyOf(counts.keySet()))) {
            byId.put(h.id, h);
        }
        List<FleetMatch> answer = new ArrayList<>(counts.size());
        for (Map.Entry<Long, Integer> e : counts.entrySet()) {
            Host host = byId.get(e.getKey());
            if (host == null) {
                continue; // deleted since the first query
            }
            List<ProcessRow> busiest = found.get(e.getKey()).stream()
                    .sorted(ProcessQuery.Sort.CPU.comparator(true))
                    .limit(SEARCH_LIMIT_PER_HOST)
                    .toList();
            answer.add(new FleetMatch(host.hostname, hosts.status(host), e.getValue(), busiest));
        }
        return new Found(answer, hostsMatching, processesMatching, offset, hostLimit);
    }
}
