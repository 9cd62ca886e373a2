package io.procscope.api.alerts.notify;

import io.procscope.api.alerts.notify.DeliveryConfig.WebhookFormat;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The receivers notifications go to, from the configuration ({@link DeliveryConfig}), checked at
 * start: a receiver that cannot work stops the start with a message naming the setting. Tests
 * replace them with {@link #use}, rather than with a profile of their own.
 */
@ApplicationScoped
public class Receivers {

    private static final Logger LOG = Logger.getLogger(Receivers.class);

    /**
     * What the receivers are made of.
     *
     * @param alertmanager the Alertmanager's base URL, if any
     * @param resendEvery how often a firing alert is posted to it again
     * @param webhooks webhooks by name
     * @param dashboard the dashboard's address for links, if any
     */
    public record Settings(
            Optional<URI> alertmanager, Duration resendEvery, Map<String, Webhook> webhooks, Optional<URI> dashboard) {

        public Settings {
            webhooks = Map.copyOf(webhooks);
        }

        /** No receiver at all. */
        public static Settings none() {
            return new Settings(Optional.empty(), Duration.ofMinutes(1), Map.of(), Optional.empty());
        }
    }

    /** A webhook's URL and body format. */
    public record Webhook(URI url, WebhookFormat format) {}

    private final Settings configured;
    private volatile List<Receiver> receivers;

    Receivers(DeliveryConfig config, DashboardLinkConfig dashboard) {
        this.configured = new Settings(
                config.alertmanager().url(),
                config.alertmanager().resendEvery(),
                config.webhooks().entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey,
                                w -> new Webhook(
                                        w.getValue().url(), w.getValue().format()))),
                dashboard.url());
        this.receivers = build(configured);
    }

    void announce(@Observes StartupEvent event) {
        List<Receiver> now = receivers;
        if (now.isEmpty()) {
            LOG.info("Alert notifications go nowhere: set procscope.alerts.alertmanager.url or"
                    + " procscope.alerts.webhooks.<name>.url; transitions are recorded either way");
        } else {
            LOG.infof(
                    "Alert notifications go to %s",
                    now.stream().map(r -> r.name() + " (" + r.shownUrl() + ")").collect(Collectors.joining(", ")));
        }
    }

    /** Every receiver, Alertmanager first, then the webhooks by name. */
    public List<Receiver> all() {
        return receivers;
    }

    /** The receiver of this name, if configured. */
    public Optional<Receiver> named(String name) {
        return receivers.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Replaces the receivers, checked as the configured ones are: for tests. */
    public void use(Settings settings) {
        this.receivers = build(settings);
    }

    /** Back to the configured receivers. */
    public void useConfigured() {
        this.receivers = build(configured);
    }

    /** The receivers {@code settings} describe; an unusable one throws, naming its setting. */
    static List<Receiver> build(Settings settings) {
        DashboardLinks links = new DashboardLinks(settings.dashboard().map(u -> checked(u, "procscope.dashboard.url")));
        List<Receiver> built = new ArrayList<>();
        settings.alertmanager()
                .ifPresent(url -> built.add(new AlertmanagerReceiver(
                        checked(url, "procscope.alerts.alertmanager.url"), settings.resendEvery(), links)));
        if (settings.resendEvery().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalStateException("procscope.alerts.alertmanager.resend-every must be at least 1s");
        }
        new TreeMap<>(settings.webhooks()).forEach((name, webhook) -> {
            String setting = "procscope.alerts.webhooks.\"" + name + "\".url";
            if (!name.matches(WebhookReceiver.NAME_PATTERN)) {
                throw new IllegalStateException(
                        "The webhook name in " + setting + " must be 1 to 48 letters, digits, '-' or '_'");
            }
            if (webhook.url() == null) {
                throw new IllegalStateException(setting + " is required");
            }
            built.add(new WebhookReceiver(
                    name,
                    checked(webhook.url(), setting),
                    webhook.format() == null ? WebhookFormat.JSON : webhook.format(),
                    links));
        });
        return List.copyOf(built);
    }

    /** {@code url} when it is an absolute http or https URL with a host. */
    private static URI checked(URI url, String setting) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalStateException(
                    setting + " must be an http:// or https:// URL with a host, not " + ReceiverUrls.redact(url));
        }
        return url;
    }
}
