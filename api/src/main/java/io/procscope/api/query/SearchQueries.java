package io.procscope.api.query;

import io.procscope.api.domain.Host;
import io.procscope.api.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which hosts run a process, from their newest reports. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class SearchQueries {

    /** Most processes a fleet search lists per host. */
    static final int SEARCH_LIMIT_PER_HOST = 50;

    private final KnownHosts hosts;

    SearchQueries(KnownHosts hosts) {
        this.hosts = hosts;
    }

    /**
     * The hosts whose newest reports have processes matching {@code text} (in their name, command
     * line, user or pod name, or starting their container id), most matches first.
     */
    public List<FleetMatch> search(String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.badRequest("Give the text to search for: q=postgres");
        }
        ProcessQuery query = new ProcessQuery(
                text.strip(), null, null, null, null, ProcessQuery.Sort.CPU, true, 0, SEARCH_LIMIT_PER_HOST);
        List<FleetMatch> matches = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        for (Host host : Host.listByHostname()) {
            List<ProcessRow> found = hosts.newestReport(host).processes().stream()
                    .filter(query.filter())
                    .sorted(query.order())
                    .toList();
            if (!found.isEmpty()) {
                counts.put(host.hostname, found.size());
                // A copy, not a view: a view would keep every match of every host (all their
                // processes, for a broad q) until the answer is written.
                matches.add(new FleetMatch(
                        host.hostname,
                        hosts.status(host),
                        List.copyOf(found.subList(0, Math.min(found.size(), SEARCH_LIMIT_PER_HOST)))));
            }
        }
        matches.sort(Comparator.comparing((FleetMatch m) -> counts.get(m.hostname()))
                .reversed()
                .thenComparing(FleetMatch::hostname));
        return matches;
    }
}
