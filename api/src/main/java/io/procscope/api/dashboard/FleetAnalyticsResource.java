package io.procscope.api.dashboard;

import io.procscope.api.problem.ProblemException;
import io.procscope.api.query.TimeRange;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The whole fleet over time, as JSON: what the analytics and overview pages chart. */
@Path("/api/v1/fleet")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Fleet", description = "Search and rankings across every host")
public class FleetAnalyticsResource {

    static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    private final FleetMetrics metrics;
    private final FleetChanges changes;
    private final Clock clock;

    FleetAnalyticsResource(FleetMetrics metrics, FleetChanges changes, Clock clock) {
        this.metrics = metrics;
        this.changes = changes;
        this.clock = clock;
    }

    @GET
    @Path("/metrics")
    @Operation(
            summary = "The fleet's metrics over time",
            description = "CPU, memory, processes and states of every host not gone, added up per bucket.")
    public FleetMetrics.Fleet metrics(
            @Parameter(description = "ISO-8601, ms since the epoch, or relative (-1h); default 1 h before to")
                    @QueryParam("from")
                    String from,
            @Parameter(description = "default now") @QueryParam("to") String to) {
        return metrics.over(TimeRange.parse(from, to, DEFAULT_RANGE, clock));
    }

    @GET
    @Path("/changes")
    @Operation(
            summary = "Processes started and exited across the fleet",
            description = "Starts and exits on every host not gone (or on one), newest first.")
    public List<FleetChanges.Event> changes(
            @Parameter(description = "one host; default every host") @QueryParam("host") String host,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @Parameter(description = "1 to 1000") @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > FleetChanges.MAX_LIMIT) {
            throw ProblemException.badRequest(
                    "limit must be between 1 and " + FleetChanges.MAX_LIMIT + ", not " + limit + ".");
        }
        return changes.between(
                host == null || host.isBlank() ? null : host, TimeRange.parse(from, to, DEFAULT_RANGE, clock), limit);
    }
}
