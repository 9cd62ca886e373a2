package io.procscope.api.query;

import io.procscope.api.query.ProcessChanges.Kind;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Processes started and exited across the fleet: each host's {@link HistoryQueries#changes} merged
 * into one list, newest first. HistoryQueries answers per host; the overview and the changes page
 * want the whole fleet at once.
 */
@ApplicationScoped
public class FleetChangeList {

    /** Most events one answer holds. */
    public static final int MAX_LIMIT = 1000;

    private final HostQueries hostQueries;
    private final HistoryQueries historyQueries;

    FleetChangeList(HostQueries hostQueries, HistoryQueries historyQueries) {
        this.hostQueries = hostQueries;
        this.historyQueries = historyQueries;
    }

    /**
     * A process that started or exited on a host.
     *
     * @param hostname its host
     * @param kind started or exited
     * @param atMillis when it started, or when the first report without it was collected, ms since the epoch
     * @param process the process
     */
    @TemplateData
    public record Event(String hostname, Kind kind, long atMillis, ProcessChanges.Change process) {

        /** True for a start, for the templates. */
        public boolean started() {
            return kind == Kind.STARTED;
        }
    }

    /**
     * The starts and exits in a range on one host, or on every host not gone when {@code hostname}
     * is null, newest first, at most {@code limit}.
     */
    public List<Event> between(String hostname, TimeRange range, int limit) {
        List<String> hosts = hostname != null
                ? List.of(hostname)
                : hostQueries.listHosts().stream()
                        .filter(h -> h.status() != HostStatus.GONE)
                        .map(HostSummary::hostname)
                        .toList();
        List<Event> events = new ArrayList<>();
        for (String host : hosts) {
            ProcessChanges changes = historyQueries.changes(host, range);
            changes.started().forEach(c -> events.add(new Event(host, Kind.STARTED, c.startTimeMillis(), c)));
            changes.exited().forEach(c -> events.add(new Event(host, Kind.EXITED, c.endedMillis(), c)));
        }
        events.sort(Comparator.comparingLong(Event::atMillis)
                .reversed()
                .thenComparing(Event::hostname)
                .thenComparingInt(e -> e.process().pid()));
        return events.size() > limit ? List.copyOf(events.subList(0, limit)) : events;
    }
}
