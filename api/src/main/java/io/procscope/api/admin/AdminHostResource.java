package io.procscope.api.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.procscope.api.problem.Json;
import io.procscope.api.problem.Problem;
import io.procscope.api.problem.ProblemException;
import io.procscope.api.problem.Validation;
import io.procscope.api.security.AdminAction;
import io.procscope.api.security.AdminCaller;
import io.procscope.api.security.LogText;
import io.procscope.dto.HostInfo;
import jakarta.validation.Validator;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Operators manage the fleet's hosts: list them with their credentials, revoke or reset a
 * credential, rename a host, delete one with all its data. Every call needs an admin key ({@link AdminAction}) and every change is
 * written to the audit log ({@code procscope.audit}) with who made it.
 */
@Path("/api/v1/admin/hosts")
@AdminAction
@Produces(MediaType.APPLICATION_JSON)
@Tag(
        name = "Admin",
        description = "Operators manage hosts. Needs an admin key (procscope.admin.keys) when one is set, else a "
                + "read key; off on an open API (403). POSTs take Content-Type: application/json.")
@SecurityScheme(
        securitySchemeName = "adminKey",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "An admin key (procscope.admin.keys), as Bearer or as the password of HTTP Basic")
@SecurityRequirement(name = "adminKey")
public class AdminHostResource {

    /** Largest rename body read, bytes: a name of 253 characters, escaped, fits many times over. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private final HostAdministration administration;
    private final AdminCaller caller;
    private final Validator validator;
    private final ObjectReader renameReader;

    AdminHostResource(HostAdministration administration, AdminCaller caller, Validator validator, ObjectMapper mapper) {
        this.administration = administration;
        this.caller = caller;
        this.validator = validator;
        // As strict as reports: a name is a string (42 is not one), and a key given twice is
        // refused (which one would count?).
        this.renameReader =
                Json.strictReader(mapper, HostRename.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @GET
    @Operation(
            summary = "List hosts with their credentials",
            description = "Every host that has reported and every credential whose host has not reported yet, by "
                    + "name, a page at a time: each with its status (reporting, stale, gone, enrolled-only), when its "
                    + "newest report arrived, and its credential (age, last use, revocation) or null.")
    @APIResponse(responseCode = "200", description = "A page of hosts")
    @APIResponse(responseCode = "400", description = "offset or limit out of range")
    @APIResponse(responseCode = "401", description = "No admin key, or not one")
    @APIResponse(responseCode = "403", description = "Admin actions are off: no admin or read key is set")
    public ManagedHostPage list(
            @Parameter(description = "hosts to skip, default 0") @QueryParam("offset") @DefaultValue("0") int offset,
            @Parameter(
                            description = "1 to " + HostAdministration.MAX_LIMIT + ", default "
                                    + HostAdministration.DEFAULT_LIMIT)
                    @QueryParam("limit")
                    @DefaultValue("" + HostAdministration.DEFAULT_LIMIT)
                    int limit) {
        return administration.list(offset, limit);
    }

    @POST
    @Path("/{hostname}/revoke")
    // No @Consumes: the admin access filter refuses other types with a problem that says why.
    @Operation(
            summary = "Revoke a host's credential",
            description = "The host's reports are refused with 401 (type urn:procscope:problem:credential-revoked)"
                    + " at once on this replica and within 5 s on every other, and the hostname cannot enroll"
                    + " again until it is reset. Its stored history is kept.")
    @APIResponse(responseCode = "200", description = "Revoked (or revoked before): the host's entry")
    @APIResponse(responseCode = "404", description = "No such host, or it has no credential")
    @APIResponse(responseCode = "415", description = "Not Content-Type: application/json")
    public ManagedHost revoke(@Parameter(description = "the host's name") @PathParam("hostname") String hostname) {
        String name = pathHostname(hostname);
        ManagedHost revoked = administration
                .revoke(name, caller.who())
                .orElseThrow(() -> ProblemException.notFound("Host '" + name + "' has no credential to revoke."));
        caller.audit("revoked host " + LogText.printable(name));
        return revoked;
    }

    @POST
    @Path("/{hostname}/reset")
    @Operation(
            summary = "Reset a host's credential",
            description = "Deletes the host's credential, revoked or not, so that its next enrollment is"
                    + " allowed; reports made with the old credential are refused (type"
                    + " urn:procscope:problem:credential-unknown). The host and its history stay.")
    @APIResponse(
            responseCode = "200",
            description = "Reset: the host's entry, without a credential (a host that enrolled but never reported"
                    + " is then known nowhere: its entry has a name only)")
    @APIResponse(responseCode = "404", description = "No such host or credential")
    @APIResponse(responseCode = "415", description = "Not Content-Type: application/json")
    public ManagedHost reset(@Parameter(description = "the host's name") @PathParam("hostname") String hostname) {
        String name = pathHostname(hostname);
        ManagedHost reset = administration
                .reset(name)
                .orElseThrow(() -> ProblemException.notFound("No host named '" + name + "' has reported or enrolled."));
        caller.audit("reset host " + LogText.printable(name));
        return reset;
    }

    @POST
    @Path("/{hostname}/rename")
    // No @Consumes: the admin access filter refuses other types with a problem that says why.
    @Operation(
            summary = "Rename a host",
            description = "The host row and its credential move to the new name in one transaction; its history "
                    + "(processes, snapshots, samples, rollups) stays with it. The new name follows the rules of a "
                    + "report's host.hostname. The host's agent must then report under the new name.")
    @RequestBody(description = "{\"hostname\": \"the new name\"}")
    @APIResponse(responseCode = "200", description = "The host under its new name")
    @APIResponse(responseCode = "400", description = "The body or a name is not valid")
    @APIResponse(responseCode = "404", description = "No host or credential has that name")
    @APIResponse(responseCode = "409", description = "The new name is taken")
    @APIResponse(responseCode = "415", description = "Not Content-Type: application/json")
    public ManagedHost rename(
            @Parameter(description = "the host's name now") @PathParam("hostname") String hostname, InputStream body)
            throws IOException {
        String from = pathHostname(hostname);
        String to = readRename(body).hostname();
        ManagedHost renamed = administration.rename(from, to);
        caller.audit("renamed host " + LogText.printable(from) + " to " + LogText.printable(to));
        return renamed;
    }

    @DELETE
    @Path("/{hostname}")
    @Operation(
            summary = "Delete a host with all its data",
            description = "One transaction deletes every row of the host from every table (its newest state, "
                    + "snapshots and samples across every partition, process identities, rollups), its credential "
                    + "and the host itself. A running agent of the host then gets credential-unknown and enrolls "
                    + "again: revoke its credential instead to keep it out.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No host or credential has that name")
    public Response delete(@Parameter(description = "the host's name") @PathParam("hostname") String hostname) {
        String name = pathHostname(hostname);
        long rows = administration.delete(name);
        caller.audit("deleted host " + LogText.printable(name) + " (" + rows + " rows)");
        return Response.noContent().build();
    }

    /**
     * A hostname from the path, held to the rules of a report's: a name no report could carry names
     * no host, and is refused as such before any database sees it (PostgreSQL's text cannot hold a NUL).
     */
    static String pathHostname(String hostname) {
        if (hostname == null || hostname.isBlank()) {
            throw ProblemException.badRequest("Give the host's name in the path.");
        }
        if (hostname.length() > HostInfo.MAX_HOSTNAME_LENGTH) {
            throw ProblemException.badRequest("A host name has at most " + HostInfo.MAX_HOSTNAME_LENGTH
                    + " characters; this one has " + hostname.length() + ".");
        }
        if (hostname.indexOf('\0') >= 0) {
            throw ProblemException.badRequest("A host name cannot hold a NUL character (\\u0000).");
        }
        return hostname;
    }

    private HostRename readRename(InputStream body) throws IOException {
        byte[] bytes = Json.readBounded(
                body,
                MAX_BODY_BYTES,
                "A rename body has at most " + MAX_BODY_BYTES + " bytes: {\"hostname\": \"the new name\"}.");
        if (bytes.length == 0) {
            throw ProblemException.badRequest("Send the new name as {\"hostname\": \"the new name\"}.");
        }
        HostRename rename;
        try {
            rename = renameReader.readValue(bytes);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest(Json.describe(e));
        }
        if (rename == null) {
            throw ProblemException.badRequest("Send the new name as {\"hostname\": \"the new name\"}.");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        validator.validate(rename).forEach(v -> errors.add(Validation.fieldError(v)));
        if (rename.hostname() != null && rename.hostname().indexOf('\0') >= 0) {
            errors.add(new Problem.FieldError("hostname", "must not contain a NUL character (\\u0000)"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Validation.problem(errors));
        }
        return rename;
    }
}
