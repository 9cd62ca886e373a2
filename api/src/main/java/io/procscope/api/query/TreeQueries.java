package io.procscope.api.query;

import io.procscope.api.domain.Host;
import io.procscope.api.domain.HostDeleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;

/**
 * A host's processes under their parents, with what each subtree adds up to. The trees of the
 * hosts read last are kept while they are their hosts' newest ({@link BuiltTrees}): a tree page
 * and each node its script opens afterwards cost one build between two reports, and a node's
 * children a lookup.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class TreeQueries {

    /** Most hosts whose trees are kept: a few people each looking at a few hosts. */
    static final int TREES_KEPT = 16;

    /**
     * Most processes the kept trees hold together, a few hundred bytes of heap each (they share
     * their strings with the decoded states): some 35 MiB at most.
     */
    static final long TREE_PROCESSES_KEPT = 100_000;

    private final KnownHosts hosts;
    private final BuiltTrees built = new BuiltTrees(TREES_KEPT, TREE_PROCESSES_KEPT);

    TreeQueries(KnownHosts hosts) {
        this.hosts = hosts;
    }

    /**
     * The processes of a host's newest report as a tree, with subtree totals: each process once,
     * whatever parents the report names (see {@link ProcessTree#of}).
     */
    public ProcessTree tree(String hostname) {
        return hostTree(hostname).tree();
    }

    /**
     * The same with its nodes found by pid: built once per report of the host, then kept while it is
     * the newest. 404 for a host that never reported.
     */
    public HostTree hostTree(String hostname) {
        Host host = hosts.named(hostname);
        BuiltTrees.Version version = host.latestSnapshotId == null
                ? null
                : new BuiltTrees.Version(
                        host.latestSnapshotId, host.lastReportMillis, host.hostname, host.memoryTotalBytes);
        HostTree kept = version == null ? null : built.get(host.id, version);
        if (kept != null) {
            return kept;
        }
        KnownHosts.NewestReport report = hosts.newestReport(host);
        HostTree tree =
                HostTree.of(ProcessTree.of(report.host().hostname, report.collectedAtMillis(), report.processes()));
        // Kept only when the state read is the one the host's row names: a report stored between
        // the two reads is built again on the next request rather than kept under the old version.
        if (version != null && report.collectedAtMillis() == host.lastReportMillis) {
            built.put(host.id, version, tree);
        }
        return tree;
    }

    /** Drops a deleted host's tree once the deletion committed: on SQLite a later host may reuse its ids. */
    void forgetDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) HostDeleted deleted) {
        if (deleted.hostId() != null) {
            built.remove(deleted.hostId());
        }
    }
}
