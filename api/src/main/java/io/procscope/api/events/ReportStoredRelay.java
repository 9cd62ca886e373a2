package io.procscope.api.events;

import io.procscope.api.config.Database;
import io.procscope.api.ingest.ReportStored;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

/**
 * Makes every replica hear of each stored report. On PostgreSQL, replicas share the database, so
 * the storing transaction notifies them all, this one included, through {@link
 * PostgresNotifications}; the notification leaves on commit and not on rollback. The embedded
 * SQLite file serves one instance, which announces the report itself once it is committed.
 */
@ApplicationScoped
class ReportStoredRelay {

    private final boolean postgres;
    private final EntityManager em;
    private final HostAnnouncer announcer;

    ReportStoredRelay(Database database, EntityManager em, HostAnnouncer announcer) {
        this.postgres = database.isPostgreSQL();
        this.em = em;
        this.announcer = announcer;
    }

    void notifyReplicas(@Observes(during = TransactionPhase.IN_PROGRESS) ReportStored stored) {
        if (postgres && stored.newest()) {
            em.unwrap(Session.class)
                    .doWork(connection -> PostgresNotifications.notifyStored(connection, stored.hostname()));
        }
    }

    void announceCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReportStored stored) {
        if (!postgres && stored.newest()) {
            announcer.announceStored(stored.hostname());
        }
    }
}
