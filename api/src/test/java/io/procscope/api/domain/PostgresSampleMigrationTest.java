package io.procscope.api.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.support.PostgresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * V10 moves every sample into process_sample's new column order: a database migrated to V9 with
 * samples of two days and of the default partition keeps each of them, with its values, in the
 * partition of the same day, indexed by (host, pid, hour). A database of its own, made and dropped
 * here: Flyway stops at V9 in it.
 */
@EnabledIfEnvironmentVariable(named = PostgresDatabase.ENV, matches = ".+")
class PostgresSampleMigrationTest {

    private static final String USER = System.getenv().getOrDefault("PROCSCOPE_TEST_POSTGRES_USER", "postgres");
    private static final String DATABASE =
            System.getenv().getOrDefault("PROCSCOPE_TEST_POSTGRES_DATABASE", "procscope_test") + "_v9";
    private static final long DAY_MILLIS = 86_400_000;
    private static final String SAMPLES = "select tableoid::regclass::text, host_id, pid, start_time_millis,"
            + " collected_at_millis, status, cpu_percent, rss_bytes, vms_bytes, threads, nice from process_sample"
            + " order by collected_at_millis, pid";

    private final String server = server();

    @BeforeEach
    void createDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(server + "postgres", USER, "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DATABASE);
            s.execute("create database " + DATABASE);
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(server + "postgres", USER, "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DATABASE);
        }
    }

    @Test
    void samplesStoredBeforeV10KeepTheirValuesAndDays() throws SQLException {
        migrate("9");
        long today = System.currentTimeMillis() / DAY_MILLIS * DAY_MILLIS;
        List<List<Object>> before;
        try (Connection c = connect()) {
            long host = insertHost(c);
            // Yesterday's and today's partitions, and the default one (a day V1 made no partition for).
            insertSample(c, host, 41, today - DAY_MILLIS + 5_000, "S", 0.5, 10L << 20, 7);
            insertSample(c, host, 41, today + 10_000, "R", 97.25, 12L << 20, 9);
            insertSample(c, host, 42, today + 20_000, null, null, null, null);
            insertSample(c, host, 43, today - 30 * DAY_MILLIS, "Z", 0.0, 0L, 1);
            before = rows(c, SAMPLES);
        }
        assertThat(before.stream().map(row -> row.get(0)).distinct()).hasSize(3).contains("process_sample_default");

        migrate(null);

        try (Connection c = connect()) {
            assertThat(rows(c, SAMPLES)).isEqualTo(before);
            assertThat(rows(
                            c,
                            "select attname from pg_attribute where attrelid = 'process_sample'::regclass"
                                    + " and attnum > 0 and not attisdropped order by attnum"))
                    .extracting(row -> row.get(0))
                    .containsExactly(
                            "host_id",
                            "start_time_millis",
                            "collected_at_millis",
                            "rss_bytes",
                            "vms_bytes",
                            "pid",
                            "cpu_percent",
                            "threads",
                            "nice",
                            "status");
            assertThat(rows(c, "select relname from pg_class where relname like 'process_sample%v9'"))
                    .isEmpty();
            // Every partition, old or made by the retention job from now on, has the hour index.
            c.createStatement().execute("select procscope_ensure_partitions(" + (today + 5 * DAY_MILLIS) + ", 0, 1)");
            assertThat(rows(
                            c,
                            "select count(*) = count(x.indexrelid) from pg_inherits i"
                                    + " left join pg_index x on x.indrelid = i.inhrelid"
                                    + " where i.inhparent = 'process_sample'::regclass"))
                    .containsExactly(List.of(true));
        }
    }

    private void migrate(String target) {
        var config = Flyway.configure()
                .dataSource(server + DATABASE, USER, "")
                .locations("classpath:db/migration/postgresql");
        if (target != null) {
            config.target(target);
        }
        config.load().migrate();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(server + DATABASE, USER, "");
    }

    private static long insertHost(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("insert into host (hostname, first_report_millis, last_report_millis)"
                        + " values ('migrated-host', 1, 1) returning id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void insertSample(
            Connection c, long host, int pid, long at, String status, Double cpu, Long rss, Integer threads)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into process_sample (host_id, pid, start_time_millis,"
                + " collected_at_millis, status, cpu_percent, rss_bytes, vms_bytes, threads, nice)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, host);
            s.setInt(2, pid);
            s.setLong(3, 1_000 + pid);
            s.setLong(4, at);
            s.setString(5, status);
            s.setObject(6, cpu, java.sql.Types.REAL);
            s.setObject(7, rss, java.sql.Types.BIGINT);
            s.setObject(8, rss == null ? null : rss * 3, java.sql.Types.BIGINT);
            s.setObject(9, threads, java.sql.Types.INTEGER);
            s.setObject(10, threads == null ? null : -5, java.sql.Types.SMALLINT);
            s.executeUpdate();
        }
    }

    private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static String server() {
        String server = System.getenv(PostgresDatabase.ENV);
        return server == null || server.endsWith("/") ? server : server + "/";
    }
}
