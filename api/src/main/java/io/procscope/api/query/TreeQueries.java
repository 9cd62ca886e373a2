package io.procscope.api.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A host's processes under their parents, with what each subtree adds up to. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class TreeQueries {

    private final KnownHosts hosts;

    TreeQueries(KnownHosts hosts) {
        this.hosts = hosts;
    }

    /**
     * The processes of a host's newest report as a tree, with subtree totals. Built in linear time
     * (one pass to index parents, one to sum subtrees), then each node's children sorted.
     */
    public ProcessTree tree(String hostname) {
        KnownHosts.NewestReport report = hosts.newestReport(hosts.named(hostname));
        List<ProcessRow> rows = report.processes();
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
        return new ProcessTree(report.host().hostname, report.collectedAtMillis(), rows.size(), rootNodes);
    }
}
