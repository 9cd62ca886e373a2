package io.procscope.api.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.domain.CurrentState;
import io.procscope.api.domain.CurrentStates;
import io.procscope.api.domain.Host;
import io.procscope.api.domain.ProcessIdentity;
import io.procscope.api.domain.ProcessSample;
import io.procscope.api.domain.Snapshot;
import io.procscope.api.domain.StatusCounts;
import io.procscope.api.domain.TrackedProcess;
import io.procscope.api.problem.ProblemException;
import io.procscope.dto.FileSystemUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Answers what people and scripts ask of the fleet. Current state comes from each host's newest
 * state (one row per host, see {@link CurrentStates}); history from the change-only samples and
 * the snapshots.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class FleetQueries {

    /** Most processes a fleet search lists per host. */
    static final int SEARCH_LIMIT_PER_HOST = 50;
    /** Most processes a list of starts or exits holds. */
    static final int CHANGES_LIMIT = 1000;
    /** About how many points a chart of host metrics gets. */
    static final int TARGET_POINTS = 360;

    private static final long[] RESOLUTIONS = {
        10_000, 30_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 86_400_000
    };
    private static final TypeReference<List<FileSystemUsage>> FILE_SYSTEMS = new TypeReference<>() {};

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final ProcscopeConfig config;
    private final Clock clock;
    private final CurrentStates states;

    FleetQueries(EntityManager em, ObjectMapper mapper, ProcscopeConfig config, Clock clock, CurrentStates states) {
        this.em = em;
        this.mapper = mapper;
        this.config = config;
        this.clock = clock;
        this.states = states;
    }

    /** Every host with its newest state, by name. */
    public List<HostSummary> listHosts() {
        return em.createQuery(
                        "select h, s from Host h left join Snapshot s on s.id = h.latestSnapshotId order by h.hostname",
                        Object[].class)
                .getResultStream()
                .map(row -> toSummary((Host) row[0], (Snapshot) row[1]))
                .toList();
    }

    /** One host with its newest state. */
    public Optional<HostSummary> findHost(String hostname) {
        return Host.findByHostname(hostname).map(h -> toSummary(h, snapshotOf(h)));
    }

    /** A page of the processes of a host's newest report that match the query. */
    public ProcessPage processes(String hostname, ProcessQuery query) {
        Host host = host(hostname);
        Optional<CurrentState> state = states.of(host);
        List<ProcessRow> matching = rows(host, state).stream()
                .filter(query.filter())
                .sorted(query.order())
                .toList();
        List<ProcessRow> page = matching.subList(
                Math.min(query.offset(), matching.size()), Math.min(query.offset() + query.limit(), matching.size()));
        return new ProcessPage(
                host.hostname,
                state.map(CurrentState::collectedAtMillis).orElse(host.lastReportMillis),
                matching.size(),
                query.offset(),
                query.limit(),
                page);
    }

    /** Every process of a host's newest report, in pid order, for export. */
    public ProcessPage allProcesses(String hostname) {
        return processes(hostname, ProcessQuery.all(ProcessQuery.Sort.PID, false));
    }

    /**
     * The processes of a host's newest report as a tree, with subtree totals. Built in linear time
     * (one pass to index parents, one to sum subtrees), then each node's children sorted.
     */
    public ProcessTree tree(String hostname) {
        Host host = host(hostname);
        Optional<CurrentState> state = states.of(host);
        List<ProcessRow> rows = rows(host, state);
        Map<Integer, ProcessRow> byPid = new HashMap<>(rows.size() * 2);
        rows.forEach(r -> byPid.put(r.pid(), r));
        Map<Integer, List<ProcessRow>> children = new HashMap<>();
        List<ProcessRow> roots = new ArrayList<>();
        for (ProcessRow r : rows) {
            Integer ppid = r.ppid();
            if (ppid == null || ppid == r.pid() || !byPid.containsKey(ppid)) {
                roots.add(r);
            } else {
                children.computeIfAbsent(ppid, k -> new ArrayList<>()).add(r);
            }
        }
        // Post-order without recursion: deep chains cannot overflow the stack.
        Map<Integer, ProcessTree.Node> built = new HashMap<>(rows.size() * 2);
        Deque<ProcessRow> stack = new ArrayDeque<>();
        Deque<ProcessRow> order = new ArrayDeque<>();
        roots.forEach(stack::push);
        while (!stack.isEmpty()) {
            ProcessRow r = stack.pop();
            order.push(r);
            children.getOrDefault(r.pid(), List.of()).forEach(stack::push);
        }
        Comparator<ProcessTree.Node> busiest = Comparator.comparingDouble(ProcessTree.Node::subtreeCpuPercent)
                .reversed()
                .thenComparing(Comparator.comparingLong(ProcessTree.Node::subtreeRssBytes)
                        .reversed())
                .thenComparingInt(n -> n.process().pid());
        for (ProcessRow r : order) {
            List<ProcessTree.Node> kids = new ArrayList<>();
            double cpu = r.cpuPercent() == null ? 0 : r.cpuPercent();
            long rss = r.rssBytes() == null ? 0 : r.rssBytes();
            int count = 1;
            for (ProcessRow child : children.getOrDefault(r.pid(), List.of())) {
                ProcessTree.Node node = built.remove(child.pid());
                kids.add(node);
                cpu += node.subtreeCpuPercent();
                rss += node.subtreeRssBytes();
                count += node.subtreeProcesses();
            }
            kids.sort(busiest);
            built.put(r.pid(), new ProcessTree.Node(r, cpu, rss, count, kids));
        }
        List<ProcessTree.Node> rootNodes = new ArrayList<>(roots.size());
        roots.forEach(r -> rootNodes.add(built.get(r.pid())));
        rootNodes.sort(busiest);
        return new ProcessTree(
                host.hostname,
                state.map(CurrentState::collectedAtMillis).orElse(host.lastReportMillis),
                rows.size(),
                rootNodes);
    }

    /**
     * One process of a host: the running one with this pid, or, with {@code startTimeMillis}, the
     * one that started then, running or exited.
     */
    public ProcessDetail process(String hostname, int pid, Long startTimeMillis) {
        Host host = host(hostname);
        List<ProcessRow> rows = rows(host, states.of(host));
        Optional<ProcessRow> running = rows.stream()
                .filter(r -> r.pid() == pid && (startTimeMillis == null || r.startTimeMillis() == startTimeMillis))
                .findFirst();
        ProcessIdentity identity = identity(
                        host, pid, running.map(ProcessRow::startTimeMillis).orElse(startTimeMillis))
                .orElse(null);
        if (running.isEmpty() && identity == null) {
            throw ProblemException.notFound("Host '" + hostname + "' has no process " + pid
                    + (startTimeMillis == null ? "" : " started at " + startTimeMillis) + ".");
        }
        ProcessRow process = running.orElseGet(() -> exitedRow(host, identity));
        ProcessRow parent = running.isEmpty() || process.ppid() == null
                ? null
                : rows.stream()
                        .filter(r -> r.pid() == process.ppid())
                        .findFirst()
                        .orElse(null);
        List<ProcessRow> kids = running.isEmpty()
                ? List.of()
                : rows.stream()
                        .filter(r -> r.ppid() != null && r.ppid() == pid && r.pid() != pid)
                        .sorted(ProcessQuery.DEFAULT.order())
                        .toList();
        return new ProcessDetail(
                host.hostname,
                process,
                running.isPresent(),
                identity == null ? null : identity.firstSeenMillis,
                identity == null ? null : identity.endedMillis,
                parent,
                kids);
    }

    /** A process's samples over a range, the one before the range carried to its start. */
    public ProcessHistory history(String hostname, int pid, long startTimeMillis, TimeRange range) {
        Host host = host(hostname);
        if (identity(host, pid, startTimeMillis).isEmpty()) {
            throw ProblemException.notFound(
                    "Host '" + hostname + "' has no process " + pid + " started at " + startTimeMillis + ".");
        }
        List<ProcessHistory.Point> points = new ArrayList<>();
        // A sample is written at least every keyframe: the one holding at the range's start is
        // at most one keyframe before it.
        long lookBack = config.history().keyframe().toMillis();
        List<ProcessSample> samples = em.createQuery(
                        "select s from ProcessSample s where s.hostId = :host and s.pid = :pid"
                                + " and s.startTimeMillis = :start and s.collectedAtMillis >= :from"
                                + " and s.collectedAtMillis < :to order by s.collectedAtMillis",
                        ProcessSample.class)
                .setParameter("host", host.id)
                .setParameter("pid", pid)
                .setParameter("start", startTimeMillis)
                .setParameter("from", range.fromMillis() - lookBack)
                .setParameter("to", range.toMillis())
                .getResultList();
        ProcessSample carried = null;
        for (ProcessSample s : samples) {
            if (s.collectedAtMillis < range.fromMillis()) {
                carried = s;
                continue;
            }
            if (carried != null && s.collectedAtMillis > range.fromMillis()) {
                points.add(point(carried, range.fromMillis()));
            }
            carried = null;
            points.add(point(s, s.collectedAtMillis));
        }
        if (carried != null) {
            points.add(point(carried, range.fromMillis()));
        }
        return new ProcessHistory(host.hostname, pid, startTimeMillis, range.fromMillis(), range.toMillis(), points);
    }

    /** A host's system metrics over a range, in buckets sized to give a chart a few hundred points. */
    public HostMetrics metrics(String hostname, TimeRange range) {
        Host host = host(hostname);
        long interval =
                host.intervalMillis == null ? config.hosts().defaultInterval().toMillis() : host.intervalMillis;
        long rawStart = clock.millis() - config.retention().raw().toMillis();
        if (range.fromMillis() < rawStart) {
            return rolledUpMetrics(host, range);
        }
        long resolution = resolution(range, interval);
        List<Object[]> rows = em.createQuery(
                        "select s.collectedAtMillis, s.cpuPercent, s.memoryUsedBytes, s.memoryTotalBytes,"
                                + " s.swapUsedBytes, s.load1, s.processCount, s.networkReceivedBytes,"
                                + " s.networkSentBytes, s.statusCounts from Snapshot s where s.hostId = :host"
                                + " and s.collectedAtMillis >= :from and s.collectedAtMillis < :to"
                                + " order by s.collectedAtMillis",
                        Object[].class)
                .setParameter("host", host.id)
                .setParameter("from", range.fromMillis())
                .setParameter("to", range.toMillis())
                .getResultList();
        return new HostMetrics(
                host.hostname, range.fromMillis(), range.toMillis(), resolution, MetricBuckets.of(rows, resolution));
    }

    /**
     * Metrics of a range that reaches past the raw retention, from the rollups: per minute while
     * those are kept and the range spans at most a week, else per hour.
     */
    private HostMetrics rolledUpMetrics(Host host, TimeRange range) {
        long now = clock.millis();
        boolean minutes = range.span().toDays() <= 7
                && range.fromMillis() >= now - config.retention().minute().toMillis();
        long unit = minutes ? 60_000 : 3_600_000;
        long resolution = resolution(range, unit);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select bucket_millis, samples, cpu_percent_avg, cpu_percent_max, memory_used_bytes_avg,"
                                + " memory_used_bytes_max, memory_total_bytes, swap_used_bytes_avg, load1_avg,"
                                + " process_count_avg, network_received_bytes, network_sent_bytes"
                                + " from host_metrics_rollup where host_id = ?1 and resolution = ?2"
                                + " and bucket_millis >= ?3 and bucket_millis < ?4 order by bucket_millis")
                .setParameter(1, host.id)
                .setParameter(2, minutes ? "m" : "h")
                .setParameter(3, range.fromMillis())
                .setParameter(4, range.toMillis())
                .getResultList();
        return new HostMetrics(
                host.hostname,
                range.fromMillis(),
                range.toMillis(),
                resolution,
                MetricBuckets.ofRollups(rows, resolution));
    }

    /** The processes that started and that exited on a host in a range. */
    public ProcessChanges changes(String hostname, TimeRange range) {
        Host host = host(hostname);
        List<ProcessChanges.Change> started = em.createQuery(
                        "select p from ProcessIdentity p where p.hostId = :host and p.startTimeMillis >= :from"
                                + " and p.startTimeMillis < :to order by p.startTimeMillis desc",
                        ProcessIdentity.class)
                .setParameter("host", host.id)
                .setParameter("from", range.fromMillis())
                .setParameter("to", range.toMillis())
                .setMaxResults(CHANGES_LIMIT)
                .getResultStream()
                .map(FleetQueries::change)
                .toList();
        List<ProcessChanges.Change> exited = em.createQuery(
                        "select p from ProcessIdentity p where p.hostId = :host and p.endedMillis >= :from"
                                + " and p.endedMillis < :to order by p.endedMillis desc",
                        ProcessIdentity.class)
                .setParameter("host", host.id)
                .setParameter("from", range.fromMillis())
                .setParameter("to", range.toMillis())
                .setMaxResults(CHANGES_LIMIT)
                .getResultStream()
                .map(FleetQueries::change)
                .toList();
        return new ProcessChanges(host.hostname, range.fromMillis(), range.toMillis(), started, exited);
    }

    /**
     * The hosts whose newest reports have processes matching {@code text} (in their name, command
     * line, user or pod name, or starting their container id), most matches first.
     */
    public List<FleetMatch> search(String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.badRequest("Give the text to search for: q=postgres");
        }
        ProcessQuery query = new ProcessQuery(
                text.strip(), null, null, null, null, ProcessQuery.Sort.CPU, true, 0, SEARCH_LIMIT_PER_HOST);
        List<FleetMatch> matches = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        for (Host host : Host.listByHostname()) {
            List<ProcessRow> found = rows(host, states.of(host)).stream()
                    .filter(query.filter())
                    .sorted(query.order())
                    .toList();
            if (!found.isEmpty()) {
                counts.put(host.hostname, found.size());
                matches.add(new FleetMatch(
                        host.hostname, status(host), found.subList(0, Math.min(found.size(), SEARCH_LIMIT_PER_HOST))));
            }
        }
        matches.sort(Comparator.comparing((FleetMatch m) -> counts.get(m.hostname()))
                .reversed()
                .thenComparing(FleetMatch::hostname));
        return matches;
    }

    /** The {@code limit} busiest processes of the fleet by CPU or memory, from newest reports only. */
    public List<TopProcess> top(ProcessQuery.Sort by, int limit) {
        Comparator<TopProcess> order = Comparator.comparing(TopProcess::process, by.comparator(true));
        PriorityQueue<TopProcess> heap = new PriorityQueue<>(limit + 1, order.reversed());
        for (Host host : Host.listByHostname()) {
            if (status(host) == HostStatus.GONE) {
                continue;
            }
            for (ProcessRow row : rows(host, states.of(host))) {
                heap.add(new TopProcess(host.hostname, row));
                if (heap.size() > limit) {
                    heap.poll();
                }
            }
        }
        List<TopProcess> top = new ArrayList<>(heap);
        top.sort(order);
        return top;
    }

    /** A host's status now. */
    public HostStatus status(Host host) {
        long age = clock.millis() - host.lastReportMillis;
        long interval =
                host.intervalMillis == null ? config.hosts().defaultInterval().toMillis() : host.intervalMillis;
        if (age > config.hosts().goneAfter().toMillis()) {
            return HostStatus.GONE;
        }
        return age > interval * config.hosts().staleAfterIntervals() ? HostStatus.STALE : HostStatus.REPORTING;
    }

    private Host host(String hostname) {
        return Host.findByHostname(hostname)
                .orElseThrow(() -> ProblemException.notFound("No host named '" + hostname + "' has reported."));
    }

    private static List<ProcessRow> rows(Host host, Optional<CurrentState> state) {
        if (state.isEmpty()) {
            return List.of();
        }
        List<TrackedProcess> processes = state.get().processes();
        List<ProcessRow> rows = new ArrayList<>(processes.size());
        for (TrackedProcess p : processes) {
            rows.add(ProcessRow.of(p, host.memoryTotalBytes));
        }
        return rows;
    }

    private Optional<ProcessIdentity> identity(Host host, int pid, Long startTimeMillis) {
        if (startTimeMillis != null) {
            return ProcessIdentity.find(
                            "hostId = ?1 and pid = ?2 and startTimeMillis = ?3", host.id, pid, startTimeMillis)
                    .firstResultOptional();
        }
        return ProcessIdentity.find("hostId = ?1 and pid = ?2 order by startTimeMillis desc", host.id, pid)
                .firstResultOptional();
    }

    /** An exited process as a row: its identity with its last sample's values. */
    private ProcessRow exitedRow(Host host, ProcessIdentity p) {
        ProcessSample last = ProcessSample.find(
                        "hostId = ?1 and pid = ?2 and startTimeMillis = ?3 order by collectedAtMillis desc",
                        host.id,
                        p.pid,
                        p.startTimeMillis)
                .firstResult();
        return new ProcessRow(
                p.pid,
                p.ppid,
                p.name,
                p.exe,
                p.commandLine,
                p.user,
                last == null ? null : last.status,
                p.startTimeMillis,
                last == null ? null : last.cpuPercent,
                last == null ? null : last.rssBytes,
                last == null ? null : last.vmsBytes,
                last == null ? null : last.threads,
                last == null ? null : last.nice,
                p.cwd,
                p.containerId,
                p.podUid,
                p.podNamespace,
                p.podName,
                last == null || last.rssBytes == null || host.memoryTotalBytes == null || host.memoryTotalBytes == 0
                        ? null
                        : 100.0 * last.rssBytes / host.memoryTotalBytes);
    }

    private static ProcessChanges.Change change(ProcessIdentity p) {
        return new ProcessChanges.Change(
                p.pid, p.ppid, p.name, p.user, p.commandLine, p.startTimeMillis, p.endedMillis);
    }

    private static ProcessHistory.Point point(ProcessSample s, long at) {
        return new ProcessHistory.Point(at, s.status, s.cpuPercent, s.rssBytes, s.threads);
    }

    /** The smallest of the usual resolutions that gives at most about {@value #TARGET_POINTS} points. */
    static long resolution(TimeRange range, long intervalMillis) {
        long wanted = Math.max(intervalMillis, range.span().toMillis() / TARGET_POINTS);
        for (long r : RESOLUTIONS) {
            if (r >= wanted) {
                return r;
            }
        }
        return RESOLUTIONS[RESOLUTIONS.length - 1];
    }

    private static Snapshot snapshotOf(Host host) {
        return host.latestSnapshotId == null ? null : Snapshot.findById(host.latestSnapshotId);
    }

    private HostSummary toSummary(Host h, Snapshot s) {
        return new HostSummary(
                h.hostname,
                status(h),
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
                s == null ? List.of() : fileSystems(s.fileSystems),
                s == null ? Map.of() : statusNames(s.statusCounts));
    }

    static Map<String, Integer> statusNames(String statusCounts) {
        Map<String, Integer> named = new LinkedHashMap<>();
        StatusCounts.parse(statusCounts).forEach((status, count) -> {
            if (count > 0) {
                named.put(status.name().toLowerCase(Locale.ROOT), count);
            }
        });
        return named;
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
