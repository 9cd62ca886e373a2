package io.procscope.api.domain;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Nullable numeric columns read with plain JDBC, whose getters answer 0 for SQL null. */
public final class NullableColumns {

    private NullableColumns() {}

    /** The column's value, or null when it is SQL null. */
    public static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    /** The column's value, or null when it is SQL null. */
    public static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** The column's value, or null when it is SQL null. */
    public static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
