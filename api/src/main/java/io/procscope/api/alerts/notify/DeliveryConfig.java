package io.procscope.api.alerts.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where alert notifications go and how they are sent. With no receiver configured, transitions are
 * recorded and nothing is sent.
 */
@ConfigMapping(prefix = "procscope.alerts")
public interface DeliveryConfig {

    /**
     * {@code procscope.alerts.delivery-enabled}: whether this replica's sender job runs. Defaults to
     * {@code true}; the tests run the sender themselves, with a clock of their choosing.
     */
    @WithDefault("true")
    boolean deliveryEnabled();

    /**
     * {@code procscope.alerts.delivery-every}: how often the sender job looks for due notifications.
     * Defaults to {@code 5s}.
     */
    @WithDefault("5s")
    Duration deliveryEvery();

    /**
     * {@code procscope.alerts.notification-max-age} ({@code PROCSCOPE_ALERTS_NOTIFICATION_MAX_AGE}):
     * how long a notification that its receiver refuses is retried (backing off from 30 s to 10 min)
     * before it is given up, logged and kept as {@code failed}. Defaults to {@code 24h}.
     */
    @WithDefault("24h")
    Duration notificationMaxAge();

    /**
     * {@code procscope.alerts.notifications-kept}: how long sent, failed and silenced notifications
     * are kept, for the record; the retention job ({@code procscope.retention.every}) deletes older
     * ones, but never one still due, nor those of an alert active now. Defaults to {@code 7d}.
     */
    @WithDefault("7d")
    Duration notificationsKept();

    /** {@code procscope.alerts.connect-timeout}: to connect to a receiver. Defaults to {@code 5s}. */
    @WithDefault("5s")
    Duration connectTimeout();

    /**
     * {@code procscope.alerts.request-timeout}: for a receiver's answer to one notification.
     * Defaults to {@code 10s}.
     */
    @WithDefault("10s")
    Duration requestTimeout();

    /** Alertmanager. */
    Alertmanager alertmanager();

    /**
     * {@code procscope.alerts.webhooks."<name>".url} and {@code .format}: webhooks, by name (letters,
     * digits, {@code -} and {@code _}, at most 48).
     */
    Map<String, Webhook> webhooks();

    /** An Alertmanager, reached through its API v2. */
    interface Alertmanager {
        /**
         * {@code procscope.alerts.alertmanager.url} ({@code PROCSCOPE_ALERTS_ALERTMANAGER_URL}): the
         * Alertmanager's base URL, for example {@code http://alertmanager.monitoring:9093}; alerts are
         * posted to {@code /api/v2/alerts} under it. Credentials in the URL ({@code
         * https://user:password@host}) are sent as basic authentication. Unset by default.
         */
        Optional<URI> url();

        /**
         * {@code procscope.alerts.alertmanager.resend-every}: how often a firing alert is posted
         * again, as Prometheus does: Alertmanager resolves an alert that is not posted again before
         * its {@code endsAt}, which is set 4 times this ahead. Defaults to {@code 1m}.
         */
        @WithDefault("1m")
        Duration resendEvery();
    }

    /** A webhook. */
    interface Webhook {
        /** {@code .url}: where notifications are posted, each as one JSON body. */
        URI url();

        /**
         * {@code .format}: {@code json} (procscope's own body, documented in the README) or {@code
         * slack} (a Slack-compatible incoming-webhook body: {@code text} and {@code blocks}).
         * Defaults to {@code json}.
         */
        @WithDefault("json")
        WebhookFormat format();
    }

    /** The body a webhook gets. */
    enum WebhookFormat {
        JSON,
        SLACK
    }
}
