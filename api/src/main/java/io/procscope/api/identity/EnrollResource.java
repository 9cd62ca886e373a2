package io.procscope.api.identity;

import io.procscope.api.security.AuthenticatedAgent;
import io.procscope.api.security.EnrollAuthenticated;
import io.procscope.dto.EnrollRequest;
import io.procscope.dto.EnrollResponse;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Where agents enroll their host: with the fleet's enrollment secret, for a credential bound to
 * their hostname, which their reports are then made with.
 */
@Path("/api/v1/enroll")
@Tag(name = "Ingest", description = "Reports from agents")
@SecurityScheme(
        securitySchemeName = EnrollResource.ENROLLMENT_SECRET,
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "An enrollment secret of the fleet (procscope.enroll-secrets), shared by its agents")
@SecurityScheme(
        securitySchemeName = EnrollResource.HOST_CREDENTIAL,
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "A host's own credential (psh_...), which POST /api/v1/enroll issued")
public class EnrollResource {

    /** The OpenAPI security scheme of enrollment. */
    public static final String ENROLLMENT_SECRET = "enrollmentSecret";

    /** The OpenAPI security scheme of reports. */
    public static final String HOST_CREDENTIAL = "hostCredential";

    private final EnrollReader reader;
    private final EnrollService enrollment;
    private final AuthenticatedAgent agent;

    EnrollResource(EnrollReader reader, EnrollService enrollment, AuthenticatedAgent agent) {
        this.reader = reader;
        this.enrollment = enrollment;
        this.agent = agent;
    }

    @POST
    @EnrollAuthenticated
    // No @Consumes: EnrollReader checks the media type itself, and refuses a missing one as well.
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Enroll a host",
            description = "Issues a credential bound to the hostname, shown this once: the agent keeps it and"
                    + " sends it as Authorization: Bearer with every report. A hostname that is bound already is"
                    + " refused until an operator resets it, or it has been gone for procscope.hosts.gone-after."
                    + " A host stored before host identity is bound by its first enrollment, and keeps its"
                    + " history. An agent sends an enrollmentId (22 to 64 base64url characters; it makes 128"
                    + " random bits) with its first attempt and every retry of it: a retry with the same"
                    + " enrollmentId while no report has used the credential is answered 201 as the first"
                    + " attempt was, with a fresh credential that replaces the first, whose answer was lost"
                    + " (a timeout, a connection broken after the commit). Of retries at once, the last to"
                    + " commit holds. Without an enrollmentId (agents before it), or once the host has"
                    + " reported, a second enrollment is refused with 409.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = EnrollRequest.class)))
    @APIResponse(
            responseCode = "201",
            description = "Enrolled: the host's credential. Also the answer to a retry of the same enrollment"
                    + " (the same enrollmentId) before any report, with a new credential that replaces the"
                    + " first",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = EnrollResponse.class)))
    @APIResponse(
            responseCode = "400",
            description = "Malformed or invalid request, such as an enrollmentId that is not 22 to 64 base64url"
                    + " characters; nothing is stored")
    @APIResponse(responseCode = "401", description = "Missing or invalid enrollment secret")
    @APIResponse(
            responseCode = "409",
            description = "The hostname is bound to a credential in use (type urn:procscope:problem:host-enrolled):"
                    + " used by a report, or issued to another enrollment (another or no enrollmentId); or its"
                    + " credential was revoked (type urn:procscope:problem:host-revoked)")
    @APIResponse(responseCode = "413", description = "Body too large")
    @APIResponse(responseCode = "415", description = "Not JSON, or a Content-Encoding other than gzip")
    @APIResponse(
            responseCode = "429",
            description = "The secret has enrolled its share of new hosts this minute"
                    + " (procscope.ingest.new-hosts-per-minute); Retry-After says when to try again")
    @SecurityRequirement(name = ENROLLMENT_SECRET)
    public Response enroll(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding,
            InputStream body) {
        EnrollRequest request = reader.read(contentType, encoding, body);
        EnrollResponse response = enrollment.enroll(request, agent.keyDigest().orElseThrow());
        return Response.status(Response.Status.CREATED).entity(response).build();
    }
}
