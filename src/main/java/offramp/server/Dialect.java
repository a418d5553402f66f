package offramp.server;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * What offramp says to one server, in that server's words: every statement, query and message naming a statement
 * whose text differs between server families or versions. SQL that depends on the server lives in the dialects
 * ({@link MysqlDialect}, {@link MariadbDialect}) and nowhere else; what is written the same on every server is
 * here. A new server version is one place to change: the version thresholds of its family's dialect.
 */
public abstract sealed class Dialect permits MysqlDialect, MariadbDialect {

    private final ServerVersion version;

    Dialect(ServerVersion version) {
        this.version = version;
    }

    /** The dialect of the server whose {@code @@version} this is. */
    public static Dialect of(ServerVersion version) {
        return version.isMariaDb() ? new MariadbDialect(version) : new MysqlDialect(version);
    }

    /** The dialect of the server whose {@code @@version} is {@code version}. */
    public static Dialect of(String version) {
        return of(ServerVersion.parse(version));
    }

    public ServerVersion version() {
        return version;
    }

    /** The server's release line as the DBA names it: MySQL 8.0, MariaDB. */
    public abstract String label();

    // ---- the binlog ----

    /** Lists the binlog files with their sizes; the same on every server. */
    public String showBinaryLogs() {
        return "SHOW BINARY LOGS";
    }

    /**
     * The columns of {@link #showBinaryLogs()}, in order: MySQL 8.0.14 and later add {@code Encrypted} after
     * {@code Log_name} and {@code File_size}, so the name and size are read by position 1 and 2 on every server.
     */
    public abstract List<String> binaryLogColumns();

    /** The current binlog file and position. */
    public abstract String showBinaryLogStatus();

    /** The privilege SHOW BINARY LOGS needs. */
    public abstract String binlogListPrivilege();

    /** The privilege reading binlog events over the replication protocol needs. */
    public String binlogReadPrivilege() {
        return "REPLICATION SLAVE";
    }

    /** What to do about a source whose binary logging is off. */
    public abstract String turnOnBinlogAdvice();

    /** The variables that say how long the server keeps binlog files, with how to raise them. */
    public abstract String retentionSetting();

    /** How long the server keeps binlog files, in seconds (0: never purged by age). */
    public abstract String binlogRetentionSecondsQuery();

    /** The grant that lets {@code user} keep its session's writes out of the binlog (SET sql_log_bin = 0). */
    public abstract String skipBinlogGrant(String user);

    /**
     * The statement that lists the server's file systems as (mount point, bytes available), for the free space of
     * its data directory seen from a client; null when the server has none (MySQL: no SQL reads it).
     */
    public abstract String freeDiskQuery();

    /** What lets offramp read the server's free disk space over SQL, or that it cannot. */
    public abstract String freeDiskAdvice();

    // ---- GTIDs ----

    /** A one-value query for the GTID state the server's data corresponds to. */
    public abstract String gtidStateQuery();

    /** The name of that GTID state, as the DBA knows it. */
    public abstract String gtidStateName();

    /** Whether GTIDs are on. */
    public abstract String gtidModeQuery();

    /** Whether the server writes GTIDs whatever its settings (then an empty GTID state means none yet). */
    public abstract boolean alwaysWritesGtids();

    /** A GTID set as this server writes it. */
    public abstract Gtids gtids(String text);

    /** The GTID state in which a server's own transactions show. */
    public abstract String ownTransactionsQuery();

    /** Whether {@link #ownTransactionsQuery()} shows them on a server whose binlog is on or off. */
    public abstract boolean ownTransactionsVisible(boolean logBin);

    /** The replica's applied-transaction GTID state, whose growth counts the transactions it applies. */
    public abstract String appliedGtidsQuery();

    /**
     * A one-value query, on a source, for the GTID state its binlog stands at when read up to {@code file} and
     * {@code position}; null where the server cannot tell (MySQL: a replica's own GTID state counts from the
     * start, as offramp gives it the clone's history).
     */
    public abstract String gtidStateAtQuery(String file, long position);

    /**
     * The statements that give a replica the GTID history of its clone, so that auto-position starts after it;
     * none where the server does not replicate by GTID from offramp's coordinates (MariaDB).
     */
    public abstract List<String> setGtidPurged(String gtidExecuted);

    // ---- identity and read-only ----

    /** The server's own identity: {@code server_id}, and {@code server_uuid} where it has one (else NULL). */
    public abstract String serverIdentityQuery();

    /** read_only and super_read_only; NULL for the second where the server has none. */
    public abstract String readOnlyQuery();

    /** Whether the server has super_read_only, which keeps out even accounts that may write on a read-only server. */
    public abstract boolean hasSuperReadOnly();

    /** Makes the server refuse writes from anyone but replication. */
    public String makeReadOnly() {
        return "SET GLOBAL " + readOnlyVariable() + " = ON";
    }

    /** The variable that keeps out every writer but replication: super_read_only where there is one. */
    public String readOnlyVariable() {
        return hasSuperReadOnly() ? "super_read_only" : "read_only";
    }

    /**
     * Sets read-only as it was (or is to be). MySQL: super_read_only ON implies read_only ON, and read_only OFF
     * turns super_read_only OFF, so the order matters. MariaDB has read_only alone (accounts with READ_ONLY ADMIN,
     * SUPER before 10.11, still write: that is why the fence also locks the application's accounts).
     */
    public List<String> setReadOnly(boolean readOnly, boolean superReadOnly) {
        if (!hasSuperReadOnly()) {
            return List.of("SET GLOBAL read_only = " + (readOnly ? "ON" : "OFF"));
        }
        if (superReadOnly) {
            return List.of("SET GLOBAL super_read_only = ON");
        }
        return List.of("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = " + (readOnly ? "ON" : "OFF"));
    }

    /** The fence of a primary: read-only as tight as the server makes it. */
    public List<String> fenceReadOnly() {
        return setReadOnly(true, hasSuperReadOnly());
    }

    /** Locks or unlocks an account: MySQL 5.7.6+, MariaDB 10.4.2+; existing sessions are not ended by it. */
    public String accountLock(Account account, boolean lock) {
        return "ALTER USER " + account.sql() + (lock ? " ACCOUNT LOCK" : " ACCOUNT UNLOCK");
    }

    /** Ends a session; on RDS and Aurora the master user may not KILL another user's session, mysql.rds_kill may. */
    public String killSession(long id, boolean rds) {
        return rds ? "CALL mysql.rds_kill(" + id + ")" : "KILL CONNECTION " + id;
    }

    // ---- replication ----

    /**
     * Points a replica at a source: from file and position, or with MySQL's GTID auto-position, with the
     * channel's TLS, retry and heartbeat.
     */
    public abstract String changeSource(SourceChannel source);

    /** Keeps the replica from applying Aurora's and RDS's own writes to {@code mysql.rds_*} tables. */
    public abstract String ignoreRdsTables();

    /** The pattern of {@link #ignoreRdsTables()}, as an option file and the running server spell it. */
    public static final String RDS_TABLES = "mysql.rds\\_%";

    /** The option (and, on MariaDB, global variable) behind {@link #ignoreRdsTables()}. */
    public static final String RDS_FILTER = "replicate_wild_ignore_table";

    /** How many {@code mysql.rds_*} tables a source has: only a source with some needs the filter. */
    public String rdsTablesQuery() {
        return "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME LIKE 'rds\\_%'";
    }

    public abstract String startReplica();

    public abstract String stopReplica();

    public abstract String showReplicaStatus();

    /** The statement that shows a replica's state, for a server whose dialect is not known. */
    public static String showReplicaStatusOnAnyServer() {
        return "SHOW REPLICA STATUS (SHOW SLAVE STATUS on MariaDB and on MySQL before 8.0.22)";
    }

    /** Forgets the replica's source altogether, so that no restart can start it again. */
    public abstract String resetReplicaAll();

    /** The SHOW REPLICA STATUS column for a value, by its pre-8.0.22 name (Master_..., Slave_...). */
    public abstract String statusColumn(String legacyName);

    /** The SHOW REPLICA STATUS column with the source's server_uuid; null where the server reports none. */
    public abstract String sourceUuidColumn();

    /** Waits until the replica has applied the source up to a position; NULL when replication is not running. */
    public abstract String waitForSourcePosition(String file, long position, int timeoutSeconds);

    // ---- live verification: a common point of source and replica ----

    /** Stops only the replica's applier (SQL) thread; the receiver keeps fetching the source's binlog. */
    public String stopApplier() {
        return stopReplica() + " SQL_THREAD";
    }

    /** Starts the replica's applier (SQL) thread without a stop condition. */
    public String startApplier() {
        return startReplica() + " SQL_THREAD";
    }

    /**
     * Starts the applier so that it stops by itself once it has applied the source's binlog up to a position
     * (a transaction boundary: it stops exactly there).
     */
    public abstract String startApplierUntil(String file, long position);

    /**
     * The query that names the source binlog position the session's {@code START TRANSACTION WITH CONSISTENT
     * SNAPSHOT} matches (rows of name and value); null where the server keeps none, and the position is made
     * exact by a brief read lock on the tables compared instead.
     */
    public abstract String snapshotPositionQuery();

    /** The privileges, any one of which lets an account stop and start the replica's threads. */
    public abstract List<String> replicaControlPrivileges();

    /** The grant that lets {@code user} pause and resume the replica's applier and read its status. */
    public abstract String replicaControlGrant(String user);

    /** Keeps a copied event from running on the replica; the source's copy of it does the work. */
    public abstract String disableEvent(String qualifiedEvent);

    /** Whether the replica writes what it applies into its own binlog (then its binlog moves with replication). */
    public abstract String logReplicaUpdatesQuery();

    /** Whether the replica has a binlog and writes what it applies into it. */
    public abstract String logReplicaUpdatesWithBinlogQuery();

    /**
     * The global variables that make a replica apply with {@code workers} threads, in the order they are to be
     * set (all while the replica's SQL thread is stopped: the server refuses them otherwise).
     */
    public abstract LinkedHashMap<String, String> parallelApplySettings(int workers);

    /** Whether {@code preserve_commit_order} needs the replica's own binlog with replica updates logged. */
    public abstract boolean preserveCommitOrderNeedsReplicaBinlog();

    /** RDS and Aurora: configures replication from an external source, which the master user cannot do otherwise. */
    public abstract String rdsSetExternalSource(String host, int port, String user, String password, String file,
                                                long position, boolean ssl);

    /** RDS and Aurora: removes the external source set by {@link #rdsSetExternalSource}. */
    public abstract String rdsResetExternalSource();

    /** RDS and Aurora: starts or stops replication, which the master user cannot do with START/STOP SLAVE. */
    public String rdsReplication(boolean start) {
        return start ? "CALL mysql.rds_start_replication" : "CALL mysql.rds_stop_replication";
    }

    // ---- the copy ----

    /** Whether mariadb-backup, MariaDB's physical backup tool, can copy this server. */
    public abstract boolean copiedByMariadbBackup();

    /** Whether a copy from a server of {@code source}'s dialect to this one maps collations this server lacks. */
    public abstract boolean mapsCollationsFrom(Dialect source);

    /** Whether creating a foreign key needs the REFERENCES privilege. */
    public abstract boolean foreignKeysNeedReferences();

    /** Queries for the InnoDB redo log's capacity in bytes, tried in order until one works. */
    public abstract List<String> redoCapacityQueries();

    /** The statement, or configuration, that gives the redo log {@code bytes} of capacity. */
    public abstract String raiseRedoCapacity(long bytes);

    /**
     * The InnoDB status counters whose movement shows the target is doing work: pages read and written on disk,
     * redo written, and pages touched in the buffer pool (an index build scanning a table that is all in memory
     * touches pages and writes nothing for a long while).
     */
    public String innodbActivityQuery() {
        return "SELECT SUM(VARIABLE_VALUE) FROM " + statusSchema()
            + ".GLOBAL_STATUS WHERE VARIABLE_NAME IN ('INNODB_DATA_READ', 'INNODB_DATA_WRITTEN', 'INNODB_OS_LOG_WRITTEN', "
            + "'INNODB_BUFFER_POOL_READ_REQUESTS', 'INNODB_BUFFER_POOL_WRITE_REQUESTS')";
    }

    /** The schema holding GLOBAL_STATUS. */
    abstract String statusSchema();

    /**
     * The global variables that make the target's commits cheaper while the copy loads, with their relaxed
     * values, in the order to set them: commits written to the OS but not flushed one by one, the binlog not
     * synced. Undone by setting the values read before.
     */
    public LinkedHashMap<String, String> fastLoadSettings() {
        LinkedHashMap<String, String> settings = new LinkedHashMap<>();
        settings.put("innodb_flush_log_at_trx_commit", "2");
        settings.put("sync_binlog", "0");
        return settings;
    }

    /** Whether InnoDB's redo log can be switched off for a load. */
    public abstract boolean canDisableRedoLog();

    /** Whether InnoDB writes its redo log now: one row, its second column ON or OFF; SHOW STATUS answers always. */
    public String redoLogEnabledQuery() {
        return "SHOW GLOBAL STATUS LIKE 'Innodb_redo_log_enabled'";
    }

    /** Switches InnoDB's redo log on or off (see {@link #canDisableRedoLog}). */
    public String switchRedoLog(boolean on) {
        return "ALTER INSTANCE " + (on ? "ENABLE" : "DISABLE") + " INNODB REDO_LOG";
    }

    /** The grant that lets {@code user} change what {@link #fastLoadSettings} and {@link #switchRedoLog} change. */
    public abstract String fastLoadGrant(String user);

    // ---- globals ----

    /** Reads the global variables {@code names} in one row, in their order. */
    public String readGlobals(Collection<String> names) {
        return "SELECT " + String.join(", ", names.stream().map(n -> "@@GLOBAL." + n).toList());
    }

    /** Sets a global variable: numbers as they are, ON/OFF and words such as optimistic as strings. */
    public String setGlobal(String name, String value) {
        return "SET GLOBAL " + name + " = " + (value.matches("\\d+") ? value : SqlLiteral.of(value));
    }

    // ---- settings that outlive a restart ----

    /**
     * Sets a replica's global {@code name} so that it outlives a restart where the server can ({@link #persists()});
     * elsewhere SET GLOBAL, and {@link #optionLine} is what keeps it.
     */
    public String keepGlobal(String name, String value) {
        return setGlobal(name, value);
    }

    /** Whether {@link #keepGlobal} outlives a restart (MySQL 8's SET PERSIST); MariaDB and MySQL 5.7 have none. */
    public boolean persists() {
        return false;
    }

    /** Whether the setting {@code name} outlives a restart once set through this dialect. */
    public boolean persists(String name) {
        return persists() && !name.equals(RDS_FILTER); // CHANGE REPLICATION FILTER lasts until a restart
    }

    /** The option file's group the server reads its own options from (MariaDB reads [mysqld] too). */
    public String optionGroup() {
        return "[mysqld]";
    }

    /** The option file line that sets {@code name} at startup. */
    public String optionLine(String name, String value) {
        return name + " = " + value;
    }

    /** Reads the running value of a setting {@link #keepGlobal} or {@link #ignoreRdsTables} made. */
    public String runningSettingQuery(String name) {
        return "SELECT @@GLOBAL." + name;
    }

    // ---- accounts ----

    /** Every account and role: user, host, and 1 for a role (0 for an account that logs in). */
    public abstract String accountsQuery();

    /** What a session runs before it reads accounts' definitions, so that stored hashes print as SQL literals. */
    public List<String> accountReadingSettings() {
        return List.of();
    }

    /** The statement that prints how to create the account {@code accountSql}; null where a role has none. */
    public abstract String showCreateAccount(String accountSql, boolean role);

    /** Creates the role {@code accountSql} where {@link #showCreateAccount} prints nothing for it. */
    public String createRole(String accountSql) {
        return "CREATE ROLE " + accountSql;
    }

    /** The account's grants, one executable statement a line. */
    public String showGrants(String accountSql) {
        return "SHOW GRANTS FOR " + accountSql;
    }

    /** The authentication plugins the server can log accounts in with. */
    public String authenticationPluginsQuery() {
        return "SELECT PLUGIN_NAME FROM information_schema.PLUGINS WHERE PLUGIN_TYPE = 'AUTHENTICATION' AND PLUGIN_STATUS = 'ACTIVE'";
    }

    /**
     * The authentication plugins a CREATE USER statement, as {@link #showCreateAccount} prints it, names (none when
     * it names only the server's default, which every server of the family has).
     */
    public abstract List<String> authenticationPlugins(String createUser);

    /**
     * Whether accounts printed by a server of {@code source}'s dialect can be created here as printed: within one
     * family (MySQL to MySQL, MariaDB to MariaDB); their CREATE USER options and plugins differ across families.
     */
    public boolean createsAccountsOf(Dialect source) {
        return source.getClass() == getClass();
    }

    /** What to do on the target about an account whose authentication plugin it lacks. */
    public abstract String installPluginAdvice(String plugin);

    /** Dialects of the same version are the same. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Dialect other && other.getClass() == getClass() && other.version.equals(version);
    }

    @Override
    public int hashCode() {
        return version.hashCode();
    }

    @Override
    public String toString() {
        return label() + " " + version;
    }
}
