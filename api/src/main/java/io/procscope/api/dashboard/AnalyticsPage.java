package io.procscope.api.dashboard;

import io.procscope.api.query.HostQueries;
import io.procscope.api.query.ProcessListQueries;
import io.procscope.api.query.ProcessQuery;
import io.procscope.api.query.ProcessRow;
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
import java.util.List;

/**
 * Charts over time for one host or the whole fleet: CPU and memory, process count, states, and
 * the top consumers now. The charts read the JSON endpoints; the page renders the top consumers
 * as tables too.
 */
@Path("/analytics")
@Produces(MediaType.TEXT_HTML)
public class AnalyticsPage {

    static final int TOP = 10;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance analytics(
                List<String> hostNames,
                String host,
                TimeWindow window,
                List<TopProcess> topCpu,
                List<TopProcess> topMemory);
    }

    private final HostQueries hostQueries;
    private final ProcessListQueries processListQueries;
    private final TopQueries topQueries;
    private final Clock clock;

    AnalyticsPage(HostQueries hostQueries, ProcessListQueries processListQueries, TopQueries topQueries, Clock clock) {
        this.hostQueries = hostQueries;
        this.processListQueries = processListQueries;
        this.topQueries = topQueries;
        this.clock = clock;
    }

    /** The fleet, or with {@code host} one host, over the window {@code from}..{@code to}. */
    @GET
    public TemplateInstance analytics(
            @QueryParam("host") String host, @QueryParam("from") String from, @QueryParam("to") String to) {
        TimeWindow window = TimeWindow.parse(from, to, clock);
        String chosen = host == null || host.isBlank() ? "" : host.strip();
        List<TopProcess> topCpu;
        List<TopProcess> topMemory;
        if (chosen.isEmpty()) {
            topCpu = topQueries.top(ProcessQuery.Sort.CPU, TOP);
            topMemory = topQueries.top(ProcessQuery.Sort.MEMORY, TOP);
        } else {
            topCpu = top(chosen, "-cpu");
            topMemory = top(chosen, "-memory");
        }
        return Templates.analytics(HostChoice.suggestions(hostQueries, chosen), chosen, window, topCpu, topMemory);
    }

    private List<TopProcess> top(String host, String sort) {
        List<ProcessRow> rows = processListQueries
                .processes(host, ProcessQuery.parse(null, null, null, null, null, sort, 0, TOP))
                .processes();
        return rows.stream().map(r -> new TopProcess(host, r)).toList();
    }
}
