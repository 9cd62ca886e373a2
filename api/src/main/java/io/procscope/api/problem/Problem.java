package io.procscope.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.qute.TemplateData;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An error as RFC 9457 problem details: every error the API answers has this shape and the media
 * type {@value #MEDIA_TYPE}.
 *
 * @param type a URI naming the kind of problem; {@code about:blank} where the status says it all
 * @param title short summary of the kind of problem, the same for every occurrence
 * @param status the HTTP status code
 * @param detail what went wrong this time, for a person to read
 * @param errors one entry per invalid field, where the request had any
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@TemplateData
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    /** The media type of problem details. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** The same media type, as a JAX-RS value. */
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);

    /**
     * One invalid field.
     *
     * @param field where, as a path into the request body, for example {@code processes[3].pid}
     * @param message what is wrong with it
     */
    @TemplateData
    @RegisterForReflection
    public record FieldError(String field, String message) {}

    /** A problem with the status's own reason phrase as its title. */
    public static Problem of(Response.Status status, String detail) {
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, List.of());
    }

    /** This problem as a response with the problem media type. */
    public Response toResponse() {
        return Response.status(status).type(MEDIA).entity(this).build();
    }
}
