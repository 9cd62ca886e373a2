package io.procscope.api.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** A host's processes under their parents, with what each subtree adds up to. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class TreeQueries {

    private final KnownHosts hosts;

    TreeQueries(KnownHosts hosts) {
        this.hosts = hosts;
    }

    /**
     * The processes of a host's newest report as a tree, with subtree totals: each process once,
     * whatever parents the report names (see {@link ProcessTree#of}).
     */
    public ProcessTree tree(String hostname) {
        KnownHosts.NewestReport report = hosts.newestReport(hosts.named(hostname));
        return ProcessTree.of(report.host().hostname, report.collectedAtMillis(), report.processes());
    }
}
