package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.server.Endpoint;
import offramp.server.Flavor;
import offramp.server.ServerInfo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Points a replica at a source from proven coordinates, and waits for it to catch up. */
public final class Replica {

    private final Connection replica;
    private final Flavor flavor;

    public Replica(Connection replica) throws SQLException {
        this.replica = replica;
        this.flavor = ServerInfo.read(replica).flavor();
    }

    /**
     * Configures and starts replication from {@code source} at {@code at}.
     *
     * @param sourceHost how the replica reaches the source (may differ from how offramp does)
     * @param user       the replication user on the source, with its password
     */
    public void start(String sourceHost, int sourcePort, Endpoint user, BinlogCoordinates at) throws SQLException {
        try (Statement s = replica.createStatement()) {
            s.execute(flavor.changeSource(sourceHost, sourcePort, user.uri().user(), user.password(), at.file(), at.position()));
            s.execute(flavor.startReplica());
        }
    }

    /**
     * Waits until the replica has applied everything up to {@code target}, the source's current position.
     *
     * @throws SQLException with the replica's own error when replication stopped or did not get there in time
     */
    public void awaitPosition(BinlogCoordinates target, int timeoutSeconds) throws SQLException {
        try (Statement s = replica.createStatement();
             ResultSet rs = s.executeQuery(flavor.waitForSourcePosition(target.file(), target.position(), timeoutSeconds))) {
            rs.next();
            long result = rs.getLong(1);
            if (rs.wasNull() || result < 0) {
                throw new SQLException("the replica did not reach " + target + " within " + timeoutSeconds + " s: "
                    + status());
            }
        }
    }

    /** The replication threads' state and last errors, from SHOW REPLICA STATUS. */
    public String status() throws SQLException {
        try (Statement s = replica.createStatement(); ResultSet rs = s.executeQuery(flavor.showReplicaStatus())) {
            if (!rs.next()) {
                return "replication is not configured";
            }
            return "IO thread " + column(rs, "Slave_IO_Running", "Replica_IO_Running")
                + ", SQL thread " + column(rs, "Slave_SQL_Running", "Replica_SQL_Running")
                + ", last IO error '" + column(rs, "Last_IO_Error", "Last_IO_Error")
                + "', last SQL error '" + column(rs, "Last_SQL_Error", "Last_SQL_Error") + "'";
        }
    }

    /** How far the replica's applier is from {@code sourceAt}, in binlog bytes when both are in one file. */
    public String progress(BinlogCoordinates sourceAt) throws SQLException {
        try (Statement s = replica.createStatement(); ResultSet rs = s.executeQuery(flavor.showReplicaStatus())) {
            if (!rs.next()) {
                return "replication is not configured";
            }
            String file = column(rs, "Relay_Master_Log_File", "Relay_Source_Log_File");
            long applied = rs.getLong(column(rs, "Exec_Master_Log_Pos", "Exec_Source_Log_Pos") == null
                ? "Exec_Source_Log_Pos" : "Exec_Master_Log_Pos");
            String lag = column(rs, "Seconds_Behind_Master", "Seconds_Behind_Source");
            String behind = file != null && file.equals(sourceAt.file())
                ? (sourceAt.position() - applied) + " bytes behind" : "applying " + file;
            return "applied " + file + ":" + applied + ", " + behind + ", " + (lag == null ? "?" : lag) + " s lag";
        }
    }

    private static String column(ResultSet rs, String legacy, String current) throws SQLException {
        try {
            return rs.getString(legacy);
        } catch (SQLException e) {
            return rs.getString(current);
        }
    }

    /** The source's current binlog position: what a caught-up replica has applied. */
    public static BinlogCoordinates currentPosition(Connection source) throws SQLException {
        Flavor flavor = ServerInfo.read(source).flavor();
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery(flavor.showBinaryLogStatus())) {
            if (!rs.next()) {
                throw new SQLException("binary logging is off on the source");
            }
            return new BinlogCoordinates(rs.getString(1), rs.getLong(2));
        }
    }
}
