package io.procscope.api.events;

import io.procscope.api.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseHeader;

/** Live updates of the fleet, as server-sent events. */
@Path("/api/v1/events")
@Tag(name = "Events", description = "Live updates of the fleet")
public class HostEventResource {

    /** How long a client waits before reconnecting a lost stream, ms (the SSE {@code retry} field). */
    static final long RECONNECT_MILLIS = 3_000;

    /**
     * What a client refused for want of a place is told to wait, seconds: streams last minutes to
     * hours, so places come free slowly. (Browsers' EventSource gives up on a 503; the dashboard then
     * polls.)
     */
    static final long FULL_RETRY_AFTER_SECONDS = 30;

    private final HostEventHub hub;

    HostEventResource(HostEventHub hub) {
        this.hub = hub;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    // nginx (and so most Kubernetes ingresses) buffers responses unless told not to.
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @Operation(
            summary = "Follow the fleet live",
            description = "A text/event-stream. Event 'host' carries a host's newest state (the JSON of "
                    + "GET /api/v1/hosts/{hostname}) each time a newer report of it is stored; event 'stale' "
                    + "carries it once when the host stops reporting, and it is back with its next 'host' "
                    + "event; event 'removed' ({\"hostname\": ...}) says an operator deleted or renamed the "
                    + "host, which is no more under that name; event 'alerts' ({\"firing\": 2, \"active\": 3}, on"
                    + " every stream, whatever its host) says an alert fired or resolved, or a silence was set or"
                    + " ended, with the fleet's counts of alerts firing and active now. The stream opens with a comment and sends another every "
                    + "procscope.events.heartbeat (15 s) so that proxies keep it open.")
    @APIResponse(responseCode = "200", description = "The stream")
    @APIResponse(responseCode = "401", description = "Read keys are set and none was sent")
    @APIResponse(
            responseCode = "503",
            description = "procscope.events.max-subscribers streams are open on this replica; Retry-After says"
                    + " when to try again")
    public Multi<OutboundSseEvent> stream(
            @Parameter(description = "Only this host's events") @QueryParam("host") String host, @Context Sse sse) {
        String hostname = host == null || host.isBlank() ? null : host.strip();
        Multi<LiveEvent> events = hub.subscribe(hostname)
                .orElseThrow(() -> ProblemException.retryLater(
                        Response.Status.SERVICE_UNAVAILABLE,
                        "This replica serves as many event streams as it may (procscope.events.max-subscribers);"
                                + " try again later, or poll GET /api/v1/hosts.",
                        FULL_RETRY_AFTER_SECONDS));
        return events.map(event -> toSse(sse, event));
    }

    static OutboundSseEvent toSse(Sse sse, LiveEvent event) {
        return switch (event.kind()) {
            case CONNECTED ->
                sse.newEventBuilder()
                        .comment("connected")
                        .reconnectDelay(RECONNECT_MILLIS)
                        .build();
            case HEARTBEAT -> sse.newEventBuilder().comment("heartbeat").build();
            case HOST, STALE, REMOVED, ALERTS ->
                sse.newEventBuilder()
                        .name(event.kind().eventName())
                        .data(event.data())
                        .build();
        };
    }
}
