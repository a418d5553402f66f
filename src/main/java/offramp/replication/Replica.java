package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.server.ChannelTls;
import offramp.server.Dialect;
import offramp.server.Endpoint;
import offramp.server.Queries;
import offramp.server.ServerIdentity;
import offramp.server.ServerInfo;
import offramp.server.ServerUri;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Points a replica at a source from proven coordinates, and waits for it to catch up. */
public final class Replica {

    private final Connection replica;
    private final Dialect flavor;
    /** The settings this object put on the replica, in order. */
    private final List<ReplicaSetting> kept = new ArrayList<>();

    /** How to speak to the replica. */
    public Dialect dialect() {
        return flavor;
    }

    public Replica(Connection replica) throws SQLException {
        this.replica = replica;
        this.flavor = ServerInfo.read(replica).dialect();
    }

    /**
     * Configures replication from {@code source} and starts it: GTID state first where auto-position is used,
     * the filter for Aurora's own tables, read-only unless the replica is to stay writable, and how it applies
     * (set while its threads are stopped, as the server requires).
     *
     * @param gtidPurged the clone's gtid_executed when the source uses GTIDs (MySQL); null otherwise
     * @return the replica's apply settings before and after
     */
    public ParallelApply.Change start(ReplicationSource source, boolean ignoreRdsTables, boolean readOnly, String gtidPurged,
                                      ParallelApply apply) throws SQLException {
        ParallelApply.Change change;
        try (Statement s = replica.createStatement()) {
            s.execute(flavor.stopReplica());
            for (String sql : flavor.setGtidPurged(gtidPurged)) {
                s.execute(sql);
            }
            s.execute(flavor.changeSource(source.channel()));
            if (ignoreRdsTables) {
                s.execute(flavor.ignoreRdsTables());
                kept.add(new ReplicaSetting(Dialect.RDS_FILTER, Dialect.RDS_TABLES, flavor.persists(Dialect.RDS_FILTER)));
            }
            if (readOnly) {
                keep(s, flavor.readOnlyVariable(), "ON");
            }
            change = configureApply(apply);
            s.execute(flavor.startReplica());
        } catch (SQLException e) {
            // The server may quote the statement back, and CHANGE MASTER holds the replication password.
            String message = source.password().isEmpty() ? e.getMessage()
                : e.getMessage().replace(source.password().reveal(), "****");
            throw new SQLException("configuring replication failed: " + message, e.getSQLState(), e.getErrorCode());
        }
        return change;
    }

    /**
     * Sets how the replica applies, and returns what it was and is. The replica's threads must be stopped: MariaDB
     * refuses slave_parallel_threads while any runs, MySQL refuses the worker count while the SQL thread runs.
     */
    public ParallelApply.Change configureApply(ParallelApply apply) throws SQLException {
        boolean logsReplicaUpdates = !flavor.preserveCommitOrderNeedsReplicaBinlog()
            || queryOne(flavor.logReplicaUpdatesWithBinlogQuery()).equals("1");
        ParallelApply.Plan plan = apply.plan(flavor, logsReplicaUpdates);
        Map<String, String> before = globals(plan.names());
        try (Statement s = replica.createStatement()) {
            for (Map.Entry<String, String> setting : plan.settings().entrySet()) {
                keep(s, setting.getKey(), setting.getValue());
            }
        }
        return new ParallelApply.Change(before, plan.settings().isEmpty() ? before : globals(plan.names()), plan.note());
    }

    /** Sets a global so that it outlives a restart where the server can, and remembers it in {@link #kept()}. */
    private void keep(Statement s, String name, String value) throws SQLException {
        s.execute(flavor.keepGlobal(name, value));
        kept.removeIf(k -> k.name().equals(name));
        kept.add(new ReplicaSetting(name, value, flavor.persists(name)));
    }

    /** The settings put on the replica through this object: what must outlive its restarts. */
    public List<ReplicaSetting> kept() {
        return List.copyOf(kept);
    }

    /**
     * The option file fragment that keeps, across a restart, the settings of {@link #kept()} the server does not keep
     * itself (MariaDB, MySQL 5.7, replication filters); null when there are none.
     */
    public String optionFile() {
        List<ReplicaSetting> unkept = kept.stream().filter(k -> !k.persisted()).toList();
        if (unkept.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder("# offramp: the settings it put on this replica, kept across restarts\n")
            .append(flavor.optionGroup()).append('\n');
        unkept.forEach(k -> text.append(flavor.optionLine(k.name(), k.value())).append('\n'));
        return text.toString();
    }

    /**
     * The settings of {@code wanted} the running replica does not have; a setting that cannot be read (an option
     * this server has no variable for) is left out.
     */
    public List<LostSetting> lost(List<ReplicaSetting> wanted) {
        List<LostSetting> lost = new ArrayList<>();
        for (ReplicaSetting setting : wanted) {
            String running;
            try {
                running = Queries.text(replica, flavor.runningSettingQuery(setting.name()));
            } catch (SQLException unreadable) {
                continue;
            }
            if (!setting.heldBy(running)) {
                lost.add(new LostSetting(setting.name(), setting.value(), running == null ? "" : running));
            }
        }
        return lost;
    }

    /** The statements that put {@code lost} back on the running replica (its threads stopped meanwhile). */
    public List<String> restore(List<LostSetting> lost) {
        List<String> statements = new ArrayList<>();
        statements.add(flavor.stopReplica());
        for (LostSetting setting : lost) {
            statements.add(setting.name().equals(Dialect.RDS_FILTER) ? flavor.ignoreRdsTables()
                : flavor.keepGlobal(setting.name(), setting.wanted()));
        }
        statements.add(flavor.startReplica());
        return statements;
    }

    /** The GTIDs in the replica's own GTID state (to tell its own writes by); empty where they cannot be seen. */
    public String ownGtidState() throws SQLException {
        return flavor.ownTransactionsVisible(ServerInfo.read(replica).logBin()) ? queryOne(flavor.ownTransactionsQuery()) : "";
    }

    /** Whether the source has Aurora's or RDS's own {@code mysql.rds_*} tables, which a replica must not apply. */
    public static boolean hasRdsTables(Connection source) throws SQLException {
        Dialect flavor = ServerInfo.read(source).dialect();
        return Queries.number(source, flavor.rdsTablesQuery()) > 0;
    }

    /** The replica's current apply settings, changing nothing. */
    public ParallelApply.Change applySettings(String note) throws SQLException {
        Map<String, String> now = globals(ParallelApply.keep().plan(flavor, true).names());
        return new ParallelApply.Change(now, now, note);
    }

    /**
     * The replica's applied-transaction GTID state, as the server writes it; its growth counts the transactions it
     * applies ({@link AppliedGtids}).
     */
    public String appliedGtids() throws SQLException {
        return queryOne(flavor.appliedGtidsQuery());
    }

    /**
     * The transactions the replica's applied GTID state counts, for a counter that only grows; null while the state
     * is empty (a fresh clone's MariaDB gtid_slave_pos, MySQL with GTIDs off): it would jump from 0 to the source's
     * count.
     */
    public Long appliedTransactionCount() throws SQLException {
        String state = appliedGtids();
        return flavor.gtids(state).isEmpty() ? null : AppliedGtids.count(flavor, state);
    }

    private Map<String, String> globals(List<String> names) throws SQLException {
        return Queries.one(replica, flavor.readGlobals(names), rs -> {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                values.put(names.get(i), rs.getString(i + 1));
            }
            return values;
        });
    }

    private String queryOne(String sql) throws SQLException {
        return Queries.text(replica, sql);
    }

    /** Starts replication at {@code at} with no TLS, no filter and the replica left writable (tests, demo). */
    public void start(String sourceHost, int sourcePort, Endpoint user, BinlogCoordinates at) throws SQLException {
        start(new ReplicationSource(sourceHost, sourcePort, user.uri().user(), user.password(), at,
            ChannelTls.DISABLED, 10, 0, false), false, false, null, ParallelApply.keep());
    }

    /**
     * Waits until the replica has applied everything up to {@code target}, the source's current position.
     *
     * @throws SQLException with the replica's own error when replication stopped or did not get there in time
     */
    public void awaitPosition(BinlogCoordinates target, int timeoutSeconds) throws SQLException {
        Long result = Queries.nullableNumber(replica, flavor.waitForSourcePosition(target.file(), target.position(), timeoutSeconds));
        if (result == null || result < 0) {
            throw new SQLException("the replica did not reach " + target + " within " + timeoutSeconds + " s: " + status());
        }
    }

    /** The replication threads' state and last errors, from SHOW REPLICA STATUS. */
    public ReplicationStatus replicationStatus() throws SQLException {
        try (Statement s = replica.createStatement(); ResultSet rs = s.executeQuery(flavor.showReplicaStatus())) {
            if (!rs.next()) {
                return null;
            }
            String file = rs.getString(flavor.statusColumn("Relay_Master_Log_File"));
            long pos = rs.getLong(flavor.statusColumn("Exec_Master_Log_Pos"));
            long lag = rs.getLong(flavor.statusColumn("Seconds_Behind_Master"));
            Long secondsBehind = rs.wasNull() ? null : lag;
            String receivedFile = rs.getString(flavor.statusColumn("Master_Log_File"));
            long receivedPos = rs.getLong(flavor.statusColumn("Read_Master_Log_Pos"));
            String uuidColumn = flavor.sourceUuidColumn();
            return new ReplicationStatus(rs.getString(flavor.statusColumn("Slave_IO_Running")),
                rs.getString(flavor.statusColumn("Slave_SQL_Running")), rs.getInt("Last_IO_Errno"),
                rs.getString("Last_IO_Error"), rs.getInt("Last_SQL_Errno"), rs.getString("Last_SQL_Error"),
                file == null || file.isEmpty() ? null : new BinlogCoordinates(file, pos), secondsBehind,
                receivedFile == null || receivedFile.isEmpty() ? null : new BinlogCoordinates(receivedFile, receivedPos),
                rs.getString(flavor.statusColumn("Master_Host")), rs.getInt(flavor.statusColumn("Master_Port")),
                rs.getLong(flavor.statusColumn("Master_Server_Id")), uuidColumn == null ? null : rs.getString(uuidColumn));
        }
    }

    /**
     * Whether InnoDB writes no redo log (MySQL 8.0.21+, {@code ALTER INSTANCE DISABLE INNODB REDO_LOG}): a crash
     * would then leave the server unrecoverable, so nothing may replicate into it.
     */
    public boolean redoLogOff() throws SQLException {
        return flavor.canDisableRedoLog() && !ServerInfo.redoLogOn(replica, flavor);
    }

    /**
     * Stops and forgets replication, so that no restart can start it again; with RDS's procedures where the master
     * user may not use the statements ({@code rds}).
     */
    public void forget(boolean rds) throws SQLException {
        try (Statement s = replica.createStatement()) {
            if (rds) {
                s.execute(flavor.rdsReplication(false));
                s.execute(flavor.rdsResetExternalSource());
            } else {
                s.execute(flavor.stopReplica());
                s.execute(flavor.resetReplicaAll());
            }
        }
    }

    /** Stops both replication threads, keeping the replica's configuration and position. */
    public void stopThreads() throws SQLException {
        try (Statement s = replica.createStatement()) {
            s.execute(flavor.stopReplica());
        }
    }

    /** Starts the replication threads that are stopped, keeping the replica's configuration and position. */
    public void startThreads() throws SQLException {
        try (Statement s = replica.createStatement()) {
            s.execute(flavor.startReplica());
        }
    }

    /** This server's server_id and, where it has one, server_uuid. */
    public ServerIdentity identity(ServerUri uri) throws SQLException {
        return ServerIdentity.read(replica, uri);
    }

    /** The replication threads' state and last errors, as a sentence. */
    public String status() throws SQLException {
        ReplicationStatus status = replicationStatus();
        return status == null ? "replication is not configured" : status.toString();
    }

    /** How far the replica's applier is from {@code sourceAt}, in binlog bytes when both are in one file. */
    public String progress(BinlogCoordinates sourceAt) throws SQLException {
        ReplicationStatus status = replicationStatus();
        if (status == null || status.applied() == null) {
            return "replication is not configured";
        }
        String behind = status.applied().file().equals(sourceAt.file())
            ? Math.max(0, sourceAt.position() - status.applied().position()) + " bytes behind" : "applying " + status.applied().file();
        return "applied " + status.applied() + ", " + behind + ", "
            + (status.secondsBehind() == null ? "?" : status.secondsBehind()) + " s lag";
    }

    /** The source's current binlog position: what a caught-up replica has applied. */
    public static BinlogCoordinates currentPosition(Connection source) throws SQLException {
        Dialect flavor = ServerInfo.read(source).dialect();
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery(flavor.showBinaryLogStatus())) {
            if (!rs.next()) {
                throw new SQLException("binary logging is off on the source");
            }
            return new BinlogCoordinates(rs.getString(1), rs.getLong(2));
        }
    }
}
