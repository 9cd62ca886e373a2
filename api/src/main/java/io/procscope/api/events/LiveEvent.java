package io.procscope.api.events;

import java.util.Locale;

/**
 * One item of the live event stream.
 *
 * @param kind what happened
 * @param hostname the host it is about; null for what every subscriber gets (the stream's own
 *     comments, the fleet's alert counts)
 * @param data the host's newest state as the JSON of {@code GET /api/v1/hosts/{hostname}}, or
 *     {@code {"hostname": ...}} alone for a host that is no more, or {@code {"firing": 2, "active":
 *     3}} for the alert counts; null for comments
 */
public record LiveEvent(Kind kind, String hostname, String data) {

    /** What happened. */
    public enum Kind {
        /** The stream is open: sent first, so a client knows it will see every later event. */
        CONNECTED,
        /** Nothing happened for a while: a comment that keeps proxies from closing the stream. */
        HEARTBEAT,
        /** A host's newest report was stored: event {@code host}. */
        HOST,
        /** A host stopped reporting: event {@code stale}, once until it reports again. */
        STALE,
        /** A host is no more under this name: an operator deleted or renamed it; event {@code removed}. */
        REMOVED,
        /**
         * An alert fired or resolved, or a silence was set or ended, somewhere in the fleet: event
         * {@code alerts}, with the counts of alerts firing and active (firing and pending) now.
         */
        ALERTS;

        /** The SSE event name, for the named kinds. */
        public String eventName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final LiveEvent CONNECTED = new LiveEvent(Kind.CONNECTED, null, null);
    static final LiveEvent HEARTBEAT = new LiveEvent(Kind.HEARTBEAT, null, null);

    static LiveEvent host(String hostname, String json) {
        return new LiveEvent(Kind.HOST, hostname, json);
    }

    static LiveEvent stale(String hostname, String json) {
        return new LiveEvent(Kind.STALE, hostname, json);
    }

    static LiveEvent removed(String hostname, String json) {
        return new LiveEvent(Kind.REMOVED, hostname, json);
    }

    static LiveEvent alerts(String json) {
        return new LiveEvent(Kind.ALERTS, null, json);
    }

    /** True for what every subscriber gets, whatever host it follows: comments and alert counts. */
    boolean isForEveryone() {
        return hostname == null;
    }
}
