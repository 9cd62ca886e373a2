package io.procscope.api.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.domain.Host;
import io.procscope.api.domain.Snapshot;
import io.procscope.api.problem.ProblemException;
import io.procscope.dto.FileSystemUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Which hosts have reported, each with its status and newest state. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class HostQueries {

    private static final TypeReference<List<FileSystemUsage>> FILE_SYSTEMS = new TypeReference<>() {};

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final KnownHosts hosts;
    private final ProcscopeConfig config;
    private final Clock clock;

    HostQueries(EntityManager em, ObjectMapper mapper, KnownHosts hosts, ProcscopeConfig config, Clock clock) {
        this.em = em;
        this.mapper = mapper;
        this.hosts = hosts;
        this.config = config;
        this.clock = clock;
    }

    /** A host joined to its newest snapshot, the FROM of every question below. */
    private static final String HOST_AND_STATE = " from Host h left join Snapshot s on s.hostId = h.id"
            + " and s.id = h.latestSnapshotId and s.collectedAtMillis = h.lastReportMillis";

    /** True for a host gone: no report for {@code procscope.hosts.gone-after}. */
    private static final String GONE = "h.lastReceivedMillis < :goneSince";

    /** True for a host not gone that missed its reports, as {@link HostStatus#of} decides. */
    private static final String STALE = "(h.lastReceivedMillis >= :goneSince and h.lastReceivedMillis"
            + " < :now - coalesce(h.intervalMillis, :interval) * :staleAfter)";

    /** A host's status as a number that sorts reporting, stale, gone. */
    private static final String STATUS_RANK = "case when " + GONE + " then 2 when " + STALE + " then 1 else 0 end";

    /**
     * The hosts table's sortable columns, each the JPQL it orders by: the same keys as the page's
     * links ({@code PageGlobals.hostColumns}).
     */
    private static final Map<String, String> ORDER_BY = Map.of(
            "hostname", "h.hostname",
            "name", "lower(h.hostname)",
            "status", STATUS_RANK,
            "platform", "h.osName",
            "cpus", "h.cpuCount",
            "cpu", "s.cpuPercent",
            "memory", "s.memoryUsedBytes",
            "processes", "s.processCount",
            "last", "h.lastReportMillis");

    /** Most hosts one page of the hosts table holds. */
    public static final int MAX_PAGE = 500;

    /**
     * A page of the hosts table.
     *
     * @param hosts the hosts of the page, in the asked order
     * @param matching hosts that match the search, on every page
     * @param total hosts known, whatever the search
     * @param offset hosts before this page, of those matching
     * @param limit most hosts a page holds
     */
    public record HostPage(List<HostSummary> hosts, long matching, long total, int offset, int limit) {

        /** The position of the page's first host among those matching, from 1. */
        public int firstShown() {
            return offset + 1;
        }

        /** The position of the page's last host among those matching. */
        public int lastShown() {
            return offset + hosts.size();
        }

        /** True when hosts match past this page. */
        public boolean hasNext() {
            return offset + hosts.size() < matching;
        }

        /** True when hosts match before this page. */
        public boolean hasPrevious() {
            return offset > 0;
        }

        /** Offset of the next page. */
        public int nextOffset() {
            return offset + limit;
        }

        /** Offset of the previous page, 0 at least. */
        public int previousOffset() {
            return Math.max(0, offset - limit);
        }
    }

    /**
     * A page of hosts.
     *
     * @param hosts the hosts of the page, in the asked order
     * @param matching hosts that match the filters, on every page
     */
    public record HostList(List<HostSummary> hosts, long matching) {}

    /**
     * The hosts whose name, operating system, platform or architecture contains {@code q}
     * (any case; empty for all), ordered by {@code sort} (a column of {@link #ORDER_BY},
     * {@code -} first for descending, ties by name), {@code limit} from {@code offset}; with the
     * count of all that match. Two bounded queries: the page and the count.
     */
    public HostPage pageHosts(String q, String sort, int offset, int limit) {
        HostList page = listHosts(q, List.of(), sort, offset, limit);
        long total = q == null || q.isBlank()
                ? page.matching()
                : em.createQuery("select count(h) from Host h", Long.class).getSingleResult();
        return new HostPage(page.hosts(), page.matching(), total, offset, limit);
    }

    /**
     * The hosts named in {@code names} (exact names; empty for any) whose name, operating system,
     * platform or architecture contains {@code q} (any case; empty for all), ordered by {@code
     * sort} (a column of {@link #ORDER_BY}, {@code -} first for descending, ties by hostname),
     * {@code limit} from {@code offset}, with how many match. Two queries, each bounded by the
     * page or by an index count, whatever the fleet's size.
     */
    public HostList listHosts(String q, List<String> names, String sort, int offset, int limit) {
        boolean descending = sort.startsWith("-");
        String column = ORDER_BY.get(descending ? sort.substring(1) : sort);
        if (column == null) {
            throw ProblemException.badRequest("Unknown sort '" + sort + "': use one of "
                    + String.join(", ", ORDER_BY.keySet().stream().sorted().toList()) + ".");
        }
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw ProblemException.badRequest("offset must be 0 or more and limit between 1 and " + MAX_PAGE + ".");
        }
        String needle = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        List<String> conditions = new ArrayList<>();
        if (!needle.isEmpty()) {
            conditions.add("(lower(h.hostname) like :q escape '!' or lower(h.osName) like :q escape '!'"
                    + " or lower(h.platform) like :q escape '!' or lower(h.architecture) like :q escape '!')");
        }
        if (!names.isEmpty()) {
            conditions.add("h.hostname in :names");
        }
        String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        String order = " order by " + column + (descending ? " desc" : " asc") + " nulls last, h.hostname";
        TypedQuery<Object[]> page = em.createQuery("select h, s" + HOST_AND_STATE + where + order, Object[].class)
                .setFirstResult(offset)
                .setMaxResults(limit);
        if (column.contains(":goneSince")) {
            statusParameters(page);
        }
        TypedQuery<Long> count = em.createQuery("select count(h) from Host h" + where, Long.class);
        if (!needle.isEmpty()) {
            String like = "%" + needle.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
            page.setParameter("q", like);
            count.setParameter("q", like);
        }
        if (!names.isEmpty()) {
            page.setParameter("names", names);
            count.setParameter("names", names);
        }
        List<HostSummary> hosts = page.getResultStream()
                .map(row -> toSummary((Host) row[0], (Snapshot) row[1]))
                .toList();
        return new HostList(hosts, count.getSingleResult());
    }

    /**
     * The fleet added up in one aggregate query over the hosts and their newest snapshots (a row
     * each, read by key), not their processes.
     */
    public FleetTotals fleetTotals() {
        String present = "not (" + GONE + ")";
        Object[] row = statusParameters(em.createQuery(
                        "select count(h),"
                                + " sum(case when " + GONE + " then 1 else 0 end),"
                                + " sum(case when " + STALE + " then 1 else 0 end),"
                                + " sum(case when " + present + " then coalesce(s.processCount, 0) else 0 end),"
                                + " sum(case when " + present + " then coalesce(h.cpuCount, 0) else 0 end),"
                                + " sum(case when " + present
                                + " and s.cpuPercent is not null and h.cpuCount is not null"
                                + " then s.cpuPercent * h.cpuCount else 0.0 end),"
                                + " sum(case when " + present
                                + " and s.cpuPercent is not null and h.cpuCount is not null"
                                + " then h.cpuCount else 0 end),"
                                + " sum(case when " + present + " then coalesce(s.memoryUsedBytes, 0) else 0 end),"
                                + " sum(case when " + present + " then coalesce(h.memoryTotalBytes, 0) else 0 end)"
                                + HOST_AND_STATE,
                        Object[].class))
                .getSingleResult();
        long all = number(row[0]);
        long gone = number(row[1]);
        long stale = number(row[2]);
        long cpusWithLoad = number(row[6]);
        return new FleetTotals(
                all - gone - stale,
                stale,
                gone,
                number(row[3]),
                number(row[4]),
                cpusWithLoad == 0 ? null : ((Number) row[5]).doubleValue() / cpusWithLoad,
                number(row[7]),
                number(row[8]));
    }

    /**
     * At most {@code limit} hosts not gone for the overview's cards: those that need attention
     * first (those named in {@code alerting}, in its order, then the stale ones, most recently
     * silent first), then the busiest by CPU. Three bounded queries, whatever the fleet's size.
     */
    public List<HostSummary> attentionFirst(List<String> alerting, int limit) {
        Map<String, HostSummary> chosen = new LinkedHashMap<>();
        List<String> named = alerting.stream().limit(limit).toList();
        if (!named.isEmpty()) {
            Map<String, HostSummary> firing = new LinkedHashMap<>();
            em.createQuery(
                            "select h, s" + HOST_AND_STATE + " where h.hostname in :names and not (" + GONE + ")",
                            Object[].class)
                    .setParameter(
                            "goneSince",
                            clock.millis() - config.hosts().goneAfter().toMillis())
                    .setParameter("names", named)
                    .getResultStream()
                    .forEach(row -> add(firing, row));
            named.stream().map(firing::get).filter(h -> h != null).forEach(h -> chosen.putIfAbsent(h.hostname(), h));
        }
        if (chosen.size() < limit) {
            statusParameters(em.createQuery(
                            "select h, s" + HOST_AND_STATE + " where " + STALE
                                    + " order by h.lastReceivedMillis desc, h.hostname",
                            Object[].class))
                    .setMaxResults(limit)
                    .getResultStream()
                    .forEach(row -> add(chosen, row));
        }
        if (chosen.size() < limit) {
            statusParameters(em.createQuery(
                            "select h, s" + HOST_AND_STATE + " where not (" + GONE + ") and not " + STALE
                                    + " order by s.cpuPercent desc nulls last, h.hostname",
                            Object[].class))
                    .setMaxResults(limit)
                    .getResultStream()
                    .forEach(row -> add(chosen, row));
        }
        return chosen.values().stream().limit(limit).toList();
    }

    /**
     * The names of at most {@code limit} hosts not gone whose name starts with {@code prefix} (any
     * case; empty for all), by name: the suggestions of a host picker.
     */
    public List<String> hostnames(String prefix, int limit) {
        String needle = prefix == null ? "" : prefix.strip().toLowerCase(Locale.ROOT);
        TypedQuery<String> names = em.createQuery(
                        "select h.hostname from Host h where h.lastReceivedMillis >= :goneSince"
                                + (needle.isEmpty() ? "" : " and lower(h.hostname) like :q escape '!'")
                                + " order by h.hostname",
                        String.class)
                .setParameter(
                        "goneSince", clock.millis() - config.hosts().goneAfter().toMillis())
                .setMaxResults(limit);
        if (!needle.isEmpty()) {
            names.setParameter("q", needle.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        return names.getResultList();
    }

    private void add(Map<String, HostSummary> chosen, Object[] row) {
        HostSummary h = toSummary((Host) row[0], (Snapshot) row[1]);
        chosen.putIfAbsent(h.hostname(), h);
    }

    /** Sets the parameters of {@link #GONE} and {@link #STALE}: now and the configured thresholds. */
    private <T> TypedQuery<T> statusParameters(TypedQuery<T> query) {
        long now = clock.millis();
        return query.setParameter("now", now)
                .setParameter("goneSince", now - config.hosts().goneAfter().toMillis())
                .setParameter("interval", config.hosts().defaultInterval().toMillis())
                .setParameter("staleAfter", (long) config.hosts().staleAfterIntervals());
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** Every host with its newest state, by name. */
    public List<HostSummary> listHosts() {
        return em.createQuery(
                        "select h, s from Host h left join Snapshot s on s.hostId = h.id and s.id = h.latestSnapshotId"
                                + " and s.collectedAtMillis = h.lastReportMillis order by h.hostname",
                        Object[].class)
                .getResultStream()
                .map(row -> toSummary((Host) row[0], (Snapshot) row[1]))
                .toList();
    }

    /** One host with its newest state. */
    public Optional<HostSummary> findHost(String hostname) {
        return Host.findByHostname(hostname).map(h -> toSummary(h, snapshotOf(h)));
    }

    /** A host's status now, by when the API last received one of its reports (not the agent's clock). */
    public HostStatus statusOf(Host host) {
        return hosts.status(host);
    }

    /**
     * The host's newest snapshot, by the snapshot's whole key: the host leads it (a distributed
     * database finds it on the host's shard), and its time picks the partition.
     */
    private static Snapshot snapshotOf(Host host) {
        return host.latestSnapshotId == null
                ? null
                : Snapshot.<Snapshot>find(
                                "hostId = ?1 and id = ?2 and collectedAtMillis = ?3",
                                host.id,
                                host.latestSnapshotId,
                                host.lastReportMillis)
                        .firstResult();
    }

    private HostSummary toSummary(Host h, Snapshot s) {
        return new HostSummary(
                h.hostname,
                hosts.status(h),
                h.lastReportMillis,
                h.firstReportMillis,
                h.osName,
                h.osVersion,
                h.kernelVersion,
                h.platform,
                h.architecture,
                h.cpuCount,
                h.memoryTotalBytes,
                h.bootTimeMillis,
                h.agentVersion,
                s == null ? null : s.processCount,
                s == null ? null : s.cpuPercent,
                s == null ? null : s.memoryUsedBytes,
                s == null ? null : s.swapUsedBytes,
                s == null ? null : s.swapTotalBytes,
                s == null ? null : s.load1,
                s == null ? null : s.load5,
                s == null ? null : s.load15,
                s == null ? null : s.networkReceivedBytes,
                s == null ? null : s.networkSentBytes,
                fileSystems(h.fileSystems),
                s == null ? Map.of() : KnownHosts.statusNames(s.statusCounts));
    }

    private List<FileSystemUsage> fileSystems(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return mapper.readValue(json, FILE_SYSTEMS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored file systems are not valid JSON", e);
        }
    }
}
