package offramp.snapshot;

import offramp.binlog.BinlogCoordinates;
import offramp.replication.Replica;
import offramp.replication.ReplicationStatus;
import offramp.server.Connections;
import offramp.server.Endpoint;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * The {@code rds-replica} provider (RDS MySQL): AWS's own recipe. An RDS read replica is stopped with
 * {@code CALL mysql.rds_stop_replication}; the source coordinates it has executed up to
 * (Relay_Master_Log_File, Exec_Master_Log_Pos) match its data; it is copied, then started again with
 * {@code CALL mysql.rds_start_replication}, after a failure too.
 */
public final class RdsReplicaSnapshot implements SnapshotProvider {

    private final Endpoint replica;

    public RdsReplicaSnapshot(Endpoint replica) {
        this.replica = replica.with("clone", replica.uri());
    }

    @Override
    public String name() {
        return "rds-replica";
    }

    @Override
    public String describe() {
        return "stop the RDS read replica " + replica.uri() + " (CALL mysql.rds_stop_replication), take its executed "
            + "source coordinates, copy from it, start it again (CALL mysql.rds_start_replication)";
    }

    /** The read replica answers and is a replica, before its replication is stopped (create would find out after). */
    @Override
    public List<ProviderCheck> preflight() {
        String fix = "snapshot.rds-replica.uri: a running read replica of the source, reached as a user who may call "
            + "mysql.rds_stop_replication";
        try (Connection c = Connections.open(replica)) {
            ReplicationStatus status = new Replica(c).replicationStatus();
            boolean replicates = status != null && status.applied() != null;
            return List.of(new ProviderCheck("rds read replica", replicates, replica.uri() + (replicates
                ? " has applied its source's binlog up to " + status.applied() : " is not a replica: SHOW REPLICA STATUS is empty"), fix));
        } catch (SQLException e) {
            return List.of(new ProviderCheck("rds read replica", false, "cannot read " + replica.uri() + ": " + e.getMessage(), fix));
        }
    }

    @Override
    public Clone create(StateLog log) throws SQLException {
        try (Connection c = Connections.open(replica); Statement s = c.createStatement()) {
            log.put("stopped", "true");
            s.execute("CALL mysql.rds_stop_replication");
            ReplicationStatus status = new Replica(c).replicationStatus();
            if (status == null || status.applied() == null) {
                throw new SQLException(replica.uri() + " is not a replica: SHOW REPLICA STATUS is empty");
            }
            if ("Yes".equals(status.sqlRunning())) {
                throw new SQLException("replication on " + replica.uri() + " is still applying after rds_stop_replication");
            }
            log.put("file", status.applied().file());
            log.put("position", Long.toString(status.applied().position()));
        }
        return new Clone(replica, log.all());
    }

    @Override
    public Clone resume(Map<String, String> state) {
        return new Clone(replica, state);
    }

    @Override
    public boolean coordinatesFromProvider() {
        return true;
    }

    @Override
    public String coordinatesEvidence() {
        return "the replica's executed source coordinates (Relay_Master_Log_File, Exec_Master_Log_Pos) after replication was stopped";
    }

    @Override
    public boolean keepsForResume() {
        return false;
    }

    @Override
    public BinlogCoordinates reportedCoordinates(Map<String, String> state) {
        return state.containsKey("file") ? new BinlogCoordinates(state.get("file"), Long.parseLong(state.get("position"))) : null;
    }

    @Override
    public SourcePause sourcePause(Map<String, String> state) {
        return SourcePause.notStopped("not stopped: the read replica " + replica.uri() + " stopped replicating instead");
    }

    @Override
    public Removal cleanup(Map<String, String> state) {
        if (!"true".equals(state.get("stopped"))) {
            return Removal.nothing("the read replica " + replica.uri() + " was not stopped");
        }
        Removal.Tally tally = new Removal.Tally();
        try (Connection c = Connections.open(replica); Statement s = c.createStatement()) {
            s.execute("CALL mysql.rds_start_replication");
            tally.done("started replication again on the read replica " + replica.uri() + " (CALL mysql.rds_start_replication)");
        } catch (SQLException e) {
            tally.couldNot("start replication again on the read replica " + replica.uri(), e,
                "run CALL mysql.rds_start_replication; on it by hand");
        }
        return tally.removal("");
    }
}
