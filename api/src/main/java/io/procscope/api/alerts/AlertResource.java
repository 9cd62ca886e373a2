package io.procscope.api.alerts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.procscope.api.problem.Json;
import io.procscope.api.problem.Problem;
import io.procscope.api.problem.ProblemException;
import io.procscope.api.problem.Validation;
import io.procscope.api.security.AdminAction;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Alerts active now, their history, and the rules, as JSON. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Alerts", description = "Alerts firing and pending, their history, and the rules")
public class AlertResource {

    /** Largest rule body accepted, bytes. */
    static final int MAX_RULE_BODY = 64 * 1024;

    static final int MAX_LIMIT = 1000;

    static final String RULE_EXAMPLE = """
            {"name": "nginx-down", "hosts": {"hostnames": ["web-*"]},
             "condition": {"processAbsent": {"name": ["nginx"]}},
             "for": "2m", "severity": "critical", "labels": {"team": "web"}, "enabled": true}""";

    private final AlertQueries queries;
    private final RuleBook book;
    private final AlertRules rules;
    private final ObjectReader strict;

    AlertResource(AlertQueries queries, RuleBook book, AlertRules rules, ObjectMapper mapper) {
        this.queries = queries;
        this.book = book;
        this.rules = rules;
        ObjectMapper bounded = mapper.copy();
        bounded.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(32)
                        .maxStringLength(MAX_RULE_BODY)
                        .build());
        this.strict = bounded.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    @GET
    @Transactional(Transactional.TxType.SUPPORTS)
    @Operation(
            summary = "Active alerts",
            description = "Alerts firing and pending now, firing first, newest first, one page; total and firing"
                    + " count all of them (of the rule or host asked for).")
    public AlertViews.ActivePage active(
            @Parameter(description = "only this rule's") @QueryParam("rule") String rule,
            @Parameter(description = "only this host's") @QueryParam("host") String host,
            @Parameter(description = "where the page starts, default 0") @QueryParam("offset") Integer offset,
            @Parameter(description = "1 to 1000, default 100") @QueryParam("limit") Integer limit) {
        int o = offset == null ? 0 : offset;
        int l = limit(limit);
        if (o < 0 || o > 1_000_000) {
            throw ProblemException.badRequest("offset must be between 0 and 1000000, not " + o + ".");
        }
        return queries.active(rule, host, o, l);
    }

    @GET
    @Path("/history")
    @Transactional(Transactional.TxType.SUPPORTS)
    @Operation(
            summary = "Alert history",
            description = "Transitions recorded (pending, firing, resolved), newest first, one page; pass nextBefore"
                    + " as before for the next.")
    public AlertViews.HistoryPage history(
            @Parameter(description = "only events older than this event id") @QueryParam("before") Long before,
            @Parameter(description = "only this host's") @QueryParam("host") String host,
            @Parameter(description = "only this rule's") @QueryParam("rule") String rule,
            @Parameter(description = "1 to 1000, default 100") @QueryParam("limit") Integer limit) {
        int l = limit(limit);
        return queries.history(before, host, rule, l);
    }

    @GET
    @Path("/rules")
    @Transactional(Transactional.TxType.SUPPORTS)
    @Operation(summary = "Alert rules", description = "Every rule, from the rules file and the API, by name.")
    @APIResponse(
            responseCode = "200",
            description = "The rules, each with source (file or api), createdMillis and updatedMillis",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    public List<JsonNode> listRules() {
        book.invalidate(); // a read shows what is stored now, not this replica's copy
        return book.all().values().stream().map(AlertResource::view).toList();
    }

    @GET
    @Path("/rules/{name}")
    @Transactional(Transactional.TxType.SUPPORTS)
    @Operation(summary = "One alert rule", description = "404 for a rule that does not exist.")
    public JsonNode getRule(@PathParam("name") String name) {
        book.invalidate();
        return book.find(name)
                .map(AlertResource::view)
                .orElseThrow(
                        () -> ProblemException.notFound("No alert rule is named " + RuleParser.excerpt(name) + "."));
    }

    @POST
    @Path("/rules")
    @AdminAction
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Create an alert rule",
            description = "The rule as JSON, with exactly one condition: processAbsent, processCount, restarts,"
                    + " processCpu, processRss or host. 400 names each invalid field; 409 when the name is taken.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples = @ExampleObject(name = "process absent", value = RULE_EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Created; Location names it")
    @APIResponse(responseCode = "400", description = "Not a valid rule: errors lists each field")
    @APIResponse(responseCode = "409", description = "A rule of that name exists")
    @APIResponse(responseCode = "413", description = "Body larger than 64 KiB")
    public Response createRule(InputStream body) {
        AlertRule rule = read(body, null);
        AlertStore.StoredRule stored = rules.create(rule);
        return Response.created(URI.create("/api/v1/alerts/rules/" + rule.name()))
                .entity(view(rule, stored))
                .build();
    }

    @PUT
    @Path("/rules/{name}")
    @AdminAction
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Replace an alert rule",
            description = "The whole rule, as for create; enabled: false disables it, resolving its alerts."
                    + " 409 for a rule of the rules file.")
    @APIResponse(responseCode = "200", description = "Replaced")
    @APIResponse(responseCode = "400", description = "Not a valid rule, or its name differs from the path's")
    @APIResponse(responseCode = "404", description = "No such rule")
    @APIResponse(responseCode = "409", description = "The rule comes from the rules file")
    public JsonNode replaceRule(@PathParam("name") String name, InputStream body) {
        AlertRule rule = read(body, name);
        return view(rule, rules.update(rule));
    }

    @DELETE
    @Path("/rules/{name}")
    @AdminAction
    @Operation(
            summary = "Delete an alert rule",
            description = "Its firing alerts resolve, its pending ones go; its history stays. 409 for a rule of"
                    + " the rules file.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such rule")
    @APIResponse(responseCode = "409", description = "The rule comes from the rules file")
    public Response deleteRule(@PathParam("name") String name) {
        rules.delete(name);
        return Response.noContent().build();
    }

    /** The rule in a body; {@code pathName} is the name it must have, or null for any. */
    private AlertRule read(InputStream body, String pathName) {
        JsonNode node;
        try {
            byte[] bytes = Json.readBounded(body, MAX_RULE_BODY, "A rule is at most " + MAX_RULE_BODY + " bytes.");
            if (bytes.length == 0) {
                throw ProblemException.badRequest("The body must be a rule, as JSON.");
            }
            node = strict.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest(Json.describe(e));
        } catch (IOException e) {
            throw ProblemException.badRequest("The body could not be read to its end.");
        }
        if (pathName != null && node != null && node.isObject() && node.get("name") == null) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("name", pathName);
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        Optional<AlertRule> rule = RuleParser.parse(node, "", true, errors);
        if (rule.isPresent() && pathName != null && !rule.get().name().equals(pathName)) {
            errors.add(new Problem.FieldError("name", "must be the name in the path, " + RuleParser.excerpt(pathName)));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Validation.problem(errors));
        }
        return rule.get();
    }

    private static JsonNode view(RuleBook.Entry e) {
        AlertStore.StoredRule s = e.stored();
        JsonNode rule = e.rule() != null
                ? RuleJson.toJson(e.rule())
                : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                        .objectNode()
                        .put("name", s.name())
                        .put("enabled", s.enabled())
                        .put("unreadable", true);
        return AlertViews.ruleView(rule, s.source(), s.createdMillis(), s.updatedMillis());
    }

    private static JsonNode view(AlertRule rule, AlertStore.StoredRule stored) {
        return AlertViews.ruleView(
                RuleJson.toJson(rule), stored.source(), stored.createdMillis(), stored.updatedMillis());
    }

    private static int limit(Integer limit) {
        int l = limit == null ? 100 : limit;
        if (l < 1 || l > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT + ", not " + l + ".");
        }
        return l;
    }
}
