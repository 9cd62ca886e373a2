package io.procscope.api.support;

import io.procscope.api.ingest.ReportStored;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Looks inside the transaction that stores one host's report, once all of its rows are written and
 * just before it commits, and then does what the test asked, such as cutting the connection to the
 * database. Idle unless a test {@link #armFor arms} it; then it acts on the first report of that
 * host only.
 */
@ApplicationScoped
public class StoringTransactionProbe {

    private record Armed(String hostname, Runnable fault) {}

    private final EntityManager em;
    private final AtomicReference<Armed> armed = new AtomicReference<>();
    private volatile Map<String, Long> seen = Map.of();

    StoringTransactionProbe(EntityManager em) {
        this.em = em;
    }

    /** Runs {@code fault} inside the transaction of the next report of {@code hostname}, after its rows are written. */
    public void armFor(String hostname, Runnable fault) {
        seen = Map.of();
        armed.set(new Armed(hostname, fault));
    }

    /**
     * The rows the transaction had written for the host when the fault ran, by table: what a
     * rollback must undo. Empty when it has not run.
     */
    public Map<String, Long> rowsSeen() {
        return seen;
    }

    // After every other observer that writes in the transaction (the PostgreSQL notification).
    void onStored(
            @Observes(during = TransactionPhase.IN_PROGRESS) @Priority(Interceptor.Priority.LIBRARY_AFTER + 1000)
                    ReportStored stored) {
        Armed a = armed.get();
        if (a == null || !a.hostname().equals(stored.hostname()) || !armed.compareAndSet(a, null)) {
            return;
        }
        Map<String, Long> rows = new TreeMap<>();
        rows.put("host", count("select count(*) from host where hostname = ?1", stored.hostname()));
        rows.put("snapshot", count("select count(*) from snapshot where id = ?1", stored.snapshotId()));
        for (String table : new String[] {"host_state", "process", "process_sample"}) {
            rows.put(
                    table,
                    count(
                            "select count(*) from " + table
                                    + " where host_id = (select id from host where hostname = ?1)",
                            stored.hostname()));
        }
        seen = rows;
        a.fault().run();
    }

    private long count(String sql, Object parameter) {
        return ((Number) em.createNativeQuery(sql).setParameter(1, parameter).getSingleResult()).longValue();
    }
}
