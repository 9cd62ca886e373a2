package io.procscope.api.alerts.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Alertmanager, through its API v2: each notification is one alert posted to {@code
 * /api/v2/alerts}. Alertmanager tells alerts apart by their labels, so a notification posted twice
 * is one alert: that is its idempotency. A firing alert is posted again every {@code resend-every}
 * with {@code endsAt} four times that ahead, as Prometheus does, since Alertmanager resolves an
 * alert nobody posts again; a resolved one is posted with {@code endsAt} at the resolution.
 */
record AlertmanagerReceiver(URI url, Duration resendEvery, DashboardLinks links) implements Receiver {

    /** The receiver's name in the outbox and the metrics. */
    static final String NAME = "alertmanager";

    /** The labels procscope sets; a rule's own labels of these names are left out. */
    static final List<String> OWN_LABELS = List.of("alertname", "host", "severity", "process", "pid");

    /**
     * One alert of {@code POST /api/v2/alerts}.
     *
     * @param labels identify the alert
     * @param annotations describe it
     * @param startsAt when it fired, RFC 3339
     * @param endsAt when it resolved, or (firing) until when it holds unless posted again
     * @param generatorURL the dashboard page of what it is about, where known
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    record Alert(
            Map<String, String> labels,
            Map<String, String> annotations,
            String startsAt,
            String endsAt,
            String generatorURL) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public URI endpoint() {
        URI base = ReceiverUrls.withoutUserInfo(url);
        String s = base.toString();
        return URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/api/v2/alerts");
    }

    @Override
    public String authorization() {
        return ReceiverUrls.basicAuthorization(url).orElse(null);
    }

    @Override
    public String shownUrl() {
        return ReceiverUrls.redact(url);
    }

    @Override
    public List<Alert> body(Notification n, long nowMillis) {
        return List.of(alert(n, nowMillis, resendEvery, links.of(n)));
    }

    /** The alert for {@code n}, posted at {@code nowMillis}. */
    static Alert alert(Notification n, long nowMillis, Duration resendEvery, Optional<String> link) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", n.ruleName());
        labels.put("host", n.hostname());
        labels.put("severity", n.severity());
        if (n.processName() != null && !n.processName().isEmpty()) {
            labels.put("process", n.processName());
        }
        if (n.pid() != null) {
            labels.put("pid", Integer.toString(n.pid()));
        }
        n.labels().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(label -> {
            String name = labelName(label.getKey());
            if (!OWN_LABELS.contains(name)
                    && label.getValue() != null
                    && !label.getValue().isEmpty()) {
                labels.putIfAbsent(name, label.getValue());
            }
        });
        labels.values().removeIf(v -> v == null || v.isEmpty());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", n.summary());
        annotations.put("description", description(n));
        link.ifPresent(l -> annotations.put("dashboard", l));
        long endsAt = n.firing() ? nowMillis + resendEvery.multipliedBy(4).toMillis() : n.atMillis();
        return new Alert(
                labels,
                annotations,
                Instant.ofEpochMilli(n.startsAtMillis()).toString(),
                Instant.ofEpochMilli(Math.max(endsAt, n.startsAtMillis())).toString(),
                link.orElse(null));
    }

    /** What people read under the summary: rule, where, the value, and the event. */
    static String description(Notification n) {
        String what = n.pid() == null
                ? "host " + n.hostname()
                : "process " + (n.processName() == null ? "" : n.processName() + " ") + "(pid " + n.pid() + ") on "
                        + n.hostname();
        return "procscope rule " + n.ruleName() + " " + n.transition() + " for " + what + " at "
                + Instant.ofEpochMilli(n.atMillis()) + "; value " + Values.shown(n.value()) + "; event " + n.eventId()
                + ".";
    }

    /**
     * {@code name} as a Prometheus label name ({@code [a-zA-Z_][a-zA-Z0-9_]*}), which Alertmanager
     * requires of every label: other characters become {@code _}. An alert with one invalid name
     * would be refused whole, and retried for nothing.
     */
    static String labelName(String name) {
        StringBuilder valid = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            boolean digit = c >= '0' && c <= '9';
            if (digit && i == 0) {
                valid.append('_');
            }
            valid.append(letter || digit ? c : '_');
        }
        return valid.isEmpty() ? "_" : valid.toString();
    }
}
