package io.procscope.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the benchmark reads from the API's database: row counts, sizes, and whose CPU is whose. */
final class Database implements AutoCloseable {

    /** Tables whose size grows with time; the others hold one row per host and are reused. */
    static final List<String> HISTORY_TABLES = List.of("process_sample", "snapshot", "process", "host_metrics_rollup");

    private final Connection connection;

    Database(String url, String user) throws SQLException {
        this.connection = DriverManager.getConnection(url, user, "");
        this.connection.setAutoCommit(true);
    }

    long count(String table) throws SQLException {
        return single("select count(*) from " + table);
    }

    /**
     * Bytes of each of procscope's tables with their indexes and TOAST, largest first, summed from
     * its {@link #partSizes} (partitions count for their parent).
     */
    static Map<String, Long> tableSizes(Map<String, Long> parts) {
        Map<String, Long> totals = new HashMap<>();
        parts.forEach((part, bytes) -> {
            int space = part.indexOf(' ');
            totals.merge(space < 0 ? part : part.substring(0, space), bytes, Long::sum);
        });
        Map<String, Long> sizes = new LinkedHashMap<>();
        totals.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sizes.put(e.getKey(), e.getValue()));
        return sizes;
    }

    /**
     * Bytes of each part of procscope's tables: "table" for the rows with their TOAST, "table index"
     * for each index; a partition's parts count for their parent's.
     */
    Map<String, Long> partSizes() throws SQLException {
        Map<String, Long> sizes = new LinkedHashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("select coalesce(tp.relname, t.relname), null::text,"
                        + " sum(pg_table_size(t.oid))::bigint from pg_class t"
                        + " join pg_namespace n on n.oid = t.relnamespace"
                        + " left join pg_inherits i on i.inhrelid = t.oid left join pg_class tp on tp.oid = i.inhparent"
                        + " where n.nspname = 'public' and t.relkind = 'r' group by 1"
                        + " union all select coalesce(tp.relname, t.relname), coalesce(xp.relname, x.relname),"
                        + " sum(pg_relation_size(x.oid))::bigint from pg_index ix"
                        + " join pg_class x on x.oid = ix.indexrelid join pg_class t on t.oid = ix.indrelid"
                        + " join pg_namespace n on n.oid = t.relnamespace"
                        + " left join pg_inherits i on i.inhrelid = t.oid left join pg_class tp on tp.oid = i.inhparent"
                        + " left join pg_inherits xi on xi.inhrelid = x.oid left join pg_class xp on xp.oid = xi.inhparent"
                        + " where n.nspname = 'public' and t.relkind = 'r' group by 1, 2 order by 1, 2 nulls first")) {
            while (rs.next()) {
                String index = rs.getString(2);
                sizes.put(index == null ? rs.getString(1) : rs.getString(1) + " " + index, rs.getLong(3));
            }
        }
        return sizes;
    }

    long databaseSize() throws SQLException {
        return single("select pg_database_size(current_database())");
    }

    /** Lets space freed by updates be counted as free, and flushes it, so that sizes are settled. */
    void settle() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("vacuum analyze");
            s.execute("checkpoint");
        }
    }

    /** Makes the space of dead row versions in these tables reusable, as autovacuum does. */
    void vacuum(String... tables) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("vacuum " + String.join(", ", tables));
        }
    }

    /** PostgreSQL server processes working for this database, plus the shared background ones. */
    List<Long> serverPids() throws SQLException {
        List<Long> pids = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("select pid from pg_stat_activity where (datname = current_database()"
                        + " and pid <> pg_backend_pid()) or backend_type in ('walwriter', 'checkpointer',"
                        + " 'background writer', 'autovacuum launcher', 'autovacuum worker')")) {
            while (rs.next()) {
                pids.add(rs.getLong(1));
            }
        }
        return pids;
    }

    long single(String sql) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
