package io.procscope.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.procscope.api.ingest.ReportConflict;
import io.procscope.api.ingest.ReportRejected;
import io.procscope.api.ingest.ReportTooLarge;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every error into problem details, so that clients parse one shape of error. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    DatabaseOutage outage;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.toResponse();
    }

    /** 400 for a report that is not a valid HostReport, listing its invalid fields. */
    @ServerExceptionMapper
    public Response reportRejected(ReportRejected e) {
        ReportRejected.Reason reason = e.reason();
        if (reason == ReportRejected.Reason.UNSUPPORTED_ENCODING) {
            return Problem.of(Response.Status.UNSUPPORTED_MEDIA_TYPE, e.detail())
                    .toResponse();
        }
        Problem problem = e.fieldErrors().isEmpty()
                ? new Problem(
                        reason.problemType(),
                        reason.title() == null ? Response.Status.BAD_REQUEST.getReasonPhrase() : reason.title(),
                        Response.Status.BAD_REQUEST.getStatusCode(),
                        e.detail(),
                        List.of())
                : Validation.problem(e.fieldErrors());
        return problem.toResponse();
    }

    /** 413 for a report larger than procscope.ingest.max-report-size. */
    @ServerExceptionMapper
    public Response reportTooLarge(ReportTooLarge e) {
        return Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, e.detail()).toResponse();
    }

    /** 409 for a second, different report of one host at one instant. */
    @ServerExceptionMapper
    public Response reportConflict(ReportConflict e) {
        return Problem.of(Response.Status.CONFLICT, e.detail()).toResponse();
    }

    @ServerExceptionMapper
    public Response invalidJson(JsonProcessingException e) {
        return ProblemException.badRequest(Json.describe(e)).problem().toResponse();
    }

    @ServerExceptionMapper
    public Response invalidParameter(ConstraintViolationException e) {
        return Validation.problem(e.getConstraintViolations()).toResponse();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
        if (status == null) {
            status = Response.Status.INTERNAL_SERVER_ERROR;
        }
        String detail = e.getMessage() == null || e.getMessage().startsWith("HTTP ")
                ? status.getReasonPhrase()
                : e.getMessage();
        return Problem.of(status, detail).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, HttpHeaders headers) {
        if (DatabaseOutage.isCauseOf(e)) {
            return outage.response(e, headers);
        }
        LOG.error("Unexpected error", e);
        return Problem.of(
                        Response.Status.INTERNAL_SERVER_ERROR,
                        "An unexpected error occurred; the API log has the cause.")
                .toResponse();
    }
}
