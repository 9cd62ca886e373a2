package io.procscope.api.query;

import static io.procscope.api.domain.NullableColumns.nullableDouble;
import static io.procscope.api.domain.NullableColumns.nullableInt;
import static io.procscope.api.domain.NullableColumns.nullableLong;

import io.procscope.api.config.Database;
import io.procscope.api.domain.StatusCode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The running processes of the whole fleet as rows, read from {@code process_current} (what each
 * uses now, written as reports arrive) and {@code process} (what it is), never from each host's
 * encoded state: what the fleet's search and top lists share.
 */
final class FleetRows {

    /**
     * The columns {@link #row} reads, of {@code c} (process_current), {@code p} (process) and {@code
     * h} (host), starting with the host's id and name.
     */
    static final String COLUMNS = "h.id, h.hostname, c.pid, p.ppid, p.name, p.exe, p.command_line, p.username,"
            + " c.status, c.start_time_millis, c.cpu_percent, c.rss_bytes, c.vms_bytes, c.threads, c.nice, p.cwd,"
            + " p.container_id, p.pod_uid, p.pod_namespace, p.pod_name, h.memory_total_bytes";

    private static final StatusCode STATUS_CODES = new StatusCode();

    private FleetRows() {}

    /**
     * The text the search looks into, lower-cased, fields apart: on PostgreSQL the expression of the
     * trigram index {@code process_fleet_search} (V7), which a query must repeat to use it.
     */
    static String searchText(Database database) {
        String separator = database.isPostgreSQL() ? "chr(1)" : "char(1)";
        return "lower(coalesce(p.name, '') || " + separator + " || coalesce(p.command_line, '') || " + separator
                + " || coalesce(p.username, '') || " + separator + " || coalesce(p.pod_name, ''))";
    }

    /**
     * The condition a search puts on {@code p}: its text contains the needle, or its container id
     * starts with it. Takes two parameters, {@link #contains} and {@link #startsWith} of the needle.
     */
    static String matches(Database database) {
        return "p.ended_millis is null and (" + searchText(database) + " like ? escape '\\'"
                + " or lower(p.container_id) like ? escape '\\')";
    }

    /** The LIKE pattern of a text that contains {@code needle}, any case. */
    static String contains(String needle) {
        return "%" + escape(needle.toLowerCase(Locale.ROOT)) + "%";
    }

    /** The LIKE pattern of a text that starts with {@code needle}, any case. */
    static String startsWith(String needle) {
        return escape(needle.toLowerCase(Locale.ROOT)) + "%";
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** The row at the result set's cursor, read from {@link #COLUMNS}' third column on. */
    static ProcessRow row(ResultSet rs) throws SQLException {
        return row(rs, 0);
    }

    /**
     * The row at the result set's cursor, read from {@link #COLUMNS}' third column on, where {@code
     * before} columns come before {@link #COLUMNS}.
     */
    static ProcessRow row(ResultSet rs, int before) throws SQLException {
        int b = before;
        Long rss = nullableLong(rs, b + 12);
        Long memoryTotal = nullableLong(rs, b + 21);
        Double memoryPercent =
                rss == null || memoryTotal == null || memoryTotal == 0 ? null : 100.0 * rss / memoryTotal;
        return new ProcessRow(
                rs.getInt(b + 3),
                nullableInt(rs, b + 4),
                rs.getString(b + 5),
                rs.getString(b + 6),
                rs.getString(b + 7),
                rs.getString(b + 8),
                STATUS_CODES.convertToEntityAttribute(rs.getString(b + 9)),
                rs.getLong(b + 10),
                nullableDouble(rs, b + 11),
                rss,
                nullableLong(rs, b + 13),
                nullableInt(rs, b + 14),
                nullableInt(rs, b + 15),
                rs.getString(b + 16),
                rs.getString(b + 17),
                rs.getString(b + 18),
                rs.getString(b + 19),
                rs.getString(b + 20),
                memoryPercent);
    }
}
