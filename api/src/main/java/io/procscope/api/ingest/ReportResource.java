package io.procscope.api.ingest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.micrometer.core.instrument.MeterRegistry;
import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.problem.Json;
import io.procscope.api.problem.Problem;
import io.procscope.api.problem.ProblemException;
import io.procscope.api.problem.Validation;
import io.procscope.api.security.AgentAuthenticated;
import io.procscope.dto.HostReport;
import io.procscope.dto.ReportReceipt;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
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
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Where agents deliver their reports. */
@Path("/api/v1/reports")
@Tag(name = "Ingest", description = "Reports from agents")
public class ReportResource {

    private final IngestService ingest;
    private final Validator validator;
    private final MeterRegistry registry;
    private final ObjectReader reader;
    private final long maxReportBytes;

    ReportResource(
            IngestService ingest,
            Validator validator,
            MeterRegistry registry,
            ObjectMapper mapper,
            ProcscopeConfig config) {
        this.ingest = ingest;
        this.maxReportBytes = config.ingest().maxReportSize().asLongValue();
        this.validator = validator;
        this.registry = registry;
        // The wire contract is strict about types ("12" is not a pid, 1.5 is not a thread count)
        // and lenient about unknown fields, so that an older API accepts a newer agent.
        ObjectMapper strict = mapper.copy();
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            strict.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        strict.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        this.reader = strict.readerFor(HostReport.class)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
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
    @APIResponse(responseCode = "400", description = "Malformed or invalid report; nothing was stored")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "413", description = "Body too large")
    @SecurityRequirement(name = "agentKey")
    public Response record(@HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) throws IOException {
        if (length != null && length > maxReportBytes) {
            reject("too_large");
            throw new ProblemException(Problem.of(
                    Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    "The report is larger than " + maxReportBytes + " bytes (procscope.ingest.max-report-size)."));
        }
        HostReport report = parse(body);
        ReportReceipt receipt = ingest.recordReport(report);
        return Response.accepted(receipt).build();
    }

    private HostReport parse(InputStream body) throws IOException {
        HostReport report;
        try {
            report = body == null ? null : reader.readValue(new BoundedInputStream(body, maxReportBytes));
        } catch (BoundedInputStream.TooLarge e) {
            reject("too_large");
            throw new ProblemException(Problem.of(
                    Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    "The report is larger than " + maxReportBytes + " bytes (procscope.ingest.max-report-size)."));
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("No content to map")) {
                report = null;
            } else {
                reject("malformed");
                throw ProblemException.badRequest(Json.describe(e));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            reject("malformed");
            throw ProblemException.badRequest(Json.describe(e));
        }
        if (report == null) {
            reject("malformed");
            throw ProblemException.badRequest("The body is empty: expected a HostReport JSON object.");
        }
        List<Problem.FieldError> errors = validate(report);
        if (!errors.isEmpty()) {
            reject("invalid");
            throw new ProblemException(Validation.problem(errors));
        }
        String duplicate = IngestService.findDuplicateProcess(report.processes());
        if (duplicate != null) {
            reject("invalid");
            throw new ProblemException(Problem.of(
                    Response.Status.BAD_REQUEST,
                    "The process " + duplicate + " appears more than once; a process is one entry."));
        }
        return report;
    }

    /**
     * The report's violated constraints: Bean Validation for its own fields, host and metrics;
     * {@link ProcessChecks} for its processes, where Bean Validation's cascade cost 30% of ingest.
     */
    private List<Problem.FieldError> validate(HostReport report) {
        HostReport withoutProcesses = new HostReport(
                report.schemaVersion(),
                report.reportId(),
                report.agentVersion(),
                report.collectedAtMillis(),
                report.host(),
                report.metrics(),
                report.processes() == null ? null : List.of(),
                report.intervalMillis());
        List<Problem.FieldError> errors = new ArrayList<>(ProcessChecks.check(report.processes()));
        for (ConstraintViolation<HostReport> violation : validator.validate(withoutProcesses)) {
            errors.add(Validation.fieldError(violation));
        }
        return errors;
    }

    private void reject(String reason) {
        registry.counter(IngestService.REJECTED, "reason", reason).increment();
    }
}
