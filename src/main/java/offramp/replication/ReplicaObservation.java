package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.server.BinlogRetention;
import offramp.server.ServerIdentity;
import offramp.server.ServerInfo;

import java.util.List;

/**
 * One look at a standing replica and its source, as {@code offramp status} takes it. Decisions about it are made
 * by {@link ReplicaHealth}, from two looks some seconds apart.
 *
 * @param atSeconds          when the look was taken, on a monotonic clock (for rates)
 * @param status             SHOW REPLICA STATUS; null when replication is not configured
 * @param replicaServerId    the replica's server_id
 * @param replicaUuid        the replica's server_uuid; null on MariaDB
 * @param readOnly           the replica's read_only
 * @param superReadOnly      its super_read_only; null where there is none (MariaDB)
 * @param ownGtidState       MariaDB's gtid_binlog_state or MySQL's gtid_executed on the replica; empty when none
 * @param replicaBinlogAt    the replica's own binlog position; null when its binlog is off
 * @param logReplicaUpdates  whether the replica binlogs what it applies
 * @param source             the source offramp reached; null when it could not
 * @param sourceProblem      why the source could not be read; null when it was
 * @param recordedSource     the source the provision run started from (its journal); null when not known
 * @param sourceAt           the source's current binlog position; null when unknown
 * @param sourceFiles        the source's SHOW BINARY LOGS; null when unknown
 * @param sourceClock        the source's clock, seconds since the epoch; 0 when unknown
 * @param retention          how long the source keeps binlog files; null when unknown
 * @param neededFileClosedAt when the source stopped writing the oldest file the replica still needs (the first event
 *                           of the next file), seconds since the epoch; null when it is still being written or unknown
 * @param ownGtidsAtProvision the replica's {@code ownGtidState} when offramp configured replication (its journal):
 *                           what it wrote itself before is no drift; empty when not known
 * @param lostSettings       settings offramp put on the replica that it no longer has (a restart lost them)
 * @param restore            how to put them back and keep them; null when none is lost
 * @param appliedTransactions the source's transactions the replica has applied, from its GTID state; null when it
 *                           does not count them (MySQL with GTIDs off)
 */
public record ReplicaObservation(double atSeconds, ReplicationStatus status, long replicaServerId, String replicaUuid,
                                 boolean readOnly, Boolean superReadOnly, String ownGtidState,
                                 BinlogCoordinates replicaBinlogAt, boolean logReplicaUpdates,
                                 ServerIdentity source, String sourceProblem, ServerIdentity recordedSource,
                                 BinlogCoordinates sourceAt, List<ServerInfo.BinaryLogFile> sourceFiles,
                                 long sourceClock, BinlogRetention retention, Long neededFileClosedAt,
                                 String ownGtidsAtProvision, List<LostSetting> lostSettings, String restore,
                                 Long appliedTransactions) {

    /** The oldest source binlog file the replica still needs: the one it has applied up to. */
    public String neededFile() {
        return status == null || status.applied() == null ? null : status.applied().file();
    }
}
