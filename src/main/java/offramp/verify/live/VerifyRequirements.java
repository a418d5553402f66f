package offramp.verify.live;

import offramp.replication.Replica;
import offramp.replication.ReplicationStatus;
import offramp.server.Dialect;
import offramp.server.Grants;
import offramp.server.ServerInfo;
import offramp.usage.BadUsage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a live verification needs before it pauses anything, each missing piece named with its fix: on the source
 * SELECT on the compared schemas, the privilege to read its binlog position and, where the position needs a
 * table lock (MySQL, Aurora), LOCK TABLES; on the replica SELECT, and the privilege to pause and resume its applier;
 * and a replica that replicates from this source and runs.
 */
final class VerifyRequirements {

    private VerifyRequirements() {
    }

    static void check(Connection source, Dialect sourceDialect, Connection replica, Dialect replicaDialect,
                      List<String> schemas, String sourceUser, String replicaUser) throws SQLException {
        List<String> problems = new ArrayList<>();
        Grants onSource = Grants.read(source);
        Grants onReplica = Grants.read(replica);
        boolean lock = sourceDialect.snapshotPositionQuery() == null;
        for (String schema : schemas) {
            if (onSource.complete() && !onSource.has("SELECT", schema)) {
                problems.add("the source account cannot read schema " + schema + ": GRANT SELECT ON `" + schema + "`.* TO " + sourceUser);
            }
            if (lock && onSource.complete() && !onSource.has("LOCK TABLES", schema)) {
                problems.add("the source account cannot take the brief read lock that makes a snapshot's position exact on "
                    + sourceDialect.label() + ": GRANT LOCK TABLES ON `" + schema + "`.* TO " + sourceUser);
            }
            if (onReplica.complete() && !onReplica.has("SELECT", schema)) {
                problems.add("the replica account cannot read schema " + schema + ": GRANT SELECT ON `" + schema + "`.* TO " + replicaUser);
            }
        }
        String binlogPrivilege = sourceDialect.binlogListPrivilege();
        if (onSource.complete() && !onSource.hasGlobal(binlogPrivilege) && !onSource.hasGlobal("SUPER")) {
            problems.add("the source account cannot read the binlog position: GRANT " + binlogPrivilege + " ON *.* TO " + sourceUser);
        }
        if (onReplica.complete() && replicaDialect.replicaControlPrivileges().stream().noneMatch(onReplica::hasGlobal)) {
            problems.add("the replica account cannot pause and resume the replica's applier: "
                + replicaDialect.replicaControlGrant(replicaUser));
        }
        if (!problems.isEmpty()) {
            throw new BadUsage("verify cannot start, nothing was paused: " + String.join("; ", problems));
        }
        ReplicationStatus status;
        try {
            status = new Replica(replica).replicationStatus();
        } catch (SQLException e) {
            throw new BadUsage("the replica's replication status cannot be read (" + e.getMessage() + "): "
                + replicaDialect.replicaControlGrant(replicaUser));
        }
        if (status == null) {
            throw new BadUsage("the replica is not a replica: replication is not configured on it (offramp replicate sets it up)");
        }
        if (status.sqlErrno() != 0 || status.ioErrno() != 0 || !status.running()) {
            throw new BadUsage("the replica's replication does not run (" + status + "): verify compares a running replica; "
                + "see offramp status, fix replication, and verify again");
        }
        List<String> files = ServerInfo.read(source).binaryLogs(source).stream().map(ServerInfo.BinaryLogFile::name).toList();
        if (status.applied() != null && !files.contains(status.applied().file())) {
            throw new BadUsage("the replica applies " + status.applied() + ", a binlog file the source does not have ("
                + (files.isEmpty() ? "none" : files.get(0) + " to " + files.get(files.size() - 1))
                + "): it does not replicate from this source. Give verify the replica's own source");
        }
    }
}
