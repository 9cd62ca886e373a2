package io.procscope.api.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.procscope.api.domain.Host;
import io.procscope.api.domain.ProcessIdentity;
import io.procscope.api.domain.ProcessKey;
import io.procscope.api.domain.ProcessSample;
import io.procscope.api.domain.Snapshot;
import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ReportReceipt;
import io.procscope.dto.SystemMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jboss.logging.Logger;

/** Stores reports: each one whole or not at all, and each report id once. */
@ApplicationScoped
public class IngestService {

    /** Counter of stored reports, tagged {@code outcome=stored|duplicate}. */
    static final String REPORTS = "procscope.ingest.reports";
    /** Counter of refused reports, tagged with the {@code reason}. */
    static final String REJECTED = "procscope.ingest.rejected";
    /** Counter of process samples written. */
    static final String PROCESSES = "procscope.ingest.processes";
    /** Timer of storing one report. */
    static final String DURATION = "procscope.ingest.duration";

    /** Largest IN list sent to the database in one query. */
    private static final int LOOKUP_CHUNK = 500;

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Timer duration;

    IngestService(EntityManager em, ObjectMapper mapper, MeterRegistry registry, Clock clock) {
        this.em = em;
        this.mapper = mapper;
        this.registry = registry;
        this.clock = clock;
        this.duration = Timer.builder(DURATION)
                .description("Time to store one report")
                .publishPercentileHistogram()
                .register(registry);
    }

    /**
     * Stores a valid report in one transaction, or acknowledges it again when its id was stored
     * before. Two deliveries of one report that race each other are stored once: the loser's
     * transaction fails on the unique report id and its retry answers it as a duplicate.
     */
    public ReportReceipt recordReport(HostReport report) {
        return duration.record(() -> {
            ReportReceipt receipt;
            try {
                receipt = store(report);
            } catch (PersistenceException e) {
                // A unique key lost a race: this report was stored by a concurrent delivery, or
                // another report of a new host created the host first. Either way one more try
                // sees the winner's rows.
                LOG.debugf(e, "Retrying report %s after a conflict", report.reportId());
                receipt = store(report);
            }
            registry.counter(REPORTS, "outcome", receipt.duplicate() ? "duplicate" : "stored")
                    .increment();
            registry.counter(PROCESSES).increment(receipt.processes());
            return receipt;
        });
    }

    @Transactional
    ReportReceipt store(HostReport report) {
        String reportId = report.reportId().toString();
        if (Snapshot.existsByReportId(reportId)) {
            return new ReportReceipt(report.reportId(), true, 0);
        }
        long collectedAt = report.collectedAtMillis();
        Host host = upsertHost(report.host(), report.agentVersion(), collectedAt);

        Snapshot snapshot = toSnapshot(report, host.id);
        snapshot.persist();

        Map<ProcessKey, ProcessIdentity> known = knownIdentities(host, report.processes());
        for (ProcessInfo info : report.processes()) {
            ProcessKey key = new ProcessKey(host.id, info.pid(), info.startTimeMillis());
            ProcessIdentity identity = known.get(key);
            if (identity == null) {
                identity = new ProcessIdentity();
                identity.hostId = host.id;
                identity.pid = info.pid();
                identity.startTimeMillis = info.startTimeMillis();
                copyIdentity(info, identity);
                em.persist(identity);
            } else if (!sameIdentity(info, identity)) {
                // An exec keeps the pid and start time but changes name, exe and command line.
                copyIdentity(info, identity);
            }
            em.persist(toSample(info, snapshot.id));
        }
        // Spooled reports can arrive after newer ones: only a newer report moves the host's state.
        if (host.latestSnapshotId == null || collectedAt >= host.lastReportMillis) {
            host.latestSnapshotId = snapshot.id;
            host.lastReportMillis = collectedAt;
        }
        em.flush();
        LOG.debugf(
                "Stored report %s from %s: %d processes",
                reportId, host.hostname, report.processes().size());
        return new ReportReceipt(report.reportId(), false, report.processes().size());
    }

    private Host upsertHost(HostInfo info, String agentVersion, long collectedAt) {
        Host host = Host.findByHostname(info.hostname()).orElse(null);
        if (host == null) {
            host = new Host();
            host.hostname = info.hostname();
            host.firstReportMillis = collectedAt;
            host.lastReportMillis = collectedAt;
        }
        if (host.id == null || collectedAt >= host.lastReportMillis) {
            host.osName = info.osName();
            host.osVersion = info.osVersion();
            host.kernelVersion = info.kernelVersion();
            host.platform = info.platform();
            host.architecture = info.architecture();
            host.cpuCount = info.cpuCount();
            host.memoryTotalBytes = info.memoryTotalBytes();
            host.bootTimeMillis = info.bootTimeMillis();
            host.agentVersion = agentVersion;
        }
        host.firstReportMillis = Math.min(host.firstReportMillis, collectedAt);
        if (host.id == null) {
            host.persist();
        }
        return host;
    }

    private Snapshot toSnapshot(HostReport report, long hostId) {
        Snapshot snapshot = new Snapshot();
        snapshot.reportId = report.reportId().toString();
        snapshot.hostId = hostId;
        snapshot.collectedAtMillis = report.collectedAtMillis();
        snapshot.receivedAtMillis = clock.millis();
        snapshot.processCount = report.processes().size();
        SystemMetrics m = report.metrics();
        if (m != null) {
            snapshot.cpuPercent = m.cpuPercent();
            snapshot.memoryUsedBytes = m.memoryUsedBytes();
            snapshot.memoryTotalBytes = m.memoryTotalBytes();
            snapshot.swapUsedBytes = m.swapUsedBytes();
            snapshot.swapTotalBytes = m.swapTotalBytes();
            snapshot.load1 = m.load1();
            snapshot.load5 = m.load5();
            snapshot.load15 = m.load15();
            snapshot.networkReceivedBytes = m.networkReceivedBytes();
            snapshot.networkSentBytes = m.networkSentBytes();
            snapshot.fileSystems = m.fileSystems() == null ? null : toJson(m.fileSystems());
        }
        return snapshot;
    }

    /**
     * The stored identities of the report's processes: those in the host's newest snapshot in one
     * query (most processes live across reports), then the rest by pid.
     */
    private Map<ProcessKey, ProcessIdentity> knownIdentities(Host host, List<ProcessInfo> processes) {
        Map<ProcessKey, ProcessIdentity> known = new HashMap<>();
        if (host.latestSnapshotId == null) {
            return known; // a host's first report: nothing of it is stored yet
        }
        em.createQuery(
                        "select p from ProcessIdentity p, ProcessSample s where s.snapshotId = :snapshot"
                                + " and p.hostId = :host and p.pid = s.pid and p.startTimeMillis = s.startTimeMillis",
                        ProcessIdentity.class)
                .setParameter("snapshot", host.latestSnapshotId)
                .setParameter("host", host.id)
                .getResultStream()
                .forEach(p -> known.put(new ProcessKey(p.hostId, p.pid, p.startTimeMillis), p));
        List<Integer> unknownPids = processes.stream()
                .filter(p -> !known.containsKey(new ProcessKey(host.id, p.pid(), p.startTimeMillis())))
                .map(ProcessInfo::pid)
                .toList();
        for (int from = 0; from < unknownPids.size(); from += LOOKUP_CHUNK) {
            List<Integer> chunk = unknownPids.subList(from, Math.min(unknownPids.size(), from + LOOKUP_CHUNK));
            em.createQuery(
                            "select p from ProcessIdentity p where p.hostId = :host and p.pid in :pids",
                            ProcessIdentity.class)
                    .setParameter("host", host.id)
                    .setParameter("pids", chunk)
                    .getResultStream()
                    .forEach(p -> known.put(new ProcessKey(p.hostId, p.pid, p.startTimeMillis), p));
        }
        return known;
    }

    private static void copyIdentity(ProcessInfo info, ProcessIdentity identity) {
        identity.ppid = info.ppid();
        identity.name = info.name();
        identity.exe = info.exe();
        identity.commandLine = info.commandLine();
        identity.user = info.user();
        identity.cwd = info.cwd();
    }

    private static boolean sameIdentity(ProcessInfo info, ProcessIdentity identity) {
        return Objects.equals(identity.ppid, info.ppid())
                && Objects.equals(identity.name, info.name())
                && Objects.equals(identity.exe, info.exe())
                && Objects.equals(identity.commandLine, info.commandLine())
                && Objects.equals(identity.user, info.user())
                && Objects.equals(identity.cwd, info.cwd());
    }

    private static ProcessSample toSample(ProcessInfo info, long snapshotId) {
        ProcessSample sample = new ProcessSample();
        sample.snapshotId = snapshotId;
        sample.pid = info.pid();
        sample.startTimeMillis = info.startTimeMillis();
        sample.status = info.status();
        sample.cpuPercent = info.cpuPercent();
        sample.rssBytes = info.rssBytes();
        sample.vmsBytes = info.vmsBytes();
        sample.threads = info.threads();
        sample.nice = info.nice();
        return sample;
    }

    private String toJson(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Wire records always serialize", e);
        }
    }

    /**
     * The first process that appears twice in a report, as {@code pid N started at T}, or null.
     * Two entries for one process would make the report ambiguous.
     */
    static String findDuplicateProcess(List<ProcessInfo> processes) {
        Set<ProcessKey> seen = new HashSet<>(processes.size() * 2);
        for (ProcessInfo p : processes) {
            if (!seen.add(new ProcessKey(null, p.pid(), p.startTimeMillis()))) {
                return "pid " + p.pid() + " started at " + p.startTimeMillis();
            }
        }
        return null;
    }
}
