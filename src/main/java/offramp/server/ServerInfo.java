package offramp.server;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What offramp needs to know about a server before reading its binlog.
 *
 * @param dialect  how to speak to it, with its version
 * @param serverId {@code @@server_id}
 * @param logBin   whether binary logging is on
 */
public record ServerInfo(Dialect dialect, long serverId, boolean logBin) {

    static final int ER_ACCESS_DENIED = 1045;
    static final int ER_SPECIFIC_ACCESS_DENIED = 1227;

    /** {@code @@version} as the server reports it. */
    public String version() {
        return dialect.version().text();
    }

    /**
     * Whether InnoDB writes its redo log (it may be switched off on MySQL 8.0.21+, see
     * {@link Dialect#canDisableRedoLog}); true where the server does not say.
     */
    public static boolean redoLogOn(Connection c, Dialect dialect) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(dialect.redoLogEnabledQuery())) {
            return !rs.next() || !"OFF".equalsIgnoreCase(rs.getString(2));
        }
    }

    public static ServerInfo read(Connection c) throws SQLException {
        return Queries.one(c, "SELECT @@version, @@server_id, @@log_bin",
            rs -> new ServerInfo(Dialect.of(rs.getString(1)), rs.getLong(2), rs.getBoolean(3)));
    }

    /** {@code SHOW BINARY LOGS}: every binlog file the server still has, oldest first, with its size. */
    public List<BinaryLogFile> binaryLogs(Connection c) throws SQLException {
        List<BinaryLogFile> files = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(dialect.showBinaryLogs())) {
            while (rs.next()) {
                files.add(new BinaryLogFile(rs.getString(1), rs.getLong(2)));
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_SPECIFIC_ACCESS_DENIED || e.getErrorCode() == ER_ACCESS_DENIED) {
                throw new SQLException("SHOW BINARY LOGS was refused: grant the user " + dialect.binlogListPrivilege()
                    + " (GRANT " + dialect.binlogListPrivilege() + ", " + dialect.binlogReadPrivilege() + " ON *.* TO ...); "
                    + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
            }
            throw e;
        }
        return files;
    }

    /** The server's GTID state ({@link Dialect#gtidStateName()}); empty when it has none. */
    public String gtidState(Connection c) throws SQLException {
        return Queries.text(c, dialect.gtidStateQuery()).replace("\n", "");
    }

    /** A binlog file as {@code SHOW BINARY LOGS} lists it. */
    public record BinaryLogFile(String name, long size) {
    }
}
