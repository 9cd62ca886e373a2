package io.procscope.api.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.domain.Host;
import io.procscope.api.domain.ProcessIdentity;
import io.procscope.api.domain.ProcessSample;
import io.procscope.api.domain.Snapshot;
import io.procscope.api.problem.ProblemException;
import io.procscope.dto.FileSystemUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Reads the fleet's newest state: hosts and the processes of their newest reports. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class FleetQueries {

    /** Busiest first: CPU, then memory, then pid for a stable order. */
    static final Comparator<ProcessRow> BUSIEST_FIRST = Comparator.comparing(
                    ProcessRow::cpuPercent, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(ProcessRow::rssBytes, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparingInt(ProcessRow::pid);

    private static final TypeReference<List<FileSystemUsage>> FILE_SYSTEMS = new TypeReference<>() {};

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final ProcscopeConfig config;
    private final Clock clock;

    FleetQueries(EntityManager em, ObjectMapper mapper, ProcscopeConfig config, Clock clock) {
        this.em = em;
        this.mapper = mapper;
        this.config = config;
        this.clock = clock;
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

    /** The processes of a host's newest report, busiest first; 404 for a host never seen. */
    public ProcessPage latestProcesses(String hostname) {
        Host host = Host.findByHostname(hostname)
                .orElseThrow(() -> ProblemException.notFound("No host named '" + hostname + "' has reported."));
        Snapshot snapshot = snapshotOf(host);
        if (snapshot == null) {
            return new ProcessPage(host.hostname, host.lastReportMillis, 0, List.of());
        }
        List<ProcessRow> rows = em.createQuery(
                        "select s, p from ProcessSample s, ProcessIdentity p where s.snapshotId = :snapshot"
                                + " and p.hostId = :host and p.pid = s.pid and p.startTimeMillis = s.startTimeMillis",
                        Object[].class)
                .setParameter("snapshot", snapshot.id)
                .setParameter("host", host.id)
                .getResultStream()
                .map(row -> toRow((ProcessSample) row[0], (ProcessIdentity) row[1]))
                .sorted(BUSIEST_FIRST)
                .toList();
        return new ProcessPage(host.hostname, snapshot.collectedAtMillis, rows.size(), rows);
    }

    private static Snapshot snapshotOf(Host host) {
        return host.latestSnapshotId == null ? null : Snapshot.findById(host.latestSnapshotId);
    }

    private HostSummary toSummary(Host h, Snapshot s) {
        boolean stale = clock.millis() - h.lastReportMillis
                > config.hosts().staleAfter().toMillis();
        return new HostSummary(
                h.hostname,
                stale ? HostStatus.STALE : HostStatus.REPORTING,
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
                s == null ? List.of() : fileSystems(s.fileSystems));
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

    private static ProcessRow toRow(ProcessSample s, ProcessIdentity p) {
        return new ProcessRow(
                p.pid,
                p.ppid,
                p.name,
                p.exe,
                p.commandLine,
                p.user,
                s.status,
                p.startTimeMillis,
                s.cpuPercent,
                s.rssBytes,
                s.vmsBytes,
                s.threads,
                s.nice,
                p.cwd);
    }
}
