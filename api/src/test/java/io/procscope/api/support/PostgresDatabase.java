package io.procscope.api.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A real PostgreSQL database for tests: {@code procscope_test} (or {@code PROCSCOPE_TEST_POSTGRES_DATABASE}) on the server that {@value #ENV} names
 * (for example {@code jdbc:postgresql://127.0.0.1:5432/}), created when missing. No container:
 * the server runs beside the build (.ci/run starts it).
 */
public class PostgresDatabase implements QuarkusTestResourceLifecycleManager {

    /** The environment variable that turns the PostgreSQL tests on and names the server. */
    public static final String ENV = "PROCSCOPE_TEST_POSTGRES";

    /** {@code PROCSCOPE_TEST_POSTGRES_DATABASE}, so that two runs on one server keep apart. */
    static final String DATABASE = System.getenv().getOrDefault("PROCSCOPE_TEST_POSTGRES_DATABASE", "procscope_test");

    private static final String USER = System.getenv().getOrDefault("PROCSCOPE_TEST_POSTGRES_USER", "postgres");

    @Override
    public Map<String, String> start() {
        String base = server();
        try (Connection c = DriverManager.getConnection(base + "postgres", USER, "");
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    s.execute("create database " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + base + " is not reachable as " + USER + ": " + e.getMessage()
                            + ". Start it (see README, Tests) or unset " + ENV + ".",
                    e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url",
                base + DATABASE + "?reWriteBatchedInserts=true",
                "quarkus.datasource.username",
                USER,
                "quarkus.datasource.password",
                "");
    }

    @Override
    public void stop() {}

    /**
     * A connection of its own to the test database, past any {@link PostgresProxy}: as another
     * replica of the application, or an operator, would reach it.
     */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(server() + DATABASE, USER, "");
    }

    /** The server's JDBC URL up to and with the slash before the database's name. */
    private static String server() {
        String server = System.getenv(ENV);
        if (server == null || server.isBlank()) {
            throw new IllegalStateException(ENV + " is not set: it names the PostgreSQL server for these tests, "
                    + "for example jdbc:postgresql://127.0.0.1:5432/");
        }
        return server.endsWith("/") ? server : server + "/";
    }
}
