package io.procscope.api.query;

import io.procscope.api.domain.Host;
import io.procscope.api.domain.ProcessIdentity;
import io.procscope.api.domain.ProcessSample;
import io.procscope.api.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * A host's processes: the newest report's, searched, sorted and paged, or all of them for export;
 * and one process with its parent and children, running or exited.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ProcessListQueries {

    private final KnownHosts hosts;

    ProcessListQueries(KnownHosts hosts) {
        this.hosts = hosts;
    }

    /** A page of the processes of a host's newest report that match the query. */
    public ProcessPage processes(String hostname, ProcessQuery query) {
        KnownHosts.NewestReport report = hosts.newestReport(hosts.named(hostname));
        List<ProcessRow> matching = report.processes().stream()
                .filter(query.filter())
                .sorted(query.order())
                .toList();
        List<ProcessRow> page = matching.subList(
                Math.min(query.offset(), matching.size()), Math.min(query.offset() + query.limit(), matching.size()));
        return new ProcessPage(
                report.host().hostname,
                report.collectedAtMillis(),
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
     * One process of a host: the running one with this pid, or, with {@code startTimeMillis}, the
     * one that started then, running or exited.
     */
    public ProcessDetail process(String hostname, int pid, Long startTimeMillis) {
        Host host = hosts.named(hostname);
        List<ProcessRow> rows = hosts.newestReport(host).processes();
        int index = -1;
        for (int i = 0; i < rows.size() && index < 0; i++) {
            ProcessRow r = rows.get(i);
            if (r.pid() == pid && (startTimeMillis == null || r.startTimeMillis() == startTimeMillis)) {
                index = i;
            }
        }
        boolean running = index >= 0;
        Long started = running ? Long.valueOf(rows.get(index).startTimeMillis()) : startTimeMillis;
        ProcessIdentity identity = KnownHosts.process(host, pid, started).orElse(null);
        if (!running && identity == null) {
            throw ProblemException.notFound("Host '" + hostname + "' has no process " + pid
                    + (startTimeMillis == null ? "" : " started at " + startTimeMillis) + ".");
        }
        if (!running) {
            return new ProcessDetail(
                    host.hostname,
                    exitedRow(host, identity),
                    false,
                    identity.firstSeenMillis,
                    identity.endedMillis,
                    null,
                    false,
                    List.of());
        }
        // Parent and children as the tree shows them, so that following parents always ends at a root.
        ProcessLineage lineage = ProcessLineage.of(rows);
        int parent = lineage.parentOf(index);
        List<ProcessRow> kids = lineage.childrenOf(index);
        kids.sort(ProcessQuery.DEFAULT.order());
        return new ProcessDetail(
                host.hostname,
                rows.get(index),
                true,
                identity == null ? null : identity.firstSeenMillis,
                identity == null ? null : identity.endedMillis,
                parent < 0 ? null : rows.get(parent),
                lineage.loopCutAt(index),
                kids);
    }

    /** An exited process as a row: its identity with its last sample's values. */
    private static ProcessRow exitedRow(Host host, ProcessIdentity p) {
        ProcessSample last = ProcessSample.newestBefore(host.id, p.pid, p.startTimeMillis, Long.MAX_VALUE)
                .orElse(null);
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
}
