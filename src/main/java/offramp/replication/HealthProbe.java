package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.binlog.ServerBinlogReader;
import offramp.server.BinlogRetention;
import offramp.server.Connections;
import offramp.server.Dialect;
import offramp.server.Endpoint;
import offramp.server.Queries;
import offramp.server.ServerIdentity;
import offramp.server.ServerInfo;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes {@link ReplicaObservation}s of a standing replica and its source, over bounded connections opened for each
 * look (a look every few seconds at most; a server that restarted in between is simply reached again).
 */
public final class HealthProbe {

    private final Endpoint replica;
    private final Endpoint source;
    private final Recorded recorded;
    private final long started = System.nanoTime();
    /** When the source closed each file: it never changes once the next file exists. */
    private final Map<String, Long> closedAt = new HashMap<>();

    /**
     * @param recorded what the provision run recorded in its journal: the source it started from, the replica's own
     *                 GTIDs then, the settings it put on the replica
     */
    public HealthProbe(Endpoint replica, Endpoint source, Recorded recorded) {
        this.replica = replica;
        this.source = source;
        this.recorded = recorded;
    }

    /**
     * One look. The source may be out of reach (the figures that need it are then unknown); the replica may not.
     *
     * @throws SQLException when the replica cannot be reached or read
     */
    public ReplicaObservation observe() throws SQLException {
        double at = (System.nanoTime() - started) / 1e9;
        ReplicationStatus status;
        long serverId;
        String uuid;
        boolean readOnly;
        Boolean superReadOnly;
        String ownState;
        BinlogCoordinates ownAt = null;
        boolean logReplicaUpdates;
        List<LostSetting> lost;
        String restore = null;
        Long appliedTransactions;
        try (Connection r = Connections.open(replica)) {
            ServerInfo info = ServerInfo.read(r);
            Dialect flavor = info.dialect();
            Replica replicaServer = new Replica(r);
            status = replicaServer.replicationStatus();
            lost = replicaServer.lost(recorded.settings());
            appliedTransactions = replicaServer.appliedTransactionCount();
            if (!lost.isEmpty()) {
                restore = String.join("; ", replicaServer.restore(lost)) + (recorded.optionFile() == null
                    ? "" : "; and keep them across restarts: add '!include " + recorded.optionFile()
                    + "' to the replica's option file (my.cnf), on its host");
            }
            ServerIdentity identity = ServerIdentity.read(r, replica.uri());
            serverId = identity.serverId();
            uuid = identity.serverUuid();
            ReadOnlyState state = Queries.one(r, flavor.readOnlyQuery(), rs -> {
                boolean ro = rs.getBoolean(1);
                boolean sro = rs.getBoolean(2);
                return new ReadOnlyState(ro, rs.wasNull() ? null : sro);
            });
            readOnly = state.readOnly();
            superReadOnly = state.superReadOnly();
            ownState = replicaServer.ownGtidState();
            logReplicaUpdates = "1".equals(scalar(r, flavor.logReplicaUpdatesQuery()));
            if (info.logBin()) {
                ownAt = Replica.currentPosition(r);
            }
        }
        ServerIdentity sourceIdentity = null;
        String sourceProblem = null;
        BinlogCoordinates sourceAt = null;
        List<ServerInfo.BinaryLogFile> files = null;
        long clock = 0;
        BinlogRetention retention = null;
        Long neededClosedAt = null;
        try (Connection s = Connections.open(source)) {
            ServerInfo info = ServerInfo.read(s);
            sourceIdentity = ServerIdentity.read(s, source.uri());
            sourceAt = Replica.currentPosition(s);
            files = info.binaryLogs(s);
            clock = Long.parseLong(scalar(s, "SELECT UNIX_TIMESTAMP()"));
            retention = BinlogRetention.read(s, info.dialect());
            String needed = status == null || status.applied() == null ? null : status.applied().file();
            neededClosedAt = closedAt(needed, files);
        } catch (SQLException e) {
            sourceProblem = e.getMessage();
        }
        return new ReplicaObservation(at, status, serverId, uuid, readOnly, superReadOnly, ownState, ownAt,
            logReplicaUpdates, sourceIdentity, sourceProblem, recorded.source(), sourceAt, files, clock, retention,
            neededClosedAt, recorded.ownGtids(), lost, restore, appliedTransactions);
    }

    /**
     * When the source stopped writing {@code file}: the time of the first event of the file after it, read over the
     * replication protocol. Null when {@code file} is still being written, or when it cannot be read.
     */
    private Long closedAt(String file, List<ServerInfo.BinaryLogFile> files) {
        if (file == null) {
            return null;
        }
        for (int i = 0; i < files.size() - 1; i++) {
            if (files.get(i).name().equals(file)) {
                String next = files.get(i + 1).name();
                if (!closedAt.containsKey(next)) {
                    long[] time = {0};
                    try {
                        new ServerBinlogReader(source).read(next, 4, e -> {
                            time[0] = e.timestamp();
                            return false;
                        });
                    } catch (IOException | RuntimeException e) {
                        return null; // no REPLICATION SLAVE, or the file went meanwhile: the age stays unknown
                    }
                    if (time[0] <= 0) {
                        return null;
                    }
                    closedAt.put(next, time[0]);
                }
                return closedAt.get(next);
            }
        }
        return null;
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        return Queries.text(c, sql);
    }

    /** read_only, and super_read_only where the server has it (null elsewhere). */
    private record ReadOnlyState(boolean readOnly, Boolean superReadOnly) {
    }
}
