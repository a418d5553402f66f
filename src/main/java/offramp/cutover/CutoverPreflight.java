package offramp.cutover;

import offramp.accounts.AccountName;
import offramp.binlog.BinlogCoordinates;
import offramp.pipeline.Check;
import offramp.replication.BytesBehind;
import offramp.replication.Replica;
import offramp.replication.ReplicationErrors;
import offramp.replication.ReplicationStatus;
import offramp.server.Account;
import offramp.server.BinlogRetention;
import offramp.server.Connections;
import offramp.server.Dialect;
import offramp.server.Endpoint;
import offramp.server.Queries;
import offramp.server.ServerIdentity;
import offramp.server.ServerInfo;
import offramp.server.ServerUri;
import offramp.verify.AccountComparison;
import offramp.verify.Difference;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The read-only checks before a cutover, each PASS or FAIL with its fix: the new primary replicates from the old
 * one without errors and is nearly caught up, it can be the source of the way back (binlog on, a server_id of its
 * own, a replication user that can log in, binlogs kept long enough, durable settings), it does not take writes
 * yet, the application's accounts exist on both sides, and nothing long-running holds the old primary.
 */
final class CutoverPreflight {

    private final Side from;
    private final Side to;
    private final CutoverSettings settings;

    CutoverPreflight(Side from, Side to, CutoverSettings settings) {
        this.from = from;
        this.to = to;
        this.settings = settings;
    }

    /** A proof by the sessions left: a look at the processlist and the binlog, a few times 50 ms. */
    private static final double SESSIONS_PROOF_SECONDS = 0.2;

    /** The replica's lag at the last sample, in bytes; -1 until measured. */
    private long lagBytes = -1;
    /** Its apply rate over the samples, bytes per second; null when it applied nothing meanwhile or was not measured. */
    private Double applyBytesPerSecond;
    private WriteStopEstimate estimate;
    /** The estimate when every table is compared under the fence; null until {@link #run} made the estimate. */
    private WriteStopEstimate withoutLiveVerification;

    /** The write stop's estimate {@link #run} made; null before it ran, or when it stopped at the servers' identity. */
    WriteStopEstimate estimate() {
        return estimate;
    }

    List<Check> run(Connection f, Connection t) throws Exception {
        List<Check> checks = new ArrayList<>();
        ServerIdentity fromId = ServerIdentity.read(f, from.endpoint().uri());
        ServerIdentity toId = ServerIdentity.read(t, to.endpoint().uri());
        String shared = fromId.sharedWith(toId);
        if (shared != null) {
            // Every other check would speak of one server as if it were two: this one alone says what is wrong.
            checks.add(Check.fail("two servers", from + " and " + to + " have the same " + shared
                + ": they are one server, or two that cannot replicate between them", "check source.uri and target.uri "
                + "name the primary and its replica, and give the replica a server_id of its own"));
            return checks;
        }
        ServerInfo fi = ServerInfo.read(f);
        ServerInfo ti = ServerInfo.read(t);
        Replica replica = new Replica(t);
        ReplicationStatus status = replica.replicationStatus();
        replicaRuns(status, checks);
        boolean ofThisSource = replicaOfThisSource(fromId, status, checks);
        if (status != null && status.running() && ofThisSource) {
            // Positions of another server's binlog say nothing about this source's: no lag is measured then.
            lag(f, fi.dialect(), replica, checks);
        }
        wayBack(fi, ti, checks);
        oldPrimaryNotAReplica(f, checks);
        longRunning(f, checks);
        if (settings.reverse()) {
            reverseUser(checks);
        }
        retention(f, "the " + from.name() + "'s", checks);
        retention(t, "the " + to.name() + "'s", checks);
        durability(t, checks);
        accounts(f, t, checks);
        newPrimaryClosed(t, ti.dialect(), checks);
        estimate(f, checks);
        checks.add(Fence.isRds(f)
            ? Check.pass("fence", from + " is RDS or Aurora: its read_only belongs to the parameter group, so the fence "
                + "locks the application accounts and ends their sessions with mysql.rds_kill")
            : Check.pass("fence", fi.dialect().fenceReadOnly() + ", the application accounts "
                + "locked and their sessions ended"));
        return checks;
    }

    private void replicaRuns(ReplicationStatus status, List<Check> checks) {
        if (status == null) {
            checks.add(Check.fail("replica threads", to + " does not replicate", "provision it first: offramp provision"));
        } else if (status.failed() || !"Yes".equals(status.ioRunning())) {
            checks.add(Check.fail("replica threads", to + ": " + status, ReplicationErrors.explain(status)));
        } else {
            checks.add(Check.pass("replica threads", to + ": IO and SQL threads running, no errors"));
        }
    }

    private boolean replicaOfThisSource(ServerIdentity source, ReplicationStatus status, List<Check> checks) {
        if (status == null) {
            return false;
        }
        List<String> wrong = new ArrayList<>();
        if (!from.address().host().equalsIgnoreCase(String.valueOf(status.sourceHost())) || from.address().port() != status.sourcePort()) {
            wrong.add("it connects to " + status.sourceHost() + ":" + status.sourcePort() + ", not " + from.address());
        }
        if (status.sourceServerId() != 0 && status.sourceServerId() != source.serverId()) {
            wrong.add("its source has server_id " + status.sourceServerId() + ", " + from + " has " + source.serverId());
        }
        if (status.sourceUuid() != null && !status.sourceUuid().isEmpty() && source.serverUuid() != null
            && !Objects.equals(status.sourceUuid(), source.serverUuid())) {
            wrong.add("its source has server_uuid " + status.sourceUuid() + ", " + from + " has " + source.serverUuid());
        }
        checks.add(wrong.isEmpty() ? Check.pass("replica of this source", to + " replicates from " + from.address()
                + " (server_id " + source.serverId() + ")")
            : Check.fail("replica of this source", String.join("; ", wrong), "check source.uri and replication.source-host "
                + "(cutover.target-host for --reverse) name the server the replica follows"));
        return wrong.isEmpty();
    }

    /** The lag in bytes, under the limit for several samples in a row: a replica that just caught up may fall back. */
    private void lag(Connection f, Dialect flavor, Replica replica, List<Check> checks) throws Exception {
        ServerInfo fi = ServerInfo.read(f);
        List<Long> samples = new ArrayList<>();
        BinlogCoordinates firstApplied = null;
        long firstAt = System.nanoTime();
        for (int i = 0; i < settings.lagSamples(); i++) {
            if (i > 0) {
                Thread.sleep(1000);
            }
            BinlogCoordinates at = Replica.currentPosition(f);
            ReplicationStatus s = replica.replicationStatus();
            List<ServerInfo.BinaryLogFile> files = fi.binaryLogs(f);
            long behind = s == null || s.applied() == null ? -1 : BytesBehind.of(files, at, s.applied());
            samples.add(behind);
            lagBytes = behind;
            if (s != null && s.applied() != null) {
                if (firstApplied == null) {
                    firstApplied = s.applied();
                    firstAt = System.nanoTime();
                } else {
                    long applied = BytesBehind.of(files, s.applied(), firstApplied);
                    double seconds = (System.nanoTime() - firstAt) / 1e9;
                    applyBytesPerSecond = applied > 0 && seconds > 0 ? applied / seconds : null;
                }
            }
            if (behind < 0 || behind > settings.maxLagBytes()) {
                checks.add(Check.fail("lag", (behind < 0 ? "the replica applies a file the source no longer lists" : behind
                    + " bytes behind") + " (limit " + settings.maxLagBytes() + ", samples " + samples + ")",
                    "wait until the replica has caught up (offramp replicate --wait), or raise cutover.max-lag-bytes"));
                return;
            }
        }
        checks.add(Check.pass("lag", "bytes behind in " + samples.size() + " samples 1 s apart: " + samples + " (limit "
            + settings.maxLagBytes() + ")"));
    }

    /**
     * The write stop, estimated phase by phase; a budget it does not fit is refused before anything is fenced. With
     * {@code verify: full} the comparison under the fence is estimated as what follows a live verification (the chunks
     * written since it); {@link #withoutLiveVerification} gives the estimate for when none can run.
     */
    private void estimate(Connection f, List<Check> checks) throws SQLException {
        List<String> users = settings.accounts().stream().map(Account::user).distinct().toList();
        List<CompareScope.TableSize> tables = tableSizes(f);
        CompareScope compare = switch (settings.verify()) {
            case "none" -> CompareScope.nothing();
            case "sample" -> CompareScope.sample(tables, WriteStop.SAMPLE_CHUNKS, LiveProof.CHUNK_ROWS);
            default -> CompareScope.changedSinceLiveVerification(tables, LiveProof.CHUNK_ROWS,
                LiveProof.leftForTheFence(tables.stream().mapToLong(t -> t.chunks(LiveProof.CHUNK_ROWS)).sum()));
        };
        WriteStopEstimate.Inputs inputs = new WriteStopEstimate.Inputs(Fence.sessionsOf(f, users).size(),
            settings.fenceProof().equals("sessions") ? SESSIONS_PROOF_SECONDS : settings.fenceProofSeconds(), lagBytes,
            applyBytesPerSecond, compare, null, settings.reverse());
        estimate = WriteStopEstimate.of(inputs);
        withoutLiveVerification = WriteStopEstimate.of(inputs.comparing(CompareScope.everything(tables)));
        checks.add(budgetCheck(estimate));
    }

    /** The estimate when every table is compared under the fence: no live verification could run before it. */
    WriteStopEstimate withoutLiveVerification() {
        return withoutLiveVerification;
    }

    /** Whether the budget fits an estimate, with its figures either way. */
    Check budgetCheck(WriteStopEstimate e) {
        String figures = e.describe() + " (" + e.basis() + ")";
        long budget = settings.budget().toSeconds();
        return e.fits(settings.budget())
            ? Check.pass("write stop", "estimated " + figures + ", within the budget of " + budget + " s")
            : Check.fail("write stop", "estimated " + figures + ": more than the budget of " + budget + " s",
                "raise --budget (cutover.budget-seconds) to at least " + (long) Math.ceil(e.total())
                    + ", or shorten what takes longest (" + e.longest() + ")");
    }

    /** Each table's data bytes and rows, from information_schema. Excluded tables are counted too: a larger estimate. */
    private List<CompareScope.TableSize> tableSizes(Connection f) throws SQLException {
        List<String> schemas = settings.schemas();
        String where = schemas.isEmpty()
            ? "TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')"
            : "TABLE_SCHEMA IN (" + String.join(", ", schemas.stream().map(x -> "?").toList()) + ")";
        return Queries.all(f, "SELECT COALESCE(DATA_LENGTH, 0), COALESCE(TABLE_ROWS, 0) FROM information_schema.TABLES "
            + "WHERE TABLE_TYPE = 'BASE TABLE' AND " + where, schemas,
            rs -> new CompareScope.TableSize(rs.getLong(1), rs.getLong(2)));
    }

    private void wayBack(ServerInfo fi, ServerInfo ti, List<Check> checks) {
        if (!ti.logBin()) {
            checks.add(Check.fail("way back", to + " has binary logging off: the old primary could not replicate from it",
                "start it with log_bin (and log_slave_updates off or on, either works) and a server_id of its own"));
        } else if (ti.serverId() == fi.serverId() || ti.serverId() == 0) {
            checks.add(Check.fail("way back", to + " has server_id " + ti.serverId() + ", the same as " + from
                + " or none: replication between them would skip every event", "give it a server_id of its own"));
        } else {
            checks.add(Check.pass("way back", to + " has log_bin on and server_id " + ti.serverId() + " (" + from + ": "
                + fi.serverId() + ")"));
        }
    }

    private void oldPrimaryNotAReplica(Connection f, List<Check> checks) throws SQLException {
        ReplicationStatus s = new Replica(f).replicationStatus();
        if (s != null && s.running()) {
            checks.add(Check.fail("old primary", from + " itself replicates from " + s.sourceHost() + ":" + s.sourcePort()
                + ": the way back would replace that", "stop it first, or move the writes of its own source"));
        }
    }

    private void longRunning(Connection f, List<Check> checks) throws SQLException {
        List<String> found = new ArrayList<>(Fence.longTransactions(f, settings.longTransactionSeconds()));
        found.addAll(Fence.busySessions(f, settings.longTransactionSeconds()));
        checks.add(found.isEmpty() ? Check.pass("long-running work", "no transaction or statement on " + from + " older than "
                + settings.longTransactionSeconds() + " s")
            : Check.fail("long-running work", String.join("; ", found), "let them finish or end them: the fence would "
                + "wait for them or cut them off, and the budget would run out"));
    }

    private void reverseUser(List<Check> checks) {
        Endpoint user = new Endpoint("replication", new ServerUri(settings.replicationUser(),
            to.endpoint().uri().host(), to.endpoint().uri().port()), settings.replicationPassword(), to.endpoint().tls());
        String create = "CREATE USER '" + settings.replicationUser() + "'@'<" + from.name() + "'s IP>' IDENTIFIED BY ...; "
            + "GRANT REPLICATION SLAVE ON *.* TO '" + settings.replicationUser() + "'@'<" + from.name() + "'s IP>'";
        try (Connection c = Connections.open(user); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW GRANTS")) {
            boolean granted = false;
            while (rs.next()) {
                String g = rs.getString(1).toUpperCase();
                granted |= g.contains("REPLICATION SLAVE") || g.contains("REPLICATION REPLICA") || g.contains("ALL PRIVILEGES ON *.*");
            }
            checks.add(granted ? Check.pass("reverse replication user", settings.replicationUser() + " logs in to " + to
                    + " and has REPLICATION SLAVE")
                : Check.fail("reverse replication user", settings.replicationUser() + " logs in to " + to
                    + " but lacks REPLICATION SLAVE", create));
        } catch (SQLException e) {
            checks.add(Check.fail("reverse replication user", settings.replicationUser() + " cannot log in to " + to + ": "
                + e.getMessage(), create + " (or run with --no-reverse, and no way back)"));
        }
    }

    private void retention(Connection c, String whose, List<Check> checks) throws SQLException {
        long seconds = BinlogRetention.read(c, ServerInfo.read(c).dialect()).seconds();
        long wanted = settings.fallbackHours() * 3600L;
        checks.add(seconds == 0 ? Check.pass("binlog retention", whose + " binlogs are never purged automatically")
            : seconds < wanted ? Check.fail("binlog retention", whose + " binlogs are kept " + (seconds < 0 ? "not at all (unset)"
                : seconds / 3600 + " hours") + ", the fallback window is " + settings.fallbackHours() + " hours",
                "keep them longer (" + ServerInfo.read(c).dialect().retentionSetting() + "), or lower cutover.fallback-hours")
            : Check.pass("binlog retention", whose + " binlogs are kept " + seconds / 3600 + " hours (fallback window "
                + settings.fallbackHours() + ")"));
    }

    private void durability(Connection t, List<Check> checks) throws SQLException {
        int[] durability = Queries.one(t, "SELECT @@GLOBAL.innodb_flush_log_at_trx_commit, @@GLOBAL.sync_binlog",
            rs -> new int[] {rs.getInt(1), rs.getInt(2)});
        int flush = durability[0];
        int sync = durability[1];
        checks.add(flush == 1 && sync == 1 ? Check.pass("durability", to + ": innodb_flush_log_at_trx_commit = 1, sync_binlog = 1")
            : Check.fail("durability", to + ": innodb_flush_log_at_trx_commit = " + flush + ", sync_binlog = " + sync
                + ": a crash of the new primary could lose commits the application saw",
                "SET GLOBAL innodb_flush_log_at_trx_commit = 1; SET GLOBAL sync_binlog = 1 (and in my.cnf)"));
    }

    private void accounts(Connection f, Connection t, List<Check> checks) throws SQLException {
        if (settings.accounts().isEmpty()) {
            checks.add(Check.warn("application accounts", "none configured: only read_only fences " + from
                + ", and accounts with SUPER (MariaDB: READ_ONLY ADMIN) still write through it",
                "list them under cutover.application-accounts"));
            return;
        }
        List<String> missing = new ArrayList<>();
        for (Account a : settings.accounts()) {
            if (!Fence.exists(f, a)) {
                missing.add(a + " on the " + from.name());
            }
            if (!Fence.exists(t, a)) {
                missing.add(a + " on the " + to.name());
            }
        }
        if (!missing.isEmpty()) {
            checks.add(Check.fail("application accounts", "missing: " + String.join(", ", missing), "carry them with offramp "
                + "copy (--users), or create them, or correct cutover.application-accounts"));
            return;
        }
        ServerInfo fi = ServerInfo.read(f);
        ServerInfo ti = ServerInfo.read(t);
        if (!ti.dialect().createsAccountsOf(fi.dialect())) {
            checks.add(Check.warn("application accounts", settings.accounts() + " exist on both servers; their grants are "
                + "not compared between " + fi.dialect().label() + " and " + ti.dialect().label(),
                "compare SHOW GRANTS for each on both servers by hand"));
            return;
        }
        List<Difference> differ = AccountComparison.applicationAccounts(f, fi.dialect(), t, ti.dialect(),
            settings.accounts().stream().map(a -> new AccountName(a.user(), a.host())).toList());
        checks.add(differ.isEmpty() ? Check.pass("application accounts", settings.accounts()
                + " exist on both servers with the same authentication and grants")
            : Check.fail("application accounts", "they differ on " + to + ": " + differ.stream().map(Difference::toString)
                .collect(java.util.stream.Collectors.joining("; ")), "align them before the cutover (offramp checksum "
                + "--users lists every difference): the application would fail on the new primary"));
    }

    private void newPrimaryClosed(Connection t, Dialect flavor, List<Check> checks) throws SQLException {
        if (Fence.readOnly(t, flavor).readOnly()) {
            checks.add(Check.pass("new primary closed", to + " is read_only until the cutover opens it"));
            return;
        }
        List<String> open = new ArrayList<>();
        for (Account a : settings.accounts()) {
            if (!Boolean.TRUE.equals(Fence.locked(t, a))) {
                open.add(a.toString());
            }
        }
        checks.add(open.isEmpty() && !settings.accounts().isEmpty()
            ? Check.pass("new primary closed", to + " is writable but every application account is locked there")
            : Check.fail("new primary closed", to + " is writable" + (open.isEmpty() ? "" : " and " + open + " can log in")
                + ": writes there would be lost or conflict", flavor.fenceReadOnly().get(0)));
    }
}
