package io.procscope.api.dashboard;

import io.procscope.api.alerts.AlertQueries;
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
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
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

    @GET
    public TemplateInstance overview() {
        List<HostSummary> hosts = hostQueries.listHosts();
        long now = clock.millis();
        Map<String, Long> firing = alerts.firingByHost();
        return Templates.overview(
                FleetTotals.of(hosts),
                hosts,
                topQueries.top(ProcessQuery.Sort.CPU, TOP),
                topQueries.top(ProcessQuery.Sort.MEMORY, TOP),
                changes.between(null, new TimeRange(now - RECENT_WINDOW.toMillis(), now + 1), RECENT),
                firing,
                firing.values().stream().mapToLong(Long::longValue).sum());
    }
}
