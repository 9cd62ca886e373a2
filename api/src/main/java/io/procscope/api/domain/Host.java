package io.procscope.api.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import java.util.Optional;

/** A host that has reported at least once, keyed by its hostname. */
@Entity
@Table(name = "host")
public class Host extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String hostname;

    public String osName;
    public String osVersion;
    public String kernelVersion;
    public String platform;
    public String architecture;
    public Integer cpuCount;
    public Long memoryTotalBytes;
    public Long bootTimeMillis;
    public String agentVersion;

    /** The agent's reporting interval, ms; null for agents that do not say. */
    public Long intervalMillis;

    /** When the first report from this host was collected, ms since the epoch. */
    public long firstReportMillis;

    /** When the newest report from this host was collected, ms since the epoch. */
    public long lastReportMillis;

    /**
     * When the API received the host's newest stored report, ms since the epoch by the API's own
     * clock: what liveness is judged by, since an agent's clock may be wrong.
     */
    public long lastReceivedMillis;

    /** The newest report's snapshot: the host's current state. */
    public Long latestSnapshotId;

    /**
     * True once the host's running processes are in {@code process_current} and its reports add to
     * {@code fleet_metrics}: from its first report stored by a version that has them.
     */
    public boolean currentIndexed;

    /**
     * The file systems of the newest report, as a JSON array of {@link io.procscope.dto.FileSystemUsage}:
     * the host page shows them, and no page shows earlier ones, so snapshots do not keep them.
     */
    public String fileSystems;

    public static Optional<Host> findByHostname(String hostname) {
        return find("hostname", hostname).firstResultOptional();
    }

    public static List<Host> listByHostname() {
        return list("order by hostname");
    }
}
