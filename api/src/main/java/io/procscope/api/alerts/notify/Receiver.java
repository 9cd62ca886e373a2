package io.procscope.api.alerts.notify;

import java.net.URI;
import java.util.Map;

/** Where notifications are sent: an Alertmanager or a webhook, from the configuration. */
sealed interface Receiver permits AlertmanagerReceiver, WebhookReceiver {

    /** {@code alertmanager} or {@code webhook:<name>}: the outbox's and the metric's name for it. */
    String name();

    /** The URL as configured, secrets and all. Never logged. */
    URI url();

    /** Where a notification is posted, without user info (see {@link #authorization}). Never logged. */
    URI endpoint();

    /** {@code Authorization} for the configured URL's user info, or null. */
    String authorization();

    /** The URL as it may be shown: {@link ReceiverUrls#redact}. */
    String shownUrl();

    /** The JSON body for {@code notification}, sent at {@code nowMillis}. */
    Object body(Notification notification, long nowMillis);

    /** Headers besides content type and authorization. */
    default Map<String, String> headers(Notification notification) {
        return Map.of();
    }
}
