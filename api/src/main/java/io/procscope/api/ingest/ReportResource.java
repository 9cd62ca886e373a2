package io.procscope.api.ingest;

import io.procscope.api.problem.Problem;
import io.procscope.api.problem.ProblemException;
import io.procscope.api.security.AgentAuthenticated;
import io.procscope.api.security.AuthenticatedAgent;
import io.procscope.dto.HostReport;
import io.procscope.dto.ReportReceipt;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Where agents deliver their reports, each with its host's credential: {@link ReportReader} decides
 * whether a body is a report the API stores, it must be of the credential's host, and {@link
 * IngestService} stores it. Their refusals are answered as problem details by
 * {@link io.procscope.api.problem.ProblemMappers}.
 */
@Path("/api/v1/reports")
@Tag(name = "Ingest", description = "Reports from agents")
public class ReportResource {

    /** A credential's report of another host than its own. */
    public static final String WRONG_HOST = "urn:procscope:problem:wrong-host";

    private static final Logger LOG = Logger.getLogger(ReportResource.class);

    private final ReportReader reader;
    private final IngestService ingest;
    private final AuthenticatedAgent agent;
    private final IngestMetrics metrics;

    ReportResource(ReportReader reader, IngestService ingest, AuthenticatedAgent agent, IngestMetrics metrics) {
        this.reader = reader;
        this.ingest = ingest;
        this.agent = agent;
        this.metrics = metrics;
    }

    @POST
    @AgentAuthenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Store a report",
            description = "Stores a HostReport whole or not at all. The body may be gzip-compressed "
                    + "(Content-Encoding: gzip). A report id that was already stored is acknowledged "
                    + "again and stored once.")
    @RequestBody(
            content =
                    @org.eclipse.microprofile.openapi.annotations.media.Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema =
                                    @org.eclipse.microprofile.openapi.annotations.media.Schema(
                                            implementation = HostReport.class)))
    @APIResponse(responseCode = "202", description = "Stored, or stored before (duplicate=true)")
    @APIResponse(
            responseCode = "400",
            description = "Malformed or invalid report, stamped in the future past the allowed clock skew"
                    + " (type urn:procscope:problem:clock-skew), or older than the raw retention (type"
                    + " urn:procscope:problem:report-expired); nothing was stored")
    @APIResponse(
            responseCode = "401",
            description = "No host credential (type urn:procscope:problem:enrollment-required for an enrollment"
                    + " secret: enroll first), an unknown one (type urn:procscope:problem:credential-unknown: enroll"
                    + " again) or a revoked one (type urn:procscope:problem:credential-revoked)")
    @APIResponse(
            responseCode = "403",
            description = "The report is of another host than the credential's (type"
                    + " urn:procscope:problem:wrong-host); nothing was stored")
    @APIResponse(responseCode = "413", description = "Body too large, or too many processes")
    @APIResponse(responseCode = "415", description = "A Content-Encoding other than gzip")
    @APIResponse(
            responseCode = "429",
            description = "The API stores as many reports at once as it takes; nothing was stored. Retry-After"
                    + " says when to try again.")
    @SecurityRequirement(name = io.procscope.api.identity.EnrollResource.HOST_CREDENTIAL)
    public Response record(
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding,
            InputStream body) {
        HostReport report;
        try {
            report = reader.read(length, encoding, body);
        } catch (IOException e) {
            // The client went away mid-body, or sent bad gzip: its problem, not an error of the API's
            // to log at length (a flood of aborted uploads would flood the log).
            metrics.rejected("unreadable");
            LOG.debugf("Report body not readable: %s", e);
            throw ProblemException.badRequest("The report body could not be read to its end.");
        }
        String bound = agent.hostname().orElseThrow();
        if (!bound.equals(report.host().hostname())) {
            metrics.rejected("wrong_host");
            throw new ProblemException(new Problem(
                    WRONG_HOST,
                    "Wrong host",
                    Response.Status.FORBIDDEN.getStatusCode(),
                    "This credential is bound to host '" + bound + "' and may report for it only, not for '"
                            + report.host().hostname() + "'. Nothing was stored.",
                    List.of()));
        }
        ReportReceipt receipt = ingest.recordReport(report);
        return Response.accepted(receipt).build();
    }
}
