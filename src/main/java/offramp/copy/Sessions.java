package offramp.copy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Session settings that make reading and loading exact, the same on every connection of a copy or comparison. */
public final class Sessions {

    private Sessions() {
    }

    /**
     * For reading: TIMESTAMP values in UTC (no time zone or daylight-saving conversion on the way), and column
     * bytes as stored (no character set conversion of results).
     */
    public static void forReading(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION time_zone = '+00:00'");
        }
    }

    /** For raw row bytes: everything of {@link #forReading}, and results in the columns' own character sets. */
    public static void forStreaming(Connection c) throws SQLException {
        forReading(c);
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION character_set_results = NULL");
        }
    }

    /**
     * For loading: UTC, no key checks during the load (the source already enforced them), zero dates and a zero
     * AUTO_INCREMENT value kept as they are.
     */
    public static void forLoading(Connection c) throws SQLException {
        forReading(c);
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION foreign_key_checks = 0, unique_checks = 0, "
                + "sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION'");
        }
    }
}
