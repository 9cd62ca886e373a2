package io.procscope.api.alerts.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.procscope.api.problem.Json;
import io.procscope.api.problem.Problem;
import io.procscope.api.problem.ProblemException;
import io.procscope.api.problem.Validation;
import io.procscope.api.security.AdminAction;
import io.procscope.api.security.ReadCredentials;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Silences of alert rules, as JSON: set one, list the active ones, end one. */
@Path("/api/v1/alerts/silences")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Alerts", description = "Alert rules, alerts and their silences")
public class SilenceResource {

    /** A silence request is a few fields: a body larger than this is not one. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final Silences silences;
    private final ObjectReader json;

    SilenceResource(Silences silences, ObjectMapper mapper) {
        this.silences = silences;
        // "rule": 5 is not a rule's name, nor true a host's.
        this.json =
                Json.strictReader(mapper, SilenceRequest.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @POST
    @AdminAction
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Silence a rule",
            description = "A rule's transitions, on one host or on all, are recorded but not notified until the"
                    + " silence ends: {\"rule\": \"nginx-down\", \"host\": \"web-1\", \"duration\": \"2h\","
                    + " \"comment\": \"maintenance\"}, or \"until\" (RFC 3339) instead of \"duration\". 201 with the"
                    + " silence; 400 naming each invalid field; 409 past 1000 active silences.")
    public Response create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream body)
            throws IOException {
        byte[] bytes =
                Json.readBounded(body, MAX_BODY_BYTES, "A silence request is at most " + MAX_BODY_BYTES + " bytes.");
        if (bytes.length == 0) {
            throw ProblemException.badRequest("The body must be a JSON object: {\"rule\": ..., \"duration\": ...}.");
        }
        SilenceRequest request;
        try {
            request = json.readValue(bytes);
        } catch (UnrecognizedPropertyException e) {
            throw new ProblemException(Validation.problem(List.of(new Problem.FieldError(
                    cut(e.getPropertyName()), "is not a field of a silence: rule, host, duration, until, comment"))));
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest(Json.describe(e));
        }
        Silence silence = silences.create(request, createdBy(authorization));
        return Response.created(URI.create("/api/v1/alerts/silences/" + silence.id()))
                .entity(silence)
                .build();
    }

    @GET
    @Operation(
            summary = "List active silences",
            description = "The silences that have not ended, the soonest to end first.")
    public List<Silence> list(@Parameter(description = "1 to 1000, default 100") @QueryParam("limit") Integer limit) {
        int most = limit == null ? DEFAULT_LIMIT : limit;
        if (most < 1 || most > MAX_LIMIT) {
            throw ProblemException.badRequest("Parameter 'limit' must be 1 to " + MAX_LIMIT + ".");
        }
        return silences.listActive(most);
    }

    @DELETE
    @Path("/{id}")
    @AdminAction
    @Operation(summary = "End a silence", description = "204 once ended; 404 for a silence that is not there.")
    public Response delete(@PathParam("id") long id) {
        if (!silences.delete(id)) {
            throw ProblemException.notFound("No silence " + id + ": it ended, or never was.");
        }
        return Response.noContent().build();
    }

    private static String cut(String name) {
        return name == null ? "(unnamed)" : name.length() <= 64 ? name : name.substring(0, 64) + "…";
    }

    /**
     * Who sets a silence, as the audit log names people: {@code sha256:} and the first 12 hex digits
     * of their key's digest, never the key, whether it came as a bearer key or as the password of
     * HTTP Basic (the dashboard's way); {@code anonymous} without one.
     */
    static String createdBy(String authorization) {
        String key = ReadCredentials.presentedKey(authorization).orElse("");
        if (key.isEmpty()) {
            return "anonymous";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
