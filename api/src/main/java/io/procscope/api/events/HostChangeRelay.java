package io.procscope.api.events;

import io.procscope.api.config.Database;
import io.procscope.api.domain.HostDeleted;
import io.procscope.api.domain.HostRenamed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.hibernate.Session;

/**
 * Makes every replica's open pages hear of a host an operator renamed or deleted, as {@link
 * ReportStoredRelay} does for reports: each name is announced again, and a name without a host
 * any more goes out as a {@code removed} event, a new name as a {@code host} event. On PostgreSQL
 * through the changing transaction's notification (sent on commit only), on SQLite once committed.
 */
@ApplicationScoped
class HostChangeRelay {

    private final boolean postgres;
    private final EntityManager em;
    private final HostAnnouncer announcer;

    HostChangeRelay(Database database, EntityManager em, HostAnnouncer announcer) {
        this.postgres = database.isPostgreSQL();
        this.em = em;
        this.announcer = announcer;
    }

    void notifyRenamed(@Observes(during = TransactionPhase.IN_PROGRESS) HostRenamed renamed) {
        notifyReplicas(List.of(renamed.from(), renamed.to()));
    }

    void notifyDeleted(@Observes(during = TransactionPhase.IN_PROGRESS) HostDeleted deleted) {
        notifyReplicas(List.of(deleted.hostname()));
    }

    void announceRenamed(@Observes(during = TransactionPhase.AFTER_SUCCESS) HostRenamed renamed) {
        announceCommitted(List.of(renamed.from(), renamed.to()));
    }

    void announceDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) HostDeleted deleted) {
        announceCommitted(List.of(deleted.hostname()));
    }

    private void notifyReplicas(List<String> hostnames) {
        if (postgres) {
            em.unwrap(Session.class).doWork(connection -> {
                for (String hostname : hostnames) {
                    PostgresNotifications.notifyStored(connection, hostname);
                }
            });
        }
    }

    private void announceCommitted(List<String> hostnames) {
        if (!postgres) {
            hostnames.forEach(announcer::announceStored);
        }
    }
}
