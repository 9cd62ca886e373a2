package io.procscope.api.alerts.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code procscope.alerts.notifications{receiver,outcome}} ({@code
 * procscope_alerts_notifications_total} for Prometheus): notifications by receiver and what came
 * of them on this replica.
 */
@ApplicationScoped
class DeliveryMetrics {

    /** What came of a notification, or of one attempt of it. */
    enum Outcome {
        /** Delivered. */
        SENT,
        /** One attempt failed; it will be tried again. */
        RETRIED,
        /** Given up after {@code notification-max-age}. */
        FAILED,
        /** Recorded under a silence, not sent. */
        SILENCED,
        /** A firing alert posted to Alertmanager again. */
        RESENT,
        /** Posting a firing alert again failed; the next period tries again. */
        RESEND_FAILED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final String NAME = "procscope.alerts.notifications";

    private final MeterRegistry registry;

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String receiver, Outcome outcome) {
        Counter.builder(NAME)
                .description("Alert notifications by receiver and outcome")
                .tag("receiver", receiver)
                .tag("outcome", outcome.tag())
                .register(registry)
                .increment();
    }
}
