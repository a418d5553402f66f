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
 * @param version  {@code @@version}
 * @param flavor   the server family
 * @param serverId {@code @@server_id}
 * @param logBin   whether binary logging is on
 */
public record ServerInfo(String version, Flavor flavor, long serverId, boolean logBin) {

    static final int ER_ACCESS_DENIED = 1045;
    static final int ER_SPECIFIC_ACCESS_DENIED = 1227;

    /**
     * Whether InnoDB writes its redo log (it may be switched off on MySQL 8.0.21+, see
     * {@link Flavor#canDisableRedoLog}); true where the server does not say.
     */
    public static boolean redoLogOn(Connection c, Flavor flavor) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(flavor.redoLogEnabledQuery())) {
            return !rs.next() || !"OFF".equalsIgnoreCase(rs.getString(2));
        }
    }

    public static ServerInfo read(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@version, @@server_id, @@log_bin")) {
            rs.next();
            String version = rs.getString(1);
            return new ServerInfo(version, Flavor.of(version), rs.getLong(2), rs.getBoolean(3));
        }
    }

    /** {@code SHOW BINARY LOGS}: every binlog file the server still has, oldest first, with its size. */
    public List<BinaryLogFile> binaryLogs(Connection c) throws SQLException {
        List<BinaryLogFile> files = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(flavor.showBinaryLogs())) {
            while (rs.next()) {
                files.add(new BinaryLogFile(rs.getString(1), rs.getLong(2)));
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_SPECIFIC_ACCESS_DENIED || e.getErrorCode() == ER_ACCESS_DENIED) {
                throw new SQLException("SHOW BINARY LOGS was refused: grant the user " + flavor.binlogListPrivilege()
                    + " (GRANT " + flavor.binlogListPrivilege() + ", " + flavor.binlogReadPrivilege() + " ON *.* TO ...); "
                    + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
            }
            throw e;
        }
        return files;
    }

    /** The server's GTID state ({@link Flavor#gtidStateName()}); empty when it has none. */
    public String gtidState(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(flavor.gtidStateQuery())) {
            rs.next();
            String value = rs.getString(1);
            return value == null ? "" : value.replace("\n", "");
        }
    }

    /** A binlog file as {@code SHOW BINARY LOGS} lists it. */
    public record BinaryLogFile(String name, long size) {
    }
}
