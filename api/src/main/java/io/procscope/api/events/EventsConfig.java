package io.procscope.api.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The live event stream, {@code GET /api/v1/events}. */
@ConfigMapping(prefix = "procscope.events")
public interface EventsConfig {

    /**
     * {@code procscope.events.heartbeat} ({@code PROCSCOPE_EVENTS_HEARTBEAT}): time between two
     * comments on every open stream, so that proxies and load balancers do not close an idle one.
     * Defaults to {@code 15s}, well under the usual 60 s idle timeouts.
     */
    @WithDefault("15s")
    Duration heartbeat();

    /**
     * {@code procscope.events.stale-check} ({@code PROCSCOPE_EVENTS_STALE_CHECK}): time between two
     * looks for hosts that went stale, each announced once with a {@code stale} event. Defaults to
     * {@code 5s}; the look reads the database only while someone listens.
     */
    @WithDefault("5s")
    Duration staleCheck();

    /**
     * {@code procscope.events.max-subscribers} ({@code PROCSCOPE_EVENTS_MAX_SUBSCRIBERS}): event
     * streams open at once on this replica; one more is answered 503 with {@code Retry-After}, and
     * the dashboard polls instead. Each stream holds a connection and a buffer of up to 256 events.
     * Defaults to {@code 1000}.
     */
    @WithDefault("1000")
    @jakarta.validation.constraints.Min(0)
    int maxSubscribers();
}
