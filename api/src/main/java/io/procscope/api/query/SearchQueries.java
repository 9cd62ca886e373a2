package io.procscope.api.query;

import static io.procscope.api.domain.NullableColumns.nullableLong;

import io.procscope.api.config.Database;
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
     * Most matching processes a fleet search reads. A search every host matches (postgres) would
     * otherwise read a number of rows that grows with the fleet: past this many it stops, ranks the
     * hosts of what it read, and says so.
     */
    public static final int SCAN_LIMIT = 1_000;

    /**
     * A page of a fleet search.
     *
     * @param matches the hosts of the page, most matches first
     * @param hosts hosts that run a matching process, on every page (at least, when {@code complete}
     *     is false)
     * @param processes matching processes on all those hosts (at most {@link #SCAN_LIMIT})
     * @param complete false when more than {@link #SCAN_LIMIT} processes match: the search read the
     *     first {@value #SCAN_LIMIT}, and more hosts may match than it lists
     * @param offset hosts before this page
     * @param limit most hosts a page holds
     */
    public record Found(List<FleetMatch> matches, long hosts, long processes, boolean complete, int offset, int limit) {

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
     * #SEARCH_LIMIT_PER_HOST} busiest; with how many hosts and processes match in all. Reads at most
     * {@value #SCAN_LIMIT} matching processes, in one statement: a larger answer is ranked on those.
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

    /**
     * The statement of a search: the first {@value #SCAN_LIMIT} + 1 matching identities (found by the
     * trigram index on PostgreSQL, read once), counted per host; the page's hosts ranked among them,
     * with the window sums counting every host and match before the page is cut; what the page's
     * hosts' matches use now, and of those the {@value #SEARCH_LIMIT_PER_HOST} busiest of each host
     * joined to their identities and hosts. Each step is materialized: the planner cannot estimate a text
     * search's rows, and would otherwise rank the hosts once per match. Parameters: the two
     * patterns, the page's limit and offset.
     */
    private static String statement(Database database) {
        return "with found as materialized (select p.host_id, p.pid, p.start_time_millis from process p where "
                + FleetRows.matches(database) + " limit " + (SCAN_LIMIT + 1) + "),"
                + " counted as (select host_id, count(*) n from found group by host_id),"
                + " ranked as materialized (select k.host_id, k.n, count(*) over () hosts, sum(k.n) over () processes,"
                + " row_number() over (order by k.n desc, h.hostname) position"
                + " from counted k join host h on h.id = k.host_id order by k.n desc, h.hostname limit ? offset ?),"
                + " busiest as materialized (select r.host_id, r.n, r.hosts, r.processes, r.position, c.pid,"
                + " c.start_time_millis, c.status, c.cpu_percent, c.rss_bytes, c.vms_bytes, c.threads, c.nice,"
                + " row_number() over (partition by r.host_id order by c.cpu_percent desc nulls last, c.pid) k"
                + " from ranked r join found f on f.host_id = r.host_id"
                + " join process_current c on c.host_id = f.host_id and c.pid = f.pid"
                + " and c.start_time_millis = f.start_time_millis)"
                + " select c.n, c.hosts, c.processes, h.last_received_millis, h.interval_millis, " + FleetRows.COLUMNS
                + " from busiest c join process p on p.host_id = c.host_id and p.pid = c.pid"
                + " and p.start_time_millis = c.start_time_millis join host h on h.id = c.host_id"
                + " where c.k <= " + SEARCH_LIMIT_PER_HOST + " order by c.position";
    }

    private Found search(Connection c, String needle, int offset, int hostLimit) throws SQLException {
        // The hosts with the most matches first, each with its count, status and busiest matches.
        Map<Long, FleetMatch> matches = new LinkedHashMap<>();
        long hostsMatching = 0;
        long processesMatching = 0;
        try (PreparedStatement s = c.prepareStatement(statement(database))) {
            s.setString(1, FleetRows.contains(needle));
            s.setString(2, FleetRows.startsWith(needle));
            s.setInt(3, hostLimit);
            s.setInt(4, offset);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    hostsMatching = rs.getLong(2);
                    processesMatching = rs.getLong(3);
                    int n = rs.getInt(1);
                    HostStatus status = hosts.status(rs.getLong(4), nullableLong(rs, 5));
                    String hostname = rs.getString(7);
                    ProcessRow row = FleetRows.row(rs, 5);
                    matches.computeIfAbsent(rs.getLong(6), id -> new FleetMatch(hostname, status, n, new ArrayList<>()))
                            .processes()
                            .add(row);
                }
            }
        }
        boolean complete = processesMatching <= SCAN_LIMIT;
        if (matches.isEmpty() && offset > 0) {
            // Past the last page: the totals come from the first.
            Found first = search(c, needle, 0, 1);
            return new Found(List.of(), first.hosts(), first.processes(), first.complete(), offset, hostLimit);
        }
        List<FleetMatch> answer = new ArrayList<>(matches.size());
        for (FleetMatch m : matches.values()) {
            List<ProcessRow> busiest = m.processes().stream()
                    .sorted(ProcessQuery.Sort.CPU.comparator(true))
                    .toList();
            answer.add(new FleetMatch(m.hostname(), m.status(), m.matches(), busiest));
        }
        return new Found(answer, hostsMatching, Math.min(processesMatching, SCAN_LIMIT), complete, offset, hostLimit);
    }
}
