package io.procscope.api.dashboard;

import io.procscope.api.alerts.AlertQueries;
import io.procscope.api.alerts.AlertViews;
import io.procscope.api.query.ProcessDetail;
import io.procscope.api.query.ProcessListQueries;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;

/** One process: what it runs, its family, and its CPU and memory over time. */
@Path("/hosts/{hostname}/processes/{pid}")
@Produces(MediaType.TEXT_HTML)
public class ProcessDetailPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance process(
                ProcessDetail detail, TimeWindow window, List<AlertViews.ActiveAlert> alerts);
    }

    private final ProcessListQueries processListQueries;
    /** Active alerts about the process that its page lists. */
    static final int PROCESS_PAGE_ALERTS = 20;

    private final AlertQueries alerts;
    private final Clock clock;

    ProcessDetailPage(ProcessListQueries processListQueries, AlertQueries alerts, Clock clock) {
        this.alerts = alerts;
        this.processListQueries = processListQueries;
        this.clock = clock;
    }

    /** The running process with this pid, or with {@code start} the one that started then. */
    @GET
    public TemplateInstance process(
            @PathParam("hostname") String hostname,
            @PathParam("pid") @PositiveOrZero int pid,
            @QueryParam("start") Long start,
            @QueryParam("from") String from,
            @QueryParam("to") String to) {
        ProcessDetail detail = processListQueries.process(hostname, pid, start);
        return Templates.process(
                detail,
                TimeWindow.parse(from, to, clock),
                alerts.activeOfProcess(
                        detail.hostname(),
                        detail.process().pid(),
                        detail.process().startTimeMillis(),
                        PROCESS_PAGE_ALERTS));
    }
}
