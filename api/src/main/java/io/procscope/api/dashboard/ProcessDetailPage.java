package io.procscope.api.dashboard;

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

/** One process: what it runs, its family, and its CPU and memory over time. */
@Path("/hosts/{hostname}/processes/{pid}")
@Produces(MediaType.TEXT_HTML)
public class ProcessDetailPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance process(ProcessDetail detail, TimeWindow window);
    }

    private final ProcessListQueries processListQueries;
    private final Clock clock;

    ProcessDetailPage(ProcessListQueries processListQueries, Clock clock) {
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
        return Templates.process(processListQueries.process(hostname, pid, start), TimeWindow.parse(from, to, clock));
    }
}
