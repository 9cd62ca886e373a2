package io.procscope.api.alerts.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.procscope.api.alerts.notify.DeliveryConfig.WebhookFormat;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A webhook: each notification is one POST of a JSON body, procscope's own ({@link Body}) or
 * Slack's ({@link SlackBody}). The alert event's id travels as {@code id} in the JSON body and as
 * the {@code Idempotency-Key} header of both: a notification retried after a lost answer carries
 * the same id, so that the receiver can drop it.
 */
record WebhookReceiver(String webhook, URI url, WebhookFormat format, DashboardLinks links) implements Receiver {

    /** Names of webhooks: they become part of the receiver's name and a metric's tag. */
    static final String NAME_PATTERN = "[A-Za-z0-9_-]{1,48}";

    /** The prefix of a webhook's receiver name. */
    static final String PREFIX = "webhook:";

    /** Slack refuses a section's text above 3000 characters. */
    static final int SLACK_SECTION_MAX = 3000;

    /**
     * procscope's webhook body, version 1.
     *
     * @param version {@code 1}: fields are only ever added to this version
     * @param id the alert event's id, the same for each retry: drop a second one
     * @param receiver {@code webhook:<name>}
     * @param status {@code firing} or {@code resolved}
     * @param rule the rule's name
     * @param severity {@code critical}, {@code warning} or {@code info}
     * @param host the host's name
     * @param subject empty for the host itself, {@code pid:start} for one process
     * @param process the process's name, or null
     * @param pid the process's pid, or null
     * @param startTimeMillis the process's start, ms since the epoch, or null
     * @param at when it fired or resolved, RFC 3339
     * @param atMillis the same, ms since the epoch
     * @param startsAt when the alert fired, RFC 3339
     * @param value the measured value that decided it (count, percent or bytes), or null for none
     * @param labels the rule's labels
     * @param summary one line for people
     * @param dashboardUrl the page of the host or process, or null without {@code procscope.dashboard.url}
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @RegisterForReflection
    record Body(
            int version,
            long id,
            String receiver,
            String status,
            String rule,
            String severity,
            String host,
            String subject,
            String process,
            Integer pid,
            Long startTimeMillis,
            String at,
            long atMillis,
            String startsAt,
            Double value,
            Map<String, String> labels,
            String summary,
            String dashboardUrl) {}

    /**
     * A Slack incoming-webhook body: {@code text} for notifications and clients without blocks,
     * {@code blocks} for the message.
     */
    @RegisterForReflection
    record SlackBody(String text, List<Map<String, Object>> blocks) {}

    @Override
    public String name() {
        return PREFIX + webhook;
    }

    @Override
    public URI endpoint() {
        return ReceiverUrls.withoutUserInfo(url);
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
    public Map<String, String> headers(Notification n) {
        return Map.of("Idempotency-Key", Long.toString(n.eventId()));
    }

    @Override
    public Object body(Notification n, long nowMillis) {
        return format == WebhookFormat.SLACK ? slack(n, links.of(n)) : json(n, name(), links.of(n));
    }

    /** procscope's own body for {@code n}. */
    static Body json(Notification n, String receiver, Optional<String> link) {
        return new Body(
                1,
                n.eventId(),
                receiver,
                n.transition(),
                n.ruleName(),
                n.severity(),
                n.hostname(),
                n.subject(),
                n.processName(),
                n.pid(),
                n.startTimeMillis(),
                Instant.ofEpochMilli(n.atMillis()).toString(),
                n.atMillis(),
                Instant.ofEpochMilli(n.startsAtMillis()).toString(),
                Values.json(n.value()),
                n.labels(),
                n.summary(),
                link.orElse(null));
    }

    /**
     * A Slack message for {@code n}: {@code [FIRING] rule on host: summary}, then the process, the
     * time, the event and the dashboard link. Every name is escaped for Slack's mrkdwn ({@code &},
     * {@code <}, {@code >}), so that a hostile process or host name cannot make a link or a mention.
     */
    static SlackBody slack(Notification n, Optional<String> link) {
        String status = n.firing() ? "FIRING" : "RESOLVED";
        String text = "[" + status + "] " + n.ruleName() + " on " + n.hostname() + ": " + n.summary();
        String headline = (n.firing() ? ":rotating_light: " : ":white_check_mark: ") + "*[" + status + "] "
                + escape(n.ruleName()) + "* on *" + escape(n.hostname()) + "* (" + escape(n.severity()) + ")\n";
        String section = headline + cut(escape(n.summary()), SLACK_SECTION_MAX - headline.length());
        StringBuilder context = new StringBuilder();
        if (n.pid() != null) {
            context.append("process ")
                    .append(n.processName() == null ? "" : escape(n.processName()) + " ")
                    .append("(pid ")
                    .append(n.pid())
                    .append(") · ");
        }
        context.append(Instant.ofEpochMilli(n.atMillis())).append(" · value ").append(Values.shown(n.value()));
        context.append(" · event ").append(n.eventId());
        // A link's URL is ours (percent-encoded names), its text is fixed: nothing to escape.
        link.ifPresent(l -> context.append(" · <").append(l).append("|open in procscope>"));
        return new SlackBody(
                escape(text),
                List.of(
                        Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", section)),
                        Map.of(
                                "type",
                                "context",
                                "elements",
                                List.of(Map.of(
                                        "type", "mrkdwn", "text", cut(context.toString(), SLACK_SECTION_MAX))))));
    }

    /** {@code text} for Slack's mrkdwn: its three control characters as entities. */
    static String escape(String text) {
        return text == null
                ? ""
                : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String text, int most) {
        return text.length() <= most ? text : text.substring(0, Math.max(0, most - 1)) + "…";
    }
}
