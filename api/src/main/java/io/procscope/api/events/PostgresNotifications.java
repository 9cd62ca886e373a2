package io.procscope.api.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The PostgreSQL channel on which replicas tell each other that a host's newest report was stored.
 * The payload is the host name. The channel's name carries a version, so that a replica of a later
 * release with another payload does not confuse this one during a rolling update.
 */
public final class PostgresNotifications {

    /** The channel's name. */
    public static final String CHANNEL = "procscope_host_stored_v1";

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
}
