package io.procscope.api.ingest;

import io.procscope.api.security.AgentAuthenticated;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Where agents deliver their reports: {@link ReportReader} decides whether a body is a report the
 * API stores, {@link IngestService} stores it. Their refusals are answered as problem details by
 * {@link io.procscope.api.problem.ProblemMappers}.
 */
@Path("/api/v1/reports")
@Tag(name = "Ingest", description = "Reports from agents")
public class ReportResource {

    private final ReportReader reader;
    private final IngestService ingest;

    ReportResource(ReportReader reader, IngestService ingest) {
        this.reader = reader;
        this.ingest = ingest;
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
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "413", description = "Body too large")
    @APIResponse(responseCode = "415", description = "A Content-Encoding other than gzip")
    @SecurityRequirement(name = "agentKey")
    public Response record(
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding,
            InputStream body)
            throws IOException {
        HostReport report = reader.read(length, encoding, body);
        ReportReceipt receipt = ingest.recordReport(report);
        return Response.accepted(receipt).build();
    }
}
