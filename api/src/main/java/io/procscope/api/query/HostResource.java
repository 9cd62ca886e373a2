package io.procscope.api.query;

import io.procscope.api.problem.ProblemException;
import io.procscope.dto.HostInfo;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The fleet's hosts and their processes, now and over time, as JSON. */
@Path("/api/v1/hosts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Hosts", description = "Hosts, their processes and their history")
public class HostResource {

    private static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    /** Hosts a page of the list holds when the request does not say. */
    static final int DEFAULT_LIMIT = 100;

    /** The header that says how many hosts match, on every page. */
    static final String TOTAL_COUNT = "X-Total-Count";

    private final HostQueries hostQueries;
    private final ProcessListQueries processListQueries;
    private final TreeQueries treeQueries;
    private final HistoryQueries historyQueries;
    private final Clock clock;

    HostResource(
            HostQueries hostQueries,
            ProcessListQueries processListQueries,
            TreeQueries treeQueries,
            HistoryQueries historyQueries,
            Clock clock) {
        this.hostQueries = hostQueries;
        this.processListQueries = processListQueries;
        this.treeQueries = treeQueries;
        this.historyQueries = historyQueries;
        this.clock = clock;
    }

    @GET
    @Operation(
            summary = "List hosts",
            description = "A page of the hosts that have reported, with their status and newest state, by hostname"
                    + " unless sorted otherwise; X-Total-Count says how many match.")
    @APIResponse(
            responseCode = "200",
            description = "The page of hosts",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = HostSummary.class)),
            headers =
                    @Header(
                            name = TOTAL_COUNT,
                            description = "hosts that match the filters, on every page",
                            schema = @Schema(type = SchemaType.INTEGER)))
    @APIResponse(responseCode = "400", description = "A parameter out of its bounds, or not a number")
    public Response listHosts(
            @Parameter(description = "text in the hostname, operating system, platform or architecture; any case")
                    @QueryParam("q")
                    String q,
            @Parameter(
                            description = "exact hostnames, the parameter repeated (host=a&host=b); at most "
                                    + HostQueries.MAX_PAGE + "; only these hosts")
                    @QueryParam("host")
                    List<String> host,
            @Parameter(
                            description = "hostname (default), name (any case), status, platform, cpus, cpu, memory,"
                                    + " processes, last (newest report); prefix - for descending; ties by hostname")
                    @QueryParam("sort")
                    String sort,
            @Parameter(description = "hosts to skip, 0 or more; default 0") @QueryParam("offset") Integer offset,
            @Parameter(
                            description =
                                    "most hosts to answer, 1 to " + HostQueries.MAX_PAGE + "; default " + DEFAULT_LIMIT)
                    @QueryParam("limit")
                    Integer limit) {
        List<String> names = host == null
                ? List.of()
                : host.stream().filter(h -> !h.isBlank()).distinct().toList();
        if (names.size() > HostQueries.MAX_PAGE) {
            throw ProblemException.badRequest(
                    "Name at most " + HostQueries.MAX_PAGE + " hosts with host=, not " + names.size() + ".");
        }
        if (names.stream().anyMatch(h -> h.length() > HostInfo.MAX_HOSTNAME_LENGTH)) {
            throw ProblemException.badRequest(
                    "A hostname has at most " + HostInfo.MAX_HOSTNAME_LENGTH + " characters.");
        }
        int from = offset == null ? 0 : offset;
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (from < 0) {
            throw ProblemException.badRequest("offset must be 0 or more, not " + from + ".");
        }
        if (size < 1 || size > HostQueries.MAX_PAGE) {
            throw ProblemException.badRequest(
                    "limit must be between 1 and " + HostQueries.MAX_PAGE + ", not " + size + ".");
        }
        HostQueries.HostList page =
                hostQueries.listHosts(q, names, sort == null || sort.isBlank() ? "hostname" : sort.strip(), from, size);
        return Response.ok(page.hosts()).header(TOTAL_COUNT, page.matching()).build();
    }

    @GET
    @Path("/{hostname}")
    @Operation(
            summary = "One host",
            description = "A host with its status and newest state; 404 for a host never seen.")
    public HostSummary getHost(@PathParam("hostname") String hostname) {
        return hostQueries
                .findHost(hostname)
                .orElseThrow(() -> ProblemException.notFound("No host named '" + hostname + "' has reported."));
    }

    @GET
    @Path("/{hostname}/processes")
    @Operation(
            summary = "A host's processes",
            description = "The processes of the host's newest report: searched, filtered, sorted and paged.")
    public ProcessPage listProcesses(
            @PathParam("hostname") String hostname,
            @Parameter(
                            description =
                                    "text in the name, command line, user or pod name, or starting the container id; any case")
                    @QueryParam("q")
                    String q,
            @Parameter(description = "running, sleeping, disk_sleep, idle, stopped, zombie, unknown")
                    @QueryParam("status")
                    String status,
            @Parameter(description = "user name, exact") @QueryParam("user") String user,
            @Parameter(description = "start of the container id, 1 to 64 hex digits: the 12 docker ps shows, or all 64")
                    @QueryParam("container")
                    String container,
            @Parameter(description = "Kubernetes pod: namespace/name, or a pod's name or UID alone") @QueryParam("pod")
                    String pod,
            @Parameter(description = "cpu, memory, pid, name, user, start, threads, status; prefix - for descending")
                    @QueryParam("sort")
                    String sort,
            @QueryParam("offset") String offset,
            @Parameter(description = "1 to 5000, default 100") @QueryParam("limit") String limit) {
        return processListQueries.processes(
                hostname, ProcessQuery.parse(q, status, user, container, pod, sort, offset, limit));
    }

    @GET
    @Path("/{hostname}/processes/export")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    @Operation(
            summary = "Export a host's processes",
            description = "Every process of the newest report, as CSV or JSON.")
    public Response export(
            @PathParam("hostname") String hostname, @QueryParam("format") @DefaultValue("csv") String format) {
        ProcessPage page = processListQueries.allProcesses(hostname);
        String file = "procscope-" + hostname.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + page.collectedAtMillis();
        return switch (format) {
            case "csv" ->
                Response.ok(ProcessCsv.write(page.processes()), "text/csv; charset=utf-8")
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + ".csv\"")
                        .build();
            case "json" ->
                Response.ok(page, MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + ".json\"")
                        .build();
            default -> throw ProblemException.badRequest("Unknown format '" + format + "': use csv or json.");
        };
    }

    @GET
    @Path("/{hostname}/tree")
    @Operation(
            summary = "A host's process tree",
            description = "The processes of the newest report under their parents, with subtree totals.")
    public ProcessTree tree(@PathParam("hostname") String hostname) {
        return treeQueries.tree(hostname);
    }

    @GET
    @Path("/{hostname}/processes/{pid}")
    @Operation(
            summary = "One process",
            description = "The running process with this pid, or with start, the one that started then, even exited.")
    public ProcessDetail process(
            @PathParam("hostname") String hostname,
            @PathParam("pid") @PositiveOrZero int pid,
            @Parameter(description = "its start time, ms since the epoch") @QueryParam("start") String start) {
        return processListQueries.process(hostname, pid, ProcessQuery.millis("start", start));
    }

    @GET
    @Path("/{hostname}/processes/{pid}/history")
    @Operation(summary = "A process's history", description = "CPU, RSS, threads and state over a range.")
    public ProcessHistory history(
            @PathParam("hostname") String hostname,
            @PathParam("pid") @PositiveOrZero int pid,
            @Parameter(description = "its start time, ms since the epoch", required = true) @QueryParam("start")
                    String start,
            @Parameter(description = "ISO-8601, ms since the epoch, or relative (-1h); default 1 h before to")
                    @QueryParam("from")
                    String from,
            @Parameter(description = "default now") @QueryParam("to") String to) {
        Long startTime = ProcessQuery.millis("start", start);
        if (startTime == null) {
            throw ProblemException.badRequest("Give the process's start time: start=<ms since the epoch>.");
        }
        return historyQueries.history(hostname, pid, startTime, TimeRange.parse(from, to, DEFAULT_RANGE, clock));
    }

    @GET
    @Path("/{hostname}/metrics")
    @Operation(
            summary = "A host's metrics over time",
            description = "CPU, memory, swap, load, processes and network, at a resolution chosen from the range.")
    public HostMetrics metrics(
            @PathParam("hostname") String hostname, @QueryParam("from") String from, @QueryParam("to") String to) {
        return historyQueries.metrics(hostname, TimeRange.parse(from, to, DEFAULT_RANGE, clock));
    }

    @GET
    @Path("/{hostname}/changes")
    @Operation(
            summary = "Processes started and exited",
            description = "The processes that started and that exited in a range; default the last hour.")
    public ProcessChanges changes(
            @PathParam("hostname") String hostname, @QueryParam("from") String from, @QueryParam("to") String to) {
        return historyQueries.changes(hostname, TimeRange.parse(from, to, DEFAULT_RANGE, clock));
    }
}
