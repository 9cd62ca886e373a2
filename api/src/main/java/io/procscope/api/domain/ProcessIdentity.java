package io.procscope.api.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * What does not change for a process's life, stored once: its name, executable, command line, user,
 * working directory, parent and container, and when it was first and last seen. The values follow
 * the newest report (an exec changes them; a pod's name can be learnt late).
 */
@Entity
@Table(name = "process")
@IdClass(ProcessKey.class)
public class ProcessIdentity extends PanacheEntityBase {

    @Id
    public Long hostId;

    @Id
    public Integer pid;

    /** When the process started, ms since the epoch. */
    @Id
    public Long startTimeMillis;

    public Integer ppid;
    public String name;
    public String exe;
    public String commandLine;

    @Column(name = "username")
    public String user;

    public String cwd;

    /** The container it runs in, 64 hex digits; null outside a container or where unknown. */
    public String containerId;

    /** On Kubernetes, the UID of its pod; null elsewhere. */
    public String podUid;

    /** On Kubernetes, its pod's namespace; null where the agent may not list pods. */
    public String podNamespace;

    /** On Kubernetes, its pod's name; null where the agent may not list pods. */
    public String podName;

    /** When the first report that had it was collected, ms since the epoch. */
    public long firstSeenMillis;

    /** When the last report that had it was collected; null while it runs. */
    public Long lastSeenMillis;

    /** When the first report without it was collected: it exited before; null while it runs. */
    public Long endedMillis;
}
