package io.procscope.api.query;

import io.procscope.api.domain.Host;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** The fleet's busiest processes, from the newest reports of the hosts not gone. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class TopQueries {

    private final KnownHosts hosts;

    TopQueries(KnownHosts hosts) {
        this.hosts = hosts;
    }

    /** The {@code limit} busiest processes of the fleet by CPU or memory, from newest reports only. */
    public List<TopProcess> top(ProcessQuery.Sort by, int limit) {
        Comparator<TopProcess> order = Comparator.comparing(TopProcess::process, by.comparator(true));
        PriorityQueue<TopProcess> heap = new PriorityQueue<>(limit + 1, order.reversed());
        for (Host host : Host.listByHostname()) {
            if (hosts.status(host) == HostStatus.GONE) {
                continue;
            }
            for (ProcessRow row : hosts.newestReport(host).processes()) {
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
}
