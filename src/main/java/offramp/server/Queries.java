package offramp.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Queries that read one row: a server variable, a count, a status line. A query that returns no row fails with
 * the query in its message, rather than reading the columns of a row that is not there. And {@link #all}: every
 * row of a query with parameters.
 */
public final class Queries {

    /** Reads the columns of the one row a query returns. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private Queries() {
    }

    /** The first row of {@code sql}, read by {@code row}; fails when there is none. */
    public static <T> T one(Connection c, String sql, Row<T> row) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return row(rs, sql, row);
        }
    }

    /** The first row of a result set already executed by {@code sql}, read by {@code row}; fails when there is none. */
    public static <T> T row(ResultSet rs, String sql, Row<T> row) throws SQLException {
        requireRow(rs, sql);
        return row.read(rs);
    }

    /** Moves to the first row of a result set already executed by {@code sql}; fails when there is none. */
    public static void requireRow(ResultSet rs, String sql) throws SQLException {
        if (!rs.next()) {
            throw new SQLException(sql + " returned no row");
        }
    }

    /** The first column of the one row of {@code sql}; null when it is NULL. */
    public static String string(Connection c, String sql) throws SQLException {
        return one(c, sql, rs -> rs.getString(1));
    }

    /** The first column of the one row of {@code sql}; "" when it is NULL. */
    public static String text(Connection c, String sql) throws SQLException {
        String value = string(c, sql);
        return value == null ? "" : value;
    }

    /** The first column of the one row of {@code sql} as a number; null when it is NULL. */
    public static Long nullableNumber(Connection c, String sql) throws SQLException {
        return one(c, sql, rs -> {
            long value = rs.getLong(1);
            return rs.wasNull() ? null : value;
        });
    }

    /** The first column of the one row of {@code sql} as a number; 0 when it is NULL. */
    public static long number(Connection c, String sql) throws SQLException {
        return one(c, sql, rs -> rs.getLong(1));
    }

    /** Every row of {@code sql} with its {@code ?} bound to {@code parameters} in order, each read by {@code row}. */
    public static <T> List<T> all(Connection c, String sql, List<String> parameters, Row<T> row) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                ps.setString(i + 1, parameters.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
        }
        return rows;
    }
}
