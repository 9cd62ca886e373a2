package io.procscope.api.query;

import io.procscope.api.problem.ProblemException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Questions across the whole fleet: search and rankings now, and the fleet over time that the
 * analytics and overview pages chart.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Fleet", description = "Search and rankings across every host")
public class FleetResource {

    /** Most processes a top list holds. */
    static final int MAX_TOP = 500;

    private static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    private final SearchQueries searchQueries;
    private final TopQueries topQueries;
    private final FleetMetricSeries metrics;
    private final FleetChangeList changes;
    private final Clock clock;

    FleetResource(
            SearchQueries searchQueries,
            TopQueries topQueries,
            FleetMetricSeries metrics,
            FleetChangeList changes,
            Clock clock) {
        this.searchQueries = searchQueries;
        this.topQueries = topQueries;
        this.metrics = metrics;
        this.changes = changes;
        this.clock = clock;
    }

    @GET
    @Path("/search")
    @Operation(
            summary = "Which hosts run a process",
            description = "Hosts whose newest report has processes whose name, command line, user or pod name"
                    + " contains q, or whose container id starts with it: those with the most matches first, each"
                    + " with its number of matches and its busiest few. The header " + TOTAL_COUNT + " holds how"
                    + " many hosts match in all; offset pages through them. A search reads at most "
                    + SearchQueries.SCAN_LIMIT + " matching processes: when more match, the header " + COMPLETE
                    + " is false, the hosts are ranked on the first " + SearchQueries.SCAN_LIMIT + ", and their"
                    + " counts are lower bounds; a longer text narrows it.")
    public RestResponse<List<FleetMatch>> search(
            @Parameter(description = "text to find, any case", required = true) @QueryParam("q") String q,
            @Parameter(description = "most hosts, 1 to 500") @QueryParam("limit") @DefaultValue("20") String limit,
            @Parameter(description = "hosts to skip, 0 to 100000") @QueryParam("offset") @DefaultValue("0")
                    String offset) {
        SearchQueries.Found found =
                searchQueries.search(q, ProcessQuery.integer("offset", offset), ProcessQuery.integer("limit", limit));
        return RestResponse.ResponseBuilder.ok(found.matches())
                .header(TOTAL_COUNT, found.hosts())
                .header(COMPLETE, found.complete())
                .build();
    }

    /**
     * The response header that says whether a search read every matching process (true), or stopped
     * at {@value SearchQueries#SCAN_LIMIT} (false): then more hosts may match than {@value
     * #TOTAL_COUNT} says.
     */
    public static final String COMPLETE = "X-Search-Complete";

    /** The response header that holds how many hosts a search matches, on every page. */
    public static final String TOTAL_COUNT = "X-Total-Count";

    @GET
    @Path("/top")
    @Operation(
            summary = "The fleet's busiest processes",
            description = "The top processes by CPU or memory across every host, from the newest reports.")
    public List<TopProcess> top(
            @Parameter(description = "cpu or memory") @QueryParam("by") @DefaultValue("cpu") String by,
            @Parameter(description = "1 to 500") @QueryParam("limit") @DefaultValue("10") String limitText) {
        int limit = ProcessQuery.integer("limit", limitText);
        ProcessQuery.Sort sort = ProcessQuery.Sort.parse(by);
        if (sort != ProcessQuery.Sort.CPU && sort != ProcessQuery.Sort.MEMORY) {
            throw ProblemException.badRequest("by must be cpu or memory, not '" + by + "'.");
        }
        if (limit < 1 || limit > MAX_TOP) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_TOP + ", not " + limit + ".");
        }
        return topQueries.top(sort, limit);
    }

    @GET
    @Path("/fleet/metrics")
    @Operation(
            summary = "The fleet's metrics over time",
            description = "CPU, memory, processes and states of every host not gone, added up per bucket.")
    public FleetMetricSeries.Fleet metrics(
            @Parameter(description = "ISO-8601, ms since the epoch, or relative (-1h); default 1 h before to")
                    @QueryParam("from")
                    String from,
            @Parameter(description = "default now") @QueryParam("to") String to) {
        return metrics.over(TimeRange.parse(from, to, DEFAULT_RANGE, clock));
    }

    /** The response header that holds the cursor of the next page of changes, when there is one. */
    public static final String NEXT_BEFORE = "X-Next-Before";

    @GET
    @Path("/fleet/changes")
    @Operation(
            summary = "Processes started and exited across the fleet",
            description = "Starts and exits on every host not gone (or on one), newest first. When older ones"
                    + " are left, the header " + NEXT_BEFORE + " holds the cursor to pass as before for them.")
    public RestResponse<List<FleetChangeList.Event>> changes(
            @Parameter(description = "one host; default every host") @QueryParam("host") String host,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @Parameter(description = "1 to 1000") @QueryParam("limit") @DefaultValue("100") int limit,
            @Parameter(description = "the events after this cursor, from the " + NEXT_BEFORE + " header")
                    @QueryParam("before")
                    String before) {
        if (limit < 1 || limit > FleetChangeList.MAX_LIMIT) {
            throw ProblemException.badRequest(
                    "limit must be between 1 and " + FleetChangeList.MAX_LIMIT + ", not " + limit + ".");
        }
        FleetChangeList.Page page = changes.page(
                host == null || host.isBlank() ? null : host,
                TimeRange.parse(from, to, DEFAULT_RANGE, clock),
                EnumSet.allOf(ProcessChanges.Kind.class),
                FleetChangeList.Cursor.parse(before),
                limit);
        RestResponse.ResponseBuilder<List<FleetChangeList.Event>> answer =
                RestResponse.ResponseBuilder.ok(page.events());
        if (page.next() != null) {
            answer.header(NEXT_BEFORE, page.next().toString());
        }
        return answer.build();
    }
}
