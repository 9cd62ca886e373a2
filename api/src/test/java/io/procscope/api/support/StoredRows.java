package io.procscope.api.support;

import io.procscope.api.domain.Host;
import io.procscope.dto.HostReport;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** What ingest wrote, counted straight from the database, in a transaction of its own. */
public final class StoredRows {

    private StoredRows() {}

    /** How many snapshots hold {@code report}: 1 once stored, whatever the number of deliveries. */
    public static long snapshotsOf(HostReport report) {
        return count(
                "select count(s) from Snapshot s where s.reportId = ?1",
                report.reportId().toString());
    }

    /** The row count of every table ingest writes, by entity: what a refused report must leave as it was. */
    public static java.util.Map<String, Long> everyTable() {
        return QuarkusTransaction.requiringNew().call(() -> {
            java.util.Map<String, Long> counts = new java.util.TreeMap<>();
            for (String entity :
                    java.util.List.of("Host", "Snapshot", "HostState", "ProcessIdentity", "ProcessSample")) {
                counts.put(
                        entity,
                        Host.getEntityManager()
                                .createQuery("select count(x) from " + entity + " x", Long.class)
                                .getSingleResult());
            }
            return counts;
        });
    }

    /** The answer of a JPQL {@code select count(...)} whose one parameter, {@code ?1}, is {@code parameter}. */
    public static long count(String query, Object parameter) {
        return QuarkusTransaction.requiringNew()
                .call(() -> Host.getEntityManager()
                        .createQuery(query, Long.class)
                        .setParameter(1, parameter)
                        .getSingleResult());
    }
}
