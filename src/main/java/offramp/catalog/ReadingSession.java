package offramp.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The session setting that makes reading exact, the same on every connection of a copy or comparison. */
public final class ReadingSession {

    private ReadingSession() {
    }

    /**
     * TIMESTAMP values in UTC (no time zone or daylight-saving conversion on the way), and column bytes as stored
     * (no character set conversion of results).
     */
    public static void apply(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION time_zone = '+00:00'");
        }
    }
}
