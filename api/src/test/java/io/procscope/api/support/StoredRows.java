package io.procscope.api.support;

import io.procscope.api.domain.Host;
import io.procscope.dto.HostReport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hibernate.Session;

/** What ingest wrote, counted straight from the database, in a transaction of its own. */
public final class StoredRows {

    /** The tables that hold a host's rows, each with the column that names the host's id. */
    private static final Map<String, String> HOST_TABLES = Map.of(
            "host_state", "host_id",
            "snapshot", "host_id",
            "process", "host_id",
            "process_sample", "host_id",
            "host_metrics_rollup", "host_id",
            "process_current", "host_id");

    private StoredRows() {}

    /** How many snapshots hold {@code report}: 1 once stored, whatever the number of deliveries. */
    public static long snapshotsOf(HostReport report) {
        return count(
                // A uuid on PostgreSQL, text on SQLite: compared as text on both.
                "select count(s) from Snapshot s where cast(s.reportId as String) = ?1",
                report.reportId().toString());
    }

    /** The answer of a JPQL {@code select count(...)} whose one parameter, {@code ?1}, is {@code parameter}. */
    public static long count(String query, Object parameter) {
        return QuarkusTransaction.requiringNew()
                .call(() -> Host.getEntityManager()
                        .createQuery(query, Long.class)
                        .setParameter(1, parameter)
                        .getSingleResult());
    }

    /**
     * The rows of every table of the database, by table, as the schema has them now: on PostgreSQL
     * each partition counts as a table of its own, beside its parent. Two equal answers around a
     * request mean it added and removed no row anywhere.
     */
    public static Map<String, Long> everyTable() {
        return QuarkusTransaction.requiringNew().call(() -> {
            EntityManager em = Host.getEntityManager();
            String tables = isPostgreSQL()
                    ? "select tablename from pg_tables where schemaname = current_schema()"
                    : "select name from sqlite_master where type = 'table' and name not like 'sqlite%'";
            Map<String, Long> counts = new TreeMap<>();
            for (Object table : em.createNativeQuery(tables).getResultList()) {
                counts.put(
                        table.toString(),
                        ((Number) em.createNativeQuery("select count(*) from \"" + table + "\"")
                                        .getSingleResult())
                                .longValue());
            }
            return counts;
        });
    }

    /**
     * How many rows of each table of the database name {@code hostname}: by its id, in every table
     * with a {@code host_id} column, and by name, in every table with a {@code hostname} column.
     * Tables as {@link #everyTable()} has them (on PostgreSQL a partitioned table counts the rows of
     * its partitions, and each partition its own), so that {@code everyTable()} before a deletion,
     * less this, is what is left once the host's rows are deleted and nothing else is.
     */
    public static Map<String, Long> rowsNaming(String hostname) {
        return QuarkusTransaction.requiringNew().call(() -> {
            EntityManager em = Host.getEntityManager();
            List<?> ids = em.createNativeQuery("select id from host where hostname = ?1")
                    .setParameter(1, hostname)
                    .getResultList();
            Long id = ids.isEmpty() ? null : ((Number) ids.get(0)).longValue();
            String columns = isPostgreSQL()
                    ? "select table_name, column_name from information_schema.columns where table_schema ="
                            + " current_schema() and column_name in ('host_id', 'hostname')"
                    : "select m.name, p.name from sqlite_master m join pragma_table_info(m.name) p"
                            + " where m.type = 'table' and p.name in ('host_id', 'hostname')";
            Map<String, Long> counts = new TreeMap<>();
            for (Object row : em.createNativeQuery(columns).getResultList()) {
                Object[] tableAndColumn = (Object[]) row;
                String table = tableAndColumn[0].toString();
                String column = tableAndColumn[1].toString();
                Object value = "host_id".equals(column) ? id : hostname;
                long n = value == null
                        ? 0
                        : ((Number) em.createNativeQuery(
                                                "select count(*) from \"" + table + "\" where " + column + " = ?1")
                                        .setParameter(1, value)
                                        .getSingleResult())
                                .longValue();
                counts.merge(table, n, Long::sum);
            }
            return counts;
        });
    }

    /**
     * Every row that belongs to {@code hostname}, whole and sorted, by table: its host row and
     * credential, newest state, snapshots, process identities, samples and rollups; empty lists when it has none. Two
     * equal answers around a request mean it changed none of the host's rows.
     */
    public static Map<String, List<String>> rowsOfHost(String hostname) {
        return QuarkusTransaction.requiringNew()
                .call(() -> Host.getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
                    Map<String, List<String>> rows = new TreeMap<>();
                    rows.put("host", rows(connection, "select * from host where hostname = ?", hostname));
                    rows.put(
                            "agent_credential",
                            rows(connection, "select * from agent_credential where hostname = ?", hostname));
                    Long id = null;
                    try (PreparedStatement select =
                            connection.prepareStatement("select id from host where hostname = ?")) {
                        select.setString(1, hostname);
                        try (ResultSet rs = select.executeQuery()) {
                            id = rs.next() ? rs.getLong(1) : null;
                        }
                    }
                    for (Map.Entry<String, String> table : HOST_TABLES.entrySet()) {
                        rows.put(
                                table.getKey(),
                                id == null
                                        ? List.of()
                                        : rows(
                                                connection,
                                                "select * from " + table.getKey() + " where " + table.getValue()
                                                        + " = ?",
                                                id));
                    }
                    return rows;
                }));
    }

    /**
     * On PostgreSQL, the last id that {@code table}'s identity handed out, 0 before the first: it
     * moves on for every row inserted, also when the insert is rolled back, which shows that a
     * statement ran even though no row of it stayed.
     */
    public static long lastIdDrawn(String table) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object last = Host.getEntityManager()
                    .createNativeQuery("select last_value from pg_sequences"
                            + " where schemaname || '.' || sequencename = pg_get_serial_sequence(?1, 'id')")
                    .setParameter(1, table)
                    .getSingleResult();
            return last == null ? 0 : ((Number) last).longValue();
        });
    }

    /** Whether the tests run on PostgreSQL (a {@link PostgresProfile}) rather than the embedded SQLite file. */
    public static boolean isPostgreSQL() {
        return "postgresql".equals(ConfigProvider.getConfig().getValue("quarkus.datasource.db-kind", String.class));
    }

    /** The rows {@code sql} selects, each as text, bytes included, sorted: a query's order is no promise. */
    private static List<String> rows(Connection connection, String sql, Object parameter) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, parameter);
            try (ResultSet rs = select.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= columns; c++) {
                        Object value = rs.getObject(c);
                        row.append(rs.getMetaData().getColumnName(c))
                                .append('=')
                                .append(value instanceof byte[] bytes ? Arrays.toString(bytes) : value)
                                .append(c < columns ? ", " : "");
                    }
                    rows.add(row.toString());
                }
            }
        }
        rows.sort(null);
        return rows;
    }
}
