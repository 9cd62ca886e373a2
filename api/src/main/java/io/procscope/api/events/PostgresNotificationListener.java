package io.procscope.api.events;

import io.procscope.api.config.Database;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * On PostgreSQL, this replica's one listening connection: it hears every replica's {@link
 * PostgresNotifications} and hands them to {@link HostAnnouncer}. It runs on a daemon thread of its
 * own, outside the pool (a pooled connection would be taken for good), and reconnects after any
 * failure, then announces the reporting hosts again for what it may have missed.
 */
@ApplicationScoped
class PostgresNotificationListener {

    private static final Logger LOG = Logger.getLogger(PostgresNotificationListener.class);

    /** How long one wait for notifications lasts; also how soon a shutdown is noticed. */
    static final int POLL_MILLIS = 5_000;
    /**
     * How often the connection is checked with a query when nothing arrives: waiting for
     * notifications only reads the socket, so a connection that died silently shows no error.
     */
    static final long PING_MILLIS = 30_000;

    private static final long FIRST_RETRY_MILLIS = 500;
    private static final long LAST_RETRY_MILLIS = 30_000;

    private final boolean postgres;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private final HostAnnouncer announcer;

    private volatile boolean running;
    private volatile Connection connection;
    private Thread thread;

    PostgresNotificationListener(
            Database database,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            HostAnnouncer announcer) {
        this.postgres = database.isPostgreSQL();
        this.url = url.orElse(null);
        this.username = username;
        this.password = password;
        this.announcer = announcer;
    }

    void start(@Observes StartupEvent event) {
        if (!postgres || url == null) {
            return;
        }
        running = true;
        thread = new Thread(this::listen, "procscope-pg-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (thread == null) {
            return;
        }
        running = false;
        thread.interrupt();
        closeQuietly(connection);
        thread.join(POLL_MILLIS);
    }

    private void listen() {
        long retryMillis = FIRST_RETRY_MILLIS;
        boolean heardBefore = false;
        while (running) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement listen = c.createStatement()) {
                    listen.execute("LISTEN " + PostgresNotifications.CHANNEL);
                    listen.execute("LISTEN " + PostgresNotifications.ALERTS_CHANNEL);
                }
                if (heardBefore) {
                    LOG.info("Listening to other replicas' reports again");
                    announcer.announceReporting();
                    announcer.announceAlerts();
                } else {
                    LOG.debugf("Listening on channel %s", PostgresNotifications.CHANNEL);
                }
                heardBefore = true;
                retryMillis = FIRST_RETRY_MILLIS;
                relay(c);
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                LOG.warnf(
                        "Not hearing other replicas' reports: the listening connection failed (%s); retrying in %d ms",
                        e.getMessage(), retryMillis);
                try {
                    Thread.sleep(retryMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
                retryMillis = Math.min(retryMillis * 2, LAST_RETRY_MILLIS);
            } finally {
                connection = null;
            }
        }
    }

    private void relay(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastContact = System.currentTimeMillis();
        while (running) {
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            long now = System.currentTimeMillis();
            if (notifications != null && notifications.length > 0) {
                for (PGNotification notification : notifications) {
                    if (PostgresNotifications.ALERTS_CHANNEL.equals(notification.getName())) {
                        announcer.announceAlerts();
                    } else {
                        announcer.announceStored(notification.getParameter());
                    }
                }
                lastContact = now;
            } else if (now - lastContact >= PING_MILLIS) {
                try (Statement ping = c.createStatement()) {
                    ping.execute("select 1");
                }
                lastContact = now;
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        username.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("ApplicationName", "procscope-events");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "10");
        // Bounds the ping; a wait for notifications sets its own timeout.
        properties.setProperty("socketTimeout", "30");
        Connection c = new org.postgresql.Driver().connect(url, properties);
        if (c == null) {
            throw new SQLException("Not a PostgreSQL JDBC URL: " + url);
        }
        return c;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("Closing the listening connection failed", e);
            }
        }
    }
}
