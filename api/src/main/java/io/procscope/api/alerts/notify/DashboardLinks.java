package io.procscope.api.alerts.notify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Links from a notification to the dashboard page of what it is about. */
final class DashboardLinks {

    private final String base;

    /** @param base the dashboard's address ({@code procscope.dashboard.url}), or empty for no links */
    DashboardLinks(Optional<URI> base) {
        this.base = base.map(URI::toString)
                .map(b -> b.endsWith("/") ? b.substring(0, b.length() - 1) : b)
                .orElse(null);
    }

    /**
     * The process's page for an alert about one process (that very process: pid and start), else
     * the host's page; empty without a dashboard address.
     */
    Optional<String> of(Notification n) {
        if (base == null) {
            return Optional.empty();
        }
        String host = base + "/hosts/" + pathSegment(n.hostname());
        if (n.pid() == null) {
            return Optional.of(host);
        }
        return Optional.of(
                host + "/processes/" + n.pid() + (n.startTimeMillis() == null ? "" : "?start=" + n.startTimeMillis()));
    }

    /** {@code text} as one path segment: every byte but the unreserved characters percent-encoded. */
    static String pathSegment(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%')
                        .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}
