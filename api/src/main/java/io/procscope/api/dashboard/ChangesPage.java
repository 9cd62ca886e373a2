package io.procscope.api.dashboard;

import io.procscope.api.problem.ProblemException;
import io.procscope.api.query.FleetChangeList;
import io.procscope.api.query.HostQueries;
import io.procscope.api.query.HostSummary;
import io.procscope.api.query.ProcessChanges;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Processes started and exited in a chosen window, on one host or the whole fleet. */
@Path("/changes")
@Produces(MediaType.TEXT_HTML)
public class ChangesPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance changes(
                List<HostSummary> hosts,
                String host,
                String kind,
                TimeWindow window,
                List<FleetChangeList.Event> events,
                long started,
                long exited);
    }

    private final HostQueries hostQueries;
    private final FleetChangeList changes;
    private final Clock clock;

    ChangesPage(HostQueries hostQueries, FleetChangeList changes, Clock clock) {
        this.hostQueries = hostQueries;
        this.changes = changes;
        this.clock = clock;
    }

    /**
     * @param kind {@code started}, {@code exited}, or empty for both
     */
    @GET
    public TemplateInstance changes(
            @QueryParam("host") String host,
            @QueryParam("kind") String kind,
            @QueryParam("from") String from,
            @QueryParam("to") String to) {
        TimeWindow window = TimeWindow.parse(from, to, clock);
        String chosen = host == null || host.isBlank() ? "" : host.strip();
        String wanted = kind == null ? "" : kind.strip().toLowerCase(Locale.ROOT);
        if (!wanted.isEmpty()
                && Arrays.stream(ProcessChanges.Kind.values())
                        .noneMatch(k -> k.name().equalsIgnoreCase(wanted))) {
            throw ProblemException.badRequest("'kind' must be started, exited or empty for both, not '" + kind + "'.");
        }
        List<FleetChangeList.Event> all =
                changes.between(chosen.isEmpty() ? null : chosen, window.range(), FleetChangeList.MAX_LIMIT);
        long started = all.stream()
                .filter(e -> e.kind() == ProcessChanges.Kind.STARTED)
                .count();
        List<FleetChangeList.Event> shown = wanted.isEmpty()
                ? all
                : all.stream()
                        .filter(e -> e.kind().name().equalsIgnoreCase(wanted))
                        .toList();
        return Templates.changes(hostQueries.listHosts(), chosen, wanted, window, shown, started, all.size() - started);
    }
}
