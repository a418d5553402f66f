package offramp.verify;

import offramp.server.Dialect;
import offramp.server.ServerInfo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a server stands: the end of its binlog, and, on a replica, the source position it has applied up to. Read
 * before and after a comparison that assumes still servers, so that a server that moved meanwhile is said to have.
 *
 * @param binlog  {@code file:position} of its binlog; null where binlog is off or cannot be read
 * @param applied {@code file:position} of its source that it has applied; null where it is no replica
 */
public record ServerStanding(String binlog, String applied) {

    public static ServerStanding of(Connection c) throws SQLException {
        Dialect dialect = ServerInfo.read(c).dialect();
        String binlog = null;
        String applied = null;
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(dialect.showBinaryLogStatus())) {
                if (rs.next()) {
                    binlog = rs.getString(1) + ":" + rs.getString(2);
                }
            } catch (SQLException e) {
                // without the privilege to read it, the binlog's movement is not known: the replica position may be
            }
            try (ResultSet rs = s.executeQuery(dialect.showReplicaStatus())) {
                if (rs.next()) {
                    applied = rs.getString(dialect.statusColumn("Relay_Master_Log_File")) + ":"
                        + rs.getString(dialect.statusColumn("Exec_Master_Log_Pos"));
                }
            } catch (SQLException e) {
                // likewise
            }
        }
        return new ServerStanding(binlog, applied);
    }

    /** How a server moved between two readings; null when it stood still. */
    static Movement moved(String server, ServerStanding before, ServerStanding after) {
        List<String> moves = new ArrayList<>();
        if (!Objects.equals(before.binlog(), after.binlog())) {
            moves.add("binlog " + before.binlog() + " to " + after.binlog());
        }
        if (!Objects.equals(before.applied(), after.applied())) {
            moves.add("applied source position " + before.applied() + " to " + after.applied());
        }
        return moves.isEmpty() ? null : new Movement(server, moves);
    }
}
