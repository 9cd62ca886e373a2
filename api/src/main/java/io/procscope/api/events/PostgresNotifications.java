package io.procscope.api.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The PostgreSQL channels on which replicas tell each other that a host's newest report was stored
 * (the payload is the host name), and that alerts changed (no payload). The channels' names carry a
 * version, so that a replica of a later release with another payload does not confuse this one
 * during a rolling update. Alerts have a channel of their own: a host name, which an agent
 * chooses, can never pass for that news.
 */
public final class PostgresNotifications {

    /** The channel's name. */
    public static final String CHANNEL = "procscope_host_stored_v1";

    /** The channel on which an alert fired or resolved, or a silence was set or ended. */
    public static final String ALERTS_CHANNEL = "procscope_alerts_changed_v1";

    private PostgresNotifications() {}

    /**
     * Queues the notification on {@code connection}'s transaction: PostgreSQL delivers it to every
     * listener when that transaction commits, and never when it rolls back.
     */
    public static void notifyStored(Connection connection, String hostname) throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, hostname);
            notify.execute();
        }
    }

    /**
     * Queues "alerts changed" on {@code connection}'s transaction, delivered on commit as {@link
     * #notifyStored} is; PostgreSQL sends it once however often one transaction queues it.
     */
    public static void notifyAlertsChanged(Connection connection) throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement("select pg_notify(?, '')")) {
            notify.setString(1, ALERTS_CHANNEL);
            notify.execute();
        }
    }
}
