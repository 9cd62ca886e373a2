package io.procscope.api.dashboard;

import io.procscope.api.alerts.AlertQueries;
import io.procscope.api.problem.ProblemException;
import io.procscope.api.query.FleetChangeList;
import io.procscope.api.query.FleetTotals;
import io.procscope.api.query.HostQueries;
import io.procscope.api.query.HostSummary;
import io.procscope.api.query.ProcessQuery;
import io.procscope.api.query.TimeRange;
import io.procscope.api.query.TopProcess;
import io.procscope.api.query.TopQueries;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The dashboard's front page: the fleet at a glance. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class OverviewPage {

    /** Processes in each top list. */
    static final int TOP = 10;
    /** Starts and exits listed. */
    static final int RECENT = 15;
    /** How far back recent starts and exits reach. */
    static final Duration RECENT_WINDOW = Duration.ofHours(1);
    /** Host cards shown, whatever the fleet's size: the rest are on the hosts page. */
    static final int CARDS = 48;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(
                FleetTotals fleet,
                List<HostSummary> hosts,
                List<TopProcess> topCpu,
                List<TopProcess> topMemory,
                List<FleetChangeList.Event> recent,
                Map<String, Long> firing,
                long firingTotal);

        /** The alerts banner and the fleet's totals, for a live update. */
        static native TemplateInstance overview$totals(FleetTotals fleet, Map<String, Long> firing, long firingTotal);

        /** The top lists and the recent starts and exits, for a live update. */
        static native TemplateInstance overview$activity(
                List<TopProcess> topCpu, List<TopProcess> topMemory, List<FleetChangeList.Event> recent);
    }

    private final HostQueries hostQueries;
    private final TopQueries topQueries;
    private final FleetChangeList changes;
    private final AlertQueries alerts;
    private final Clock clock;

    OverviewPage(
            HostQueries hostQueries, TopQueries topQueries, FleetChangeList changes, AlertQueries alerts, Clock clock) {
        this.alerts = alerts;
        this.hostQueries = hostQueries;
        this.topQueries = topQueries;
        this.changes = changes;
        this.clock = clock;
    }

    /**
     * The overview, or with {@code fragment} one of its live parts alone ({@code totals}, {@code
     * activity}): what app/live.js asks for when the fleet changed.
     */
    @GET
    public TemplateInstance overview(@QueryParam("fragment") String fragment) {
        if ("totals".equals(fragment)) {
            Map<String, Long> firing = alerts.firingByHost();
            return Templates.overview$totals(hostQueries.fleetTotals(), firing, sum(firing));
        }
        if ("activity".equals(fragment)) {
            return Templates.overview$activity(topCpu(), topMemory(), recent());
        }
        if (fragment != null && !fragment.isBlank()) {
            throw ProblemException.badRequest("fragment must be totals or activity, not '" + fragment + "'.");
        }
        Map<String, Long> firing = alerts.firingByHost();
        return Templates.overview(
                hostQueries.fleetTotals(),
                hostQueries.attentionFirst(byCount(firing), CARDS),
                topCpu(),
                topMemory(),
                recent(),
                firing,
                sum(firing));
    }

    private List<TopProcess> topCpu() {
        return topQueries.top(ProcessQuery.Sort.CPU, TOP);
    }

    private List<TopProcess> topMemory() {
        return topQueries.top(ProcessQuery.Sort.MEMORY, TOP);
    }

    private List<FleetChangeList.Event> recent() {
        long now = clock.millis();
        return changes.between(null, new TimeRange(now - RECENT_WINDOW.toMillis(), now + 1), RECENT);
    }

    /** Hosts with alerts firing, most alerts first. */
    private static List<String> byCount(Map<String, Long> firing) {
        return firing.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static long sum(Map<String, Long> firing) {
        return firing.values().stream().mapToLong(Long::longValue).sum();
    }
}
