package io.procscope.api.identity;

import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.domain.AgentCredential;
import io.procscope.api.domain.Host;
import io.procscope.api.problem.Problem;
import io.procscope.api.problem.ProblemException;
import io.procscope.api.security.AdminAction;
import io.procscope.api.security.AdminCaller;
import io.procscope.api.security.HostCredentials;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Operators' control of hosts' credentials: revoke one (its reports are refused, and the hostname
 * cannot enroll again) or reset it (the host may enroll again; its history stays). Each action is
 * written to the audit log with who made it and from where.
 */
@Path("/api/v1/admin/hosts")
@Tag(name = "Admin", description = "Operators manage hosts")
@AdminAction
public class CredentialAdminResource {

    private final HostCredentials credentials;
    private final ProcscopeConfig config;
    private final Clock clock;

    CredentialAdminResource(HostCredentials credentials, ProcscopeConfig config, Clock clock) {
        this.credentials = credentials;
        this.config = config;
        this.clock = clock;
    }

    @POST
    @Path("{hostname}/revoke")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Revoke a host's credential",
            description = "The host's reports are refused with 401 (type urn:procscope:problem:credential-revoked)"
                    + " at once on this replica and within 5 s on every other, and the hostname cannot enroll"
                    + " again until it is reset. Its stored history is kept. Needs Content-Type:"
                    + " application/json.")
    @APIResponse(responseCode = "200", description = "Revoked (or revoked before): the host's entry")
    @APIResponse(responseCode = "404", description = "No such host, or it has no credential")
    @APIResponse(responseCode = "415", description = "Not sent as application/json")
    public HostEntry revoke(
            @Parameter(description = "The host's name") @PathParam("hostname") String hostname,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest request) {
        requireJson(contentType);
        String who = AdminCaller.of(authorization);
        AgentCredential revoked = credentials
                .revoke(hostname, who)
                .orElseThrow(() -> ProblemException.notFound("Host '" + hostname + "' has no credential to revoke."));
        AdminCaller.audit(who, remote(request), "revoked host " + hostname);
        return HostEntry.of(Host.findByHostname(hostname).orElse(null), revoked, config.hosts(), clock.millis());
    }

    @POST
    @Path("{hostname}/reset")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Reset a host's credential",
            description = "Deletes the host's credential, revoked or not, so that its next enrollment is"
                    + " allowed; reports made with the old credential are refused (type"
                    + " urn:procscope:problem:credential-unknown). The host and its history stay. Needs"
                    + " Content-Type: application/json.")
    @APIResponse(
            responseCode = "200",
            description = "Reset: the host's entry, without a credential (and without a status for a host"
                    + " that enrolled but never reported)")
    @APIResponse(responseCode = "404", description = "No such host or credential")
    @APIResponse(responseCode = "415", description = "Not sent as application/json")
    public HostEntry reset(
            @Parameter(description = "The host's name") @PathParam("hostname") String hostname,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest request) {
        requireJson(contentType);
        String who = AdminCaller.of(authorization);
        Optional<AgentCredential> deleted = credentials.reset(hostname);
        Optional<Host> host = Host.findByHostname(hostname);
        if (deleted.isEmpty() && host.isEmpty()) {
            throw ProblemException.notFound("No host named '" + hostname + "' has reported or enrolled.");
        }
        AdminCaller.audit(who, remote(request), "reset host " + hostname);
        // A host that enrolled and never reported is now known nowhere: no status to give.
        return host.map(h -> HostEntry.of(h, null, config.hosts(), clock.millis()))
                .orElseGet(() -> new HostEntry(hostname, null, null, null));
    }

    /**
     * Admin POSTs are JSON: a form of another site cannot send that without a CORS preflight, so a
     * browser of an operator cannot be made to revoke or reset a host by a page it visits.
     */
    static void requireJson(String contentType) {
        if (!EnrollReader.isJson(contentType)) {
            throw new ProblemException(Problem.of(
                    Response.Status.UNSUPPORTED_MEDIA_TYPE,
                    "Admin actions are sent as JSON: send Content-Type: application/json (an empty body will do)."));
        }
    }

    private static String remote(HttpServerRequest request) {
        return request.remoteAddress() == null
                ? "unknown"
                : request.remoteAddress().hostAddress();
    }
}
