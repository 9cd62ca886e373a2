package io.procscope.api.identity;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.procscope.api.problem.Json;
import io.procscope.api.problem.Problem;
import io.procscope.api.problem.Problem.FieldError;
import io.procscope.api.problem.ProblemException;
import io.procscope.api.problem.Validation;
import io.procscope.dto.EnrollRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Decides whether a body is an {@link EnrollRequest}, as strictly as reports are read: small, one
 * JSON object, no key twice, strings where strings are due, no NUL, valid. Each refusal is a 4xx
 * problem, counted in {@code procscope.enroll.rejected} by its reason.
 */
@ApplicationScoped
class EnrollReader {

    /** The largest enrollment body read, bytes after decompression: a request is a few hundred. */
    static final int MAX_BYTES = 16 * 1024;

    private static final String NUL = "must not contain a NUL character (\\u0000)";

    private final ObjectReader json;
    private final Validator validator;
    private final EnrollMetrics metrics;

    EnrollReader(ObjectMapper mapper, Validator validator, EnrollMetrics metrics) {
        this.validator = validator;
        this.metrics = metrics;
        // "hostname": 12 is not a hostname: no number or boolean is taken as text.
        this.json = Json.strictReader(mapper, EnrollRequest.class);
    }

    /**
     * The enrollment request in a body.
     *
     * @param contentType the body's {@code Content-Type}, which must be JSON: also when the request
     *     names none (JAX-RS would let that pass)
     * @param contentEncoding the body's {@code Content-Encoding}: none, {@code identity} or {@code gzip}
     * @param body the body as sent; null when the request has none
     * @throws ProblemException 400 for a body that is not a valid EnrollRequest, 413 for one larger
     *     than {@value #MAX_BYTES} bytes, 415 for a body that is not JSON or in another encoding
     */
    EnrollRequest read(String contentType, String contentEncoding, InputStream body) {
        if (!isJson(contentType)) {
            throw refused(
                    "unsupported_media_type",
                    new ProblemException(Problem.of(
                            Response.Status.UNSUPPORTED_MEDIA_TYPE,
                            "An enrollment request is JSON: send Content-Type: application/json.")));
        }
        byte[] bytes = bytes(contentEncoding, body);
        EnrollRequest request = null;
        try (JsonParser parser = json.createParser(bytes)) {
            // No first token: an empty body, or only whitespace. (The JSON literal null is one.)
            if (parser.nextToken() != null) {
                request = json.readValue(parser);
            }
        } catch (JsonProcessingException e) {
            throw refused("malformed", ProblemException.badRequest(Json.describe(e)));
        } catch (IOException e) {
            throw refused("malformed", ProblemException.badRequest("The body could not be read: " + e.getMessage()));
        }
        if (request == null) {
            throw refused(
                    "malformed",
                    ProblemException.badRequest("The body is empty, or null: expected an EnrollRequest JSON object."));
        }
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<EnrollRequest> violation : validator.validate(request)) {
            errors.add(Validation.fieldError(violation));
        }
        if (request.hostname() != null && request.hostname().indexOf('\0') >= 0) {
            errors.add(new FieldError("hostname", NUL));
        }
        if (request.agentVersion() != null && request.agentVersion().indexOf('\0') >= 0) {
            errors.add(new FieldError("agentVersion", NUL));
        }
        if (!errors.isEmpty()) {
            throw refused("invalid", new ProblemException(Validation.problem(errors)));
        }
        return request;
    }

    /** The body, decompressed, read to its end but no further than {@value #MAX_BYTES} bytes. */
    private byte[] bytes(String contentEncoding, InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        boolean gzip = gzipped(contentEncoding);
        byte[] bytes;
        try (InputStream decoded = gzip ? new GZIPInputStream(body, 512) : body) {
            bytes = decoded.readNBytes(MAX_BYTES + 1);
        } catch (ZipException | EOFException e) {
            throw refused(
                    "malformed",
                    ProblemException.badRequest(
                            gzip
                                    ? "The body is not valid gzip, as its Content-Encoding says."
                                    : "The body ended before the request did."));
        } catch (IOException e) {
            throw refused("unreadable", ProblemException.badRequest("The body could not be read to its end."));
        }
        if (bytes.length > MAX_BYTES) {
            throw refused(
                    "too_large",
                    new ProblemException(Problem.of(
                            Response.Status.REQUEST_ENTITY_TOO_LARGE,
                            "An enrollment request is at most " + MAX_BYTES + " bytes.")));
        }
        return bytes;
    }

    /** True for {@code application/json}, with or without parameters such as a charset. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return MediaType.APPLICATION_JSON_TYPE.isCompatible(MediaType.valueOf(contentType))
                    && !MediaType.valueOf(contentType).isWildcardType()
                    && !MediaType.valueOf(contentType).isWildcardSubtype();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

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
        throw refused(
                "unsupported_encoding",
                new ProblemException(Problem.of(
                        Response.Status.UNSUPPORTED_MEDIA_TYPE,
                        "Content-Encoding '" + contentEncoding + "' is not read here: send gzip, or no encoding.")));
    }

    private ProblemException refused(String reason, ProblemException problem) {
        metrics.rejected(reason);
        return problem;
    }
}
