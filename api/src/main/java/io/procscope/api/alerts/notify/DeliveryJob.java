package io.procscope.api.alerts.notify;

import io.procscope.api.alerts.notify.DeliveryMetrics.Outcome;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Sends the outbox, on each replica every {@code procscope.alerts.delivery-every}: claims due
 * notifications, posts each to its receiver, and marks it sent, or due again after a backoff (30 s
 * doubling to 10 min), or, once {@code notification-max-age} old, failed with a warning. Delivery
 * is at least once: a replica that dies between a receiver's answer and the mark sends that
 * notification again once its claim lapses, with the same event id for the receiver to drop it.
 */
@ApplicationScoped
public class DeliveryJob {

    private static final Logger LOG = Logger.getLogger(DeliveryJob.class);

    /** Notifications claimed at once. */
    static final int BATCH = 20;

    /** Batches per run at most, so that one run ends well before the next is due. */
    static final int MAX_BATCHES = 10;

    /** Expired silences are deleted this often. */
    static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final NotificationStore store;
    private final NotificationSender sender;
    private final Receivers receivers;
    private final Silences silences;
    private final DeliveryMetrics metrics;
    private final DeliveryConfig config;
    private final Clock clock;
    /** A claim lapses after the longest a batch can take: every post of it timing out. */
    private final long leaseMillis;
    /** Receivers that failed their last attempt, by name, with what they said: logged once per outage. */
    private final Map<String, String> failing = new ConcurrentHashMap<>();

    private volatile long prunedAtMillis = Long.MIN_VALUE;

    DeliveryJob(
            NotificationStore store,
            NotificationSender sender,
            Receivers receivers,
            Silences silences,
            DeliveryMetrics metrics,
            DeliveryConfig config,
            Clock clock) {
        this.store = store;
        this.sender = sender;
        this.receivers = receivers;
        this.silences = silences;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
        this.leaseMillis = config.connectTimeout()
                .plus(config.requestTimeout())
                .multipliedBy(BATCH)
                .plusMinutes(1)
                .toMillis();
    }

    void schedule(@Observes StartupEvent event, Scheduler scheduler) {
        if (!config.deliveryEnabled()) {
            LOG.info("Alert notifications are not sent by this replica (procscope.alerts.delivery-enabled=false)");
            return;
        }
        scheduler
                .newJob("procscope-alert-delivery")
                .setInterval(Math.max(1, config.deliveryEvery().toSeconds()) + "s")
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> runOnce())
                .schedule();
    }

    /** One run: due notifications, Alertmanager's re-posts, and now and then the pruning. */
    public void runOnce() {
        try {
            deliverDue();
            resendFiring();
            pruneIfDue();
        } catch (RuntimeException e) {
            LOG.warnf("Alert delivery failed, will try again: %s", e.getMessage());
        }
    }

    /** Sends what is due now; answers how many notifications were claimed. */
    int deliverDue() {
        Map<String, Receiver> byName = new LinkedHashMap<>();
        receivers.all().forEach(r -> byName.put(r.name(), r));
        int claimedTotal = 0;
        // A receiver that fails once in a run is not tried again in it: its other notifications
        // wait for the same next attempt instead of each timing out in turn.
        Map<String, Long> downUntil = new HashMap<>();
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            long now = clock.millis();
            List<Notification> claimed = store.claimDue(now, byName.keySet(), BATCH, now + leaseMillis);
            claimedTotal += claimed.size();
            for (Notification n : claimed) {
                Receiver receiver = byName.get(n.receiver());
                if (receiver == null) { // replaced meanwhile (tests): its notifications stay due
                    store.release(n, n.createdMillis());
                    continue;
                }
                Long down = downUntil.get(n.receiver());
                if (down != null) {
                    long sendAt = Math.min(
                            down,
                            n.createdMillis() + config.notificationMaxAge().toMillis());
                    if (clock.millis()
                            >= n.createdMillis() + config.notificationMaxAge().toMillis()) {
                        giveUp(receiver, n, false, failing.getOrDefault(n.receiver(), "receiver down"));
                    } else {
                        store.release(n, sendAt);
                    }
                    continue;
                }
                long sentAt = clock.millis();
                NotificationSender.Outcome outcome = sender.send(receiver, n, sentAt);
                if (outcome.delivered()) {
                    delivered(receiver, n, sentAt);
                } else {
                    long next = Backoff.nextAttemptMillis(
                            n.attempts() + 1, clock.millis(), n.createdMillis(), config.notificationMaxAge());
                    failed(receiver, outcome.error());
                    if (next < 0) {
                        giveUp(receiver, n, true, outcome.error());
                    } else {
                        store.markRetry(n, next, outcome.error());
                        metrics.count(n.receiver(), Outcome.RETRIED);
                        downUntil.put(n.receiver(), next);
                    }
                }
            }
            if (claimed.size() < BATCH) {
                break;
            }
        }
        return claimedTotal;
    }

    private void delivered(Receiver receiver, Notification n, long sentAt) {
        Long resend = receiver instanceof AlertmanagerReceiver am && n.firing()
                ? sentAt + am.resendEvery().toMillis()
                : null;
        store.markSent(n, sentAt, resend);
        metrics.count(n.receiver(), Outcome.SENT);
        if (failing.remove(n.receiver()) != null) {
            LOG.infof("Alert notifications to %s (%s) are delivered again", receiver.name(), receiver.shownUrl());
        }
    }

    private void failed(Receiver receiver, String error) {
        if (failing.put(receiver.name(), error) == null) {
            LOG.warnf(
                    "Alert notifications to %s (%s) fail: %s. They are kept and tried again, from 30 s to 10 min"
                            + " apart, for up to %s",
                    receiver.name(), receiver.shownUrl(), error, Logged.duration(config.notificationMaxAge()));
        } else {
            LOG.debugf("Alert notification to %s failed again: %s", receiver.name(), error);
        }
    }

    private void giveUp(Receiver receiver, Notification n, boolean attempted, String error) {
        store.markFailed(n, attempted, error);
        metrics.count(n.receiver(), Outcome.FAILED);
        LOG.warnf(
                "Gave up the notification of %s %s on %s (event %d) to %s (%s) after %d attempts over %s: %s",
                Logged.text(n.ruleName()),
                n.transition(),
                Logged.text(n.hostname()),
                n.eventId(),
                receiver.name(),
                receiver.shownUrl(),
                n.attempts() + (attempted ? 1 : 0),
                Logged.duration(config.notificationMaxAge()),
                error);
    }

    /** Posts Alertmanager's firing alerts again, before Alertmanager would resolve them. */
    int resendFiring() {
        return receivers
                .named(AlertmanagerReceiver.NAME)
                .map(r -> resendFiring((AlertmanagerReceiver) r))
                .orElse(0);
    }

    private int resendFiring(AlertmanagerReceiver receiver) {
        int resent = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            long now = clock.millis();
            List<Notification> due = store.claimResends(
                    now, receiver.name(), BATCH, now + receiver.resendEvery().toMillis());
            for (Notification n : due) {
                NotificationSender.Outcome outcome = sender.send(receiver, n, clock.millis());
                if (outcome.delivered()) {
                    metrics.count(receiver.name(), Outcome.RESENT);
                    resent++;
                } else {
                    metrics.count(receiver.name(), Outcome.RESEND_FAILED);
                    failed(receiver, outcome.error());
                    // The rest waits for the next period: the receiver is down.
                    return resent;
                }
            }
            if (due.size() < BATCH) {
                break;
            }
        }
        return resent;
    }

    /** Deletes expired silences, at most once per {@link #PRUNE_EVERY}. */
    void pruneIfDue() {
        long now = clock.millis();
        if (now - prunedAtMillis < PRUNE_EVERY.toMillis() && now >= prunedAtMillis) {
            return;
        }
        prunedAtMillis = now;
        prune(now);
    }

    /**
     * Deletes expired silences, and gives up notifications to receivers no longer configured. Old
     * notifications go with the retention job, on one replica.
     */
    void prune(long now) {
        silences.deleteExpired(now);
        Set<String> names = receivers.all().stream().map(Receiver::name).collect(java.util.stream.Collectors.toSet());
        int orphans = store.failUnconfigured(now - config.notificationMaxAge().toMillis() - leaseMillis, names);
        if (orphans > 0) {
            LOG.warnf(
                    "Gave up %d alert notifications older than %s to receivers no longer configured",
                    orphans, Logged.duration(config.notificationMaxAge()));
        }
    }
}
