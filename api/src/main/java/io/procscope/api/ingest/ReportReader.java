package io.procscope.api.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.domain.ProcessKey;
import io.procscope.api.problem.Json;
import io.procscope.api.problem.Problem.FieldError;
import io.procscope.api.problem.Validation;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a report body is one the API stores: not too large, a HostReport by the wire
 * contract's strict types, and valid. Every refusal is counted here, by its reason.
 */
@ApplicationScoped
class ReportReader {

    private final Validator validator;
    private final IngestMetrics metrics;
    private final ObjectReader json;
    private final long maxReportBytes;
    private final int maxProcesses;

    ReportReader(ObjectMapper mapper, Validator validator, IngestMetrics metrics, ProcscopeConfig config) {
        this.validator = validator;
        this.metrics = metrics;
        this.maxReportBytes = config.ingest().maxReportSize().asLongValue();
        this.maxProcesses = config.ingest().maxProcesses();
        // The wire contract is strict about types ("12" is not a pid, 1.5 is not a thread count)
        // and lenient about unknown fields, so that an older API accepts a newer agent.
        ObjectMapper strict = mapper.copy();
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            strict.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        strict.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        this.json = strict.readerFor(HostReport.class)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * The report in a request body, when the API stores it.
     *
     * @param contentLength the body's declared length, bytes; null when the request declares none
     * @param body the body, decompressed; null when the request has none
     * @throws ReportTooLarge when the body declares or reaches more than {@code
     *     procscope.ingest.max-report-size} bytes, or lists more than {@code
     *     procscope.ingest.max-processes} processes
     * @throws ReportRejected when the body is not a valid HostReport
     * @throws IOException when the body cannot be read
     */
    HostReport read(Long contentLength, InputStream body) throws IOException {
        if (contentLength != null && contentLength > maxReportBytes) {
            throw tooLarge();
        }
        HostReport report = parse(body);
        // procscope.ingest.max-processes: a count the operator chose, answered as too large, not invalid
        if (report.processes() != null && report.processes().size() > maxProcesses) {
            metrics.rejected("too_many_processes");
            throw ReportTooLarge.processes(report.processes().size(), maxProcesses);
        }
        List<FieldError> errors = validate(report);
        if (!errors.isEmpty()) {
            throw refused(ReportRejected.invalid(errors));
        }
        String duplicate = findDuplicateProcess(report.processes());
        if (duplicate != null) {
            throw refused(ReportRejected.invalid(
                    "The process " + duplicate + " appears more than once; a process is one entry."));
        }
        return report;
    }

    private HostReport parse(InputStream body) throws IOException {
        HostReport report = null;
        if (body != null) {
            try (JsonParser parser = json.createParser(new BoundedInputStream(body, maxReportBytes))) {
                // No first token: an empty body, or only whitespace. (The JSON literal null is one.)
                if (parser.nextToken() != null) {
                    report = json.readValue(parser);
                }
            } catch (BoundedInputStream.TooLarge e) {
                throw tooLarge();
            } catch (JsonProcessingException e) {
                // Jackson wraps a read that fails inside an array (a gzip body inflating past the limit
                // among the processes) in a mapping error: still too large, not malformed.
                if (BoundedInputStream.isCauseOf(e)) {
                    throw tooLarge();
                }
                throw refused(ReportRejected.malformed(Json.describe(e)));
            }
        }
        if (report == null) {
            throw refused(ReportRejected.malformed("The body is empty: expected a HostReport JSON object."));
        }
        return report;
    }

    /**
     * The report's violated constraints: Bean Validation for its own fields, host and metrics;
     * {@link ProcessChecks} for its processes, where Bean Validation's cascade cost 30% of ingest.
     */
    private List<FieldError> validate(HostReport report) {
        HostReport withoutProcesses = new HostReport(
                report.schemaVersion(),
                report.reportId(),
                report.agentVersion(),
                report.collectedAtMillis(),
                report.host(),
                report.metrics(),
                report.processes() == null ? null : List.of(),
                report.intervalMillis());
        List<FieldError> errors = new ArrayList<>(ProcessChecks.check(report.processes()));
        for (ConstraintViolation<HostReport> violation : validator.validate(withoutProcesses)) {
            errors.add(Validation.fieldError(violation));
        }
        return errors;
    }

    /**
     * The first process that appears twice in a report, as {@code pid N started at T}, or null.
     * Two entries for one process would make the report ambiguous.
     */
    static String findDuplicateProcess(List<ProcessInfo> processes) {
        Set<ProcessKey> seen = new HashSet<>(processes.size() * 2);
        for (ProcessInfo p : processes) {
            if (!seen.add(new ProcessKey(null, p.pid(), p.startTimeMillis()))) {
                return "pid " + p.pid() + " started at " + p.startTimeMillis();
            }
        }
        return null;
    }

    private ReportTooLarge tooLarge() {
        metrics.rejected("too_large");
        return new ReportTooLarge(maxReportBytes);
    }

    private ReportRejected refused(ReportRejected rejection) {
        metrics.rejected(rejection.reason().tag());
        return rejection;
    }
}
