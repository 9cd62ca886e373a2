package io.procscope.api.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.problem.Json;
import io.procscope.api.problem.Problem.FieldError;
import io.procscope.api.problem.Validation;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Decides whether a report body is one the API stores: not too large, a HostReport by the wire
 * contract's strict types, and valid. Every refusal is counted here, by its reason.
 */
@ApplicationScoped
class ReportReader {

    /**
     * Shortest and longest reporting interval a report may declare, ms: the agent's own bounds
     * below, and above, an hour, past which a silent host would pass as reporting for hours.
     */
    static final long MIN_INTERVAL_MILLIS = 100;

    static final long MAX_INTERVAL_MILLIS = 3_600_000;

    private final Validator validator;
    private final IngestMetrics metrics;
    private final ObjectReader json;
    private final long maxReportBytes;
    private final Clock clock;
    private final Duration maxClockSkew;
    private final Duration rawRetention;
    private final int maxProcesses;

    ReportReader(ObjectMapper mapper, Validator validator, IngestMetrics metrics, ProcscopeConfig config, Clock clock) {
        this.validator = validator;
        this.metrics = metrics;
        this.clock = clock;
        this.maxReportBytes = config.ingest().maxReportSize().asLongValue();
        this.maxClockSkew = config.ingest().maxClockSkew();
        this.rawRetention = config.retention().raw();
        this.maxProcesses = config.ingest().maxProcesses();
        // The wire contract is strict about types ("12" is not a pid, 1.5 is not a thread count, a
        // key given twice would let a report say two things of one field) and lenient about unknown
        // fields, so that an older API accepts a newer agent.
        // Keys given twice are refused by DuplicateKeyParser, at a fraction of the parser's own cost.
        this.json = Json.strictReader(mapper, HostReport.class).without(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /**
     * The report in a request body, when the API stores it.
     *
     * @param contentLength the body's declared length, bytes; null when the request declares none
     * @param contentEncoding the body's {@code Content-Encoding}: none, {@code identity} or {@code
     *     gzip}
     * @param body the body as sent; null when the request has none
     * @throws ReportTooLarge when the body declares, or decompresses to, more than {@code
     *     procscope.ingest.max-report-size} bytes, or lists more than {@code
     *     procscope.ingest.max-processes} processes
     * @throws ReportRejected when the body is not a valid HostReport, or one that cannot be stored
     * @throws IOException when the body cannot be read
     */
    HostReport read(Long contentLength, String contentEncoding, InputStream body) throws IOException {
        boolean gzip = gzipped(contentEncoding);
        if (!gzip && contentLength != null && contentLength > maxReportBytes) {
            throw tooLarge();
        }
        HostReport report = parse(body, gzip);
        // procscope.ingest.max-processes: a count the operator chose, answered as too large, not invalid
        if (report.processes() != null && report.processes().size() > maxProcesses) {
            metrics.rejected("too_many_processes");
            throw ReportTooLarge.processes(report.processes().size(), maxProcesses);
        }
        List<FieldError> errors = validate(report);
        if (!errors.isEmpty()) {
            throw refused(ReportRejected.invalid(errors));
        }
        String duplicate = findDuplicatePid(report.processes());
        if (duplicate != null) {
            throw refused(ReportRejected.invalid(
                    duplicate + "; a pid names one process at a time, so a report lists it once."));
        }
        checkClock(report);
        return report;
    }

    /**
     * Refuses a report the API's clock says cannot be: stamped in the future past the allowed skew
     * (the agent's clock is wrong), or older than the raw retention (it would be purged at once, in
     * a partition that no longer exists).
     */
    private void checkClock(HostReport report) {
        long now = clock.millis();
        long collectedAt = report.collectedAtMillis();
        if (collectedAt - now > maxClockSkew.toMillis()) {
            throw refused(ReportRejected.clockSkew(collectedAt - now, maxClockSkew));
        }
        if (now - collectedAt > rawRetention.toMillis()) {
            throw refused(ReportRejected.expired(now - collectedAt, rawRetention));
        }
    }

    /** Whether the body is gzip-compressed; 415 for an encoding agents do not send. */
    private boolean gzipped(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return false;
        }
        String encoding = contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
            return true;
        }
        if (encoding.equals("identity")) {
            return false;
        }
        throw refused(ReportRejected.unsupportedEncoding(contentEncoding));
    }

    private HostReport parse(InputStream body, boolean gzip) throws IOException {
        HostReport report = null;
        if (body != null) {
            try (InputStream decoded = gzip ? new GZIPInputStream(body, 8192) : body;
                    JsonParser parser = new DuplicateKeyParser(
                            json.createParser(new BoundedInputStream(decoded, maxReportBytes)))) {
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
            } catch (ZipException | EOFException e) {
                // GZIPInputStream reads the header on creation: an empty or plain body fails there.
                throw refused(ReportRejected.malformed(
                        gzip
                                ? "The body is not valid gzip, as its Content-Encoding says (" + e.getMessage() + ")."
                                : "The body ended before the report did."));
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
        Long interval = report.intervalMillis();
        if (interval != null && (interval < MIN_INTERVAL_MILLIS || interval > MAX_INTERVAL_MILLIS)) {
            errors.add(new FieldError(
                    "intervalMillis",
                    "must be between " + MIN_INTERVAL_MILLIS + " and " + MAX_INTERVAL_MILLIS + " (1 h)"));
        }
        NulCharacters.find(report, errors);
        return errors;
    }

    /**
     * The first pid that appears twice in a report, named with both its start times, or null. One
     * pid is one process at an instant; two entries would make the report's process tree a guess.
     */
    static String findDuplicatePid(List<ProcessInfo> processes) {
        Map<Integer, Long> seen = new HashMap<>(processes.size() * 2);
        for (ProcessInfo p : processes) {
            Long before = seen.putIfAbsent(p.pid(), p.startTimeMillis());
            if (before != null) {
                return before.equals(p.startTimeMillis())
                        ? "The process pid " + p.pid() + " started at " + before + " appears more than once"
                        : "The pid " + p.pid() + " appears twice, started at " + before + " and at "
                                + p.startTimeMillis();
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
