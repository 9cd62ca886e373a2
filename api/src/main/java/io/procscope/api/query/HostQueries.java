package io.procscope.api.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.domain.Host;
import io.procscope.api.domain.Snapshot;
import io.procscope.dto.FileSystemUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
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

    HostQueries(EntityManager em, ObjectMapper mapper, KnownHosts hosts) {
        this.em = em;
        this.mapper = mapper;
        this.hosts = hosts;
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
                s == null ? List.of() : fileSystems(s.fileSystems),
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
