package io.procscope.api.events;

import io.procscope.api.alerts.AlertTransitioned;
import io.procscope.api.alerts.notify.SilenceChanged;
import io.procscope.api.config.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.hibernate.Session;

/**
 * Makes every replica's open pages hear that alerts changed (one fired or resolved, a silence was
 * set or ended), as {@link ReportStoredRelay} does for reports: on PostgreSQL through the changing
 * transaction's notification on {@link PostgresNotifications#ALERTS_CHANNEL}, queued once however
 * many alerts that transaction changes and sent on commit only; on SQLite once committed. Each
 * replica then reads the counts once and sends them as an {@code alerts} event.
 */
@ApplicationScoped
class AlertChangeRelay {

    /** The transaction's resource that says its notification is queued already. */
    private static final String QUEUED = AlertChangeRelay.class.getName() + ".queued";

    private final boolean postgres;
    private final EntityManager em;
    private final TransactionSynchronizationRegistry transaction;
    private final HostAnnouncer announcer;

    AlertChangeRelay(
            Database database,
            EntityManager em,
            TransactionSynchronizationRegistry transaction,
            HostAnnouncer announcer) {
        this.postgres = database.isPostgreSQL();
        this.em = em;
        this.transaction = transaction;
        this.announcer = announcer;
    }

    void notifyTransitioned(@Observes(during = TransactionPhase.IN_PROGRESS) AlertTransitioned transitioned) {
        notifyReplicas();
    }

    void notifySilenceChanged(@Observes(during = TransactionPhase.IN_PROGRESS) SilenceChanged changed) {
        notifyReplicas();
    }

    void announceTransitioned(@Observes(during = TransactionPhase.AFTER_SUCCESS) AlertTransitioned transitioned) {
        announceCommitted();
    }

    void announceSilenceChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) SilenceChanged changed) {
        announceCommitted();
    }

    private void notifyReplicas() {
        if (!postgres) {
            return;
        }
        boolean inTransaction = transaction.getTransactionKey() != null;
        if (inTransaction && transaction.getResource(QUEUED) != null) {
            return;
        }
        em.unwrap(Session.class).doWork(PostgresNotifications::notifyAlertsChanged);
        if (inTransaction) {
            transaction.putResource(QUEUED, Boolean.TRUE);
        }
    }

    private void announceCommitted() {
        if (!postgres) {
            announcer.announceAlerts();
        }
    }
}
