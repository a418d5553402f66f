package offramp.server;

import offramp.replication.ReplicationSource;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server families offramp speaks to, and every statement whose text differs between them. SQL that depends
 * on the flavor lives here and nowhere else.
 */
public enum Flavor {
    MYSQL_57("MySQL 5.7"),
    MYSQL_80("MySQL 8.0"),
    MYSQL_84("MySQL 8.4+"),
    MARIADB("MariaDB");

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+).*");

    private final String label;

    Flavor(String label) {
        this.label = label;
    }

    /** The flavor of a server from its {@code @@version} (Aurora MySQL reports its MySQL version there). */
    public static Flavor of(String version) {
        if (version.toLowerCase().contains("mariadb")) {
            return MARIADB;
        }
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            throw new IllegalArgumentException("unrecognised server version: " + version);
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major < 8) {
            return MYSQL_57;
        }
        return major == 8 && minor == 0 ? MYSQL_80 : MYSQL_84;
    }

    public String label() {
        return label;
    }

    public boolean isMariaDb() {
        return this == MARIADB;
    }

    /** Lists the binlog files with their sizes; the same on every flavor. */
    public String showBinaryLogs() {
        return "SHOW BINARY LOGS";
    }

    /** The current binlog file and position: MySQL 8.4 removed SHOW MASTER STATUS. */
    public String showBinaryLogStatus() {
        return this == MYSQL_84 ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
    }

    /** A one-value query for the GTID state the server's data corresponds to. */
    public String gtidStateQuery() {
        return isMariaDb() ? "SELECT @@GLOBAL.gtid_binlog_pos" : "SELECT @@GLOBAL.gtid_executed";
    }

    /** The name of that GTID state, as the DBA knows it. */
    public String gtidStateName() {
        return isMariaDb() ? "gtid_binlog_pos" : "gtid_executed";
    }

    /** Whether GTIDs are on; MariaDB always writes them. */
    public String gtidModeQuery() {
        return isMariaDb() ? "SELECT 'ON'" : "SELECT @@GLOBAL.gtid_mode";
    }

    /** The privilege SHOW BINARY LOGS needs. */
    public String binlogListPrivilege() {
        return isMariaDb() ? "BINLOG MONITOR" : "REPLICATION CLIENT";
    }

    /** The privilege reading binlog events over the replication protocol needs. */
    public String binlogReadPrivilege() {
        return "REPLICATION SLAVE";
    }

    /**
     * Points a replica at a source: from file and position (MariaDB must be told not to use GTIDs, or it would
     * ignore the position), or with MySQL's GTID auto-position. MySQL 8.4 knows only the SOURCE_ names.
     */
    public String changeSource(ReplicationSource source) {
        String p = this == MYSQL_84 ? "SOURCE_" : "MASTER_";
        java.util.List<String> options = new java.util.ArrayList<>();
        options.add(p + "HOST=" + quote(source.host()));
        options.add(p + "PORT=" + source.port());
        options.add(p + "USER=" + quote(source.user()));
        options.add(p + "PASSWORD=" + quote(source.password().reveal()));
        if (source.autoPosition() && !isMariaDb()) {
            options.add(p + "AUTO_POSITION=1");
        } else {
            options.add(p + "LOG_FILE=" + quote(source.at().file()));
            options.add(p + "LOG_POS=" + source.at().position());
            if (isMariaDb()) {
                options.add("MASTER_USE_GTID=no");
            }
        }
        if (source.connectRetrySeconds() > 0) {
            options.add(p + "CONNECT_RETRY=" + source.connectRetrySeconds());
        }
        if (source.heartbeatSeconds() > 0) {
            options.add(p + "HEARTBEAT_PERIOD=" + source.heartbeatSeconds());
        }
        ReplicationSource.Tls tls = source.tls();
        if (tls.mode() != ReplicationSource.Tls.Mode.DISABLED) {
            options.add(p + "SSL=1");
            if (tls.ca() != null) {
                options.add(p + "SSL_CA=" + quote(tls.ca()));
            }
            if (tls.cert() != null) {
                options.add(p + "SSL_CERT=" + quote(tls.cert()));
            }
            if (tls.key() != null) {
                options.add(p + "SSL_KEY=" + quote(tls.key()));
            }
            boolean verify = tls.mode() == ReplicationSource.Tls.Mode.VERIFY_IDENTITY;
            options.add(p + "SSL_VERIFY_SERVER_CERT=" + (verify ? 1 : 0));
        }
        return (this == MYSQL_84 ? "CHANGE REPLICATION SOURCE TO " : "CHANGE MASTER TO ") + String.join(", ", options);
    }

    /**
     * Keeps the replica from applying Aurora's and RDS's own writes to {@code mysql.rds_*} tables, which break a
     * replica whose mysql schema differs. MariaDB sets it as a variable while replication is stopped.
     */
    public String ignoreRdsTables() {
        return isMariaDb() ? "SET GLOBAL replicate_wild_ignore_table = 'mysql.rds\\_%'"
            : "CHANGE REPLICATION FILTER REPLICATE_WILD_IGNORE_TABLE = ('mysql.rds\\_%')";
    }

    /** Makes the server refuse writes from anyone but replication. */
    public String makeReadOnly() {
        return isMariaDb() ? "SET GLOBAL read_only = ON" : "SET GLOBAL super_read_only = ON";
    }

    /** MySQL with GTIDs: the replica's GTID history becomes the clone's, so auto-position starts after it. */
    public java.util.List<String> setGtidPurged(String gtidExecuted) {
        String reset = this == MYSQL_84 ? "RESET BINARY LOGS AND GTIDS" : "RESET MASTER";
        return java.util.List.of(reset, "SET GLOBAL gtid_purged = " + quote(gtidExecuted));
    }

    public String startReplica() {
        return this == MYSQL_84 ? "START REPLICA" : "START SLAVE";
    }

    public String stopReplica() {
        return this == MYSQL_84 ? "STOP REPLICA" : "STOP SLAVE";
    }

    public String showReplicaStatus() {
        return this == MYSQL_84 ? "SHOW REPLICA STATUS" : "SHOW SLAVE STATUS";
    }

    /** The SHOW REPLICA STATUS column for a value, by its pre-8.0.22 name (Master_..., Slave_...). */
    public String statusColumn(String legacyName) {
        return this == MYSQL_84 ? legacyName.replace("Master", "Source").replace("Slave", "Replica") : legacyName;
    }

    /**
     * The server's own identity: {@code server_id}, and {@code server_uuid} where the server has one (MySQL;
     * MariaDB has none, so the second column is NULL).
     */
    public String serverIdentityQuery() {
        return isMariaDb() ? "SELECT @@GLOBAL.server_id, NULL" : "SELECT @@GLOBAL.server_id, @@GLOBAL.server_uuid";
    }

    /** The SHOW REPLICA STATUS column with the source's server_uuid; null on MariaDB, which reports none. */
    public String sourceUuidColumn() {
        return isMariaDb() ? null : statusColumn("Master_UUID");
    }

    /** Waits until the replica has applied the source up to a position; NULL when replication is not running. */
    public String waitForSourcePosition(String file, long position, int timeoutSeconds) {
        // SOURCE_POS_WAIT exists only from MySQL 8.0.26; MASTER_POS_WAIT in every 8.0 (deprecated from 8.0.26).
        String fn = this == MYSQL_84 ? "SOURCE_POS_WAIT" : "MASTER_POS_WAIT";
        return "SELECT " + fn + "(" + quote(file) + ", " + position + ", " + timeoutSeconds + ")";
    }

    /** Keeps a copied event from running on the replica; the source's copy of it does the work. */
    public String disableEvent(String qualifiedEvent) {
        return "ALTER EVENT " + qualifiedEvent + (this == MYSQL_84 ? " DISABLE ON REPLICA" : " DISABLE ON SLAVE");
    }

    /** A string literal for SQL: quotes and backslashes escaped. */
    public static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** The variables that say how long the server keeps binlog files. */
    public String retentionSetting() {
        return switch (this) {
            case MYSQL_57 -> "expire_logs_days";
            case MYSQL_80, MYSQL_84 -> "binlog_expire_logs_seconds (on Aurora: CALL mysql.rds_set_configuration('binlog retention hours', N))";
            case MARIADB -> "expire_logs_days or binlog_expire_logs_seconds";
        };
    }

    /**
     * Queries for the InnoDB redo log's capacity in bytes, tried in order until one works (MySQL 8.0 before
     * 8.0.30 has no innodb_redo_log_capacity).
     */
    public java.util.List<String> redoCapacityQueries() {
        String files = "SELECT @@innodb_log_file_size * @@innodb_log_files_in_group";
        return switch (this) {
            case MARIADB -> java.util.List.of("SELECT @@innodb_log_file_size");
            case MYSQL_57 -> java.util.List.of(files);
            case MYSQL_80 -> java.util.List.of("SELECT @@innodb_redo_log_capacity", files);
            case MYSQL_84 -> java.util.List.of("SELECT @@innodb_redo_log_capacity");
        };
    }

    /** The statement, or configuration, that gives the redo log {@code bytes} of capacity. */
    public String raiseRedoCapacity(long bytes) {
        return switch (this) {
            case MARIADB -> "SET GLOBAL innodb_log_file_size = " + bytes + " (dynamic since MariaDB 10.11; innodb_log_file_size in my.cnf before)";
            case MYSQL_80, MYSQL_84 -> "SET GLOBAL innodb_redo_log_capacity = " + bytes + " (MySQL 8.0.30 and later; innodb_log_file_size in my.cnf before)";
            case MYSQL_57 -> "innodb_log_file_size = " + bytes / 2 + " in my.cnf (two files), and a restart";
        };
    }

    /**
     * The InnoDB status counters whose movement shows the target is doing work: pages read and written on disk,
     * redo written, and pages touched in the buffer pool (an index build scanning a table that is all in memory
     * touches pages and writes nothing for a long while).
     */
    public String innodbActivityQuery() {
        return "SELECT SUM(VARIABLE_VALUE) FROM " + (isMariaDb() ? "information_schema" : "performance_schema")
            + ".GLOBAL_STATUS WHERE VARIABLE_NAME IN ('INNODB_DATA_READ', 'INNODB_DATA_WRITTEN', 'INNODB_OS_LOG_WRITTEN', "
            + "'INNODB_BUFFER_POOL_READ_REQUESTS', 'INNODB_BUFFER_POOL_WRITE_REQUESTS')";
    }

    /**
     * The columns of {@link #showBinaryLogs()}, in order: MySQL 8.0.14 and later add {@code Encrypted} after
     * {@code Log_name} and {@code File_size}, so the name and size are read by position 1 and 2 on every flavor.
     */
    public java.util.List<String> binaryLogColumns() {
        return this == MYSQL_80 || this == MYSQL_84 ? java.util.List.of("Log_name", "File_size", "Encrypted")
            : java.util.List.of("Log_name", "File_size");
    }

    // offramp status: what a standing replica's health is read from.

    /** read_only and super_read_only; MariaDB has no super_read_only, so its second column is NULL. */
    public String readOnlyQuery() {
        return isMariaDb() ? "SELECT @@GLOBAL.read_only, NULL" : "SELECT @@GLOBAL.read_only, @@GLOBAL.super_read_only";
    }

    /**
     * The GTID state in which a server's own transactions show: MariaDB's gtid_binlog_state keeps the last GTID of
     * every (domain, server_id) pair ever binlogged, MySQL's gtid_executed a range per server_uuid.
     */
    public String ownTransactionsQuery() {
        return isMariaDb() ? "SELECT @@GLOBAL.gtid_binlog_state" : "SELECT @@GLOBAL.gtid_executed";
    }

    /**
     * How long the server keeps binlog files, in seconds (0: never purged by age). MariaDB 10.6+ keeps
     * expire_logs_days (a fraction) in step with binlog_expire_logs_seconds; MySQL 8.0 uses the seconds when set;
     * 8.4 has no expire_logs_days.
     */
    public String binlogRetentionSecondsQuery() {
        return switch (this) {
            case MYSQL_57, MARIADB -> "SELECT ROUND(@@GLOBAL.expire_logs_days * 86400)";
            case MYSQL_80 -> "SELECT IF(@@GLOBAL.binlog_expire_logs_seconds > 0, @@GLOBAL.binlog_expire_logs_seconds, "
                + "@@GLOBAL.expire_logs_days * 86400)";
            case MYSQL_84 -> "SELECT @@GLOBAL.binlog_expire_logs_seconds";
        };
    }

    /** Whether the replica writes what it applies into its own binlog (then its binlog moves with replication). */
    public String logReplicaUpdatesQuery() {
        return this == MYSQL_84 ? "SELECT @@GLOBAL.log_replica_updates" : "SELECT @@GLOBAL.log_slave_updates";
    }

    // ---- copy: durability relaxed on the target while it loads (--fast-load) ----

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

    /**
     * Whether InnoDB's redo log can be switched off for a load: MySQL 8.0.21 and later ({@code ALTER INSTANCE
     * DISABLE INNODB REDO_LOG}); neither MariaDB nor earlier MySQL can.
     */
    public boolean canDisableRedoLog(String version) {
        return this == MYSQL_84 || (this == MYSQL_80 && patchOf(version) >= 21);
    }

    /**
     * Whether InnoDB writes its redo log now: one row, its second column ON or OFF (see {@link #canDisableRedoLog});
     * SHOW STATUS answers with performance_schema off too.
     */
    public String redoLogEnabledQuery() {
        return "SHOW GLOBAL STATUS LIKE 'Innodb_redo_log_enabled'";
    }

    /** Switches InnoDB's redo log on or off (see {@link #canDisableRedoLog}). */
    public String switchRedoLog(boolean on) {
        return "ALTER INSTANCE " + (on ? "ENABLE" : "DISABLE") + " INNODB REDO_LOG";
    }

    /** The grant that lets {@code user} change what {@link #fastLoadSettings} and {@link #switchRedoLog} change. */
    public String fastLoadGrant(String user, String version) {
        return switch (this) {
            case MARIADB -> "GRANT SUPER, BINLOG ADMIN ON *.* TO " + user;
            case MYSQL_57 -> "GRANT SUPER ON *.* TO " + user;
            case MYSQL_80, MYSQL_84 -> "GRANT SYSTEM_VARIABLES_ADMIN" + (canDisableRedoLog(version) ? ", INNODB_REDO_LOG_ENABLE" : "")
                + " ON *.* TO " + user;
        };
    }

    // ---- cutover: fencing a primary, opening a new one, replication in the other direction ----

    /**
     * Sets read-only as it was (or is to be). MySQL: super_read_only ON implies read_only ON, and read_only OFF
     * turns super_read_only OFF, so the order matters. MariaDB has read_only alone (accounts with READ_ONLY ADMIN,
     * SUPER before 10.11, still write: that is why the fence also locks the application's accounts).
     */
    public java.util.List<String> setReadOnly(boolean readOnly, boolean superReadOnly) {
        if (isMariaDb()) {
            return java.util.List.of("SET GLOBAL read_only = " + (readOnly ? "ON" : "OFF"));
        }
        if (superReadOnly) {
            return java.util.List.of("SET GLOBAL super_read_only = ON");
        }
        return java.util.List.of("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = " + (readOnly ? "ON" : "OFF"));
    }

    /** Locks or unlocks an account: MySQL 5.7.6+, MariaDB 10.4.2+; existing sessions are not ended by it. */
    public String accountLock(Account account, boolean lock) {
        return "ALTER USER " + account.sql() + (lock ? " ACCOUNT LOCK" : " ACCOUNT UNLOCK");
    }

    /** Ends a session; on RDS and Aurora the master user may not KILL another user's session, mysql.rds_kill may. */
    public String killSession(long id, boolean rds) {
        return rds ? "CALL mysql.rds_kill(" + id + ")" : "KILL CONNECTION " + id;
    }

    /** Forgets the replica's source altogether, so that no restart can start it again. */
    public String resetReplicaAll() {
        return this == MYSQL_84 ? "RESET REPLICA ALL" : "RESET SLAVE ALL";
    }

    /**
     * RDS and Aurora: configures replication from an external source, which the master user cannot do with CHANGE
     * MASTER. {@code mysql.rds_set_external_source} on RDS for MySQL 8.4, {@code mysql.rds_set_external_master}
     * on MariaDB and MySQL up to 8.0 (Aurora MySQL 2 and 3 included).
     */
    public String rdsSetExternalSource(String host, int port, String user, String password, String file, long position,
                                       boolean ssl) {
        return "CALL mysql." + (this == MYSQL_84 ? "rds_set_external_source" : "rds_set_external_master") + "("
            + quote(host) + ", " + port + ", " + quote(user) + ", " + quote(password) + ", " + quote(file) + ", "
            + position + ", " + (ssl ? 1 : 0) + ")";
    }

    /** RDS and Aurora: removes the external source set by {@link #rdsSetExternalSource}. */
    public String rdsResetExternalSource() {
        return "CALL mysql." + (this == MYSQL_84 ? "rds_reset_external_source" : "rds_reset_external_master") + "()";
    }

    /** RDS and Aurora: starts or stops replication, which the master user cannot do with START/STOP SLAVE. */
    public String rdsReplication(boolean start) {
        return start ? "CALL mysql.rds_start_replication" : "CALL mysql.rds_stop_replication";
    }

    // Parallel apply during catch-up. A replica applies with one SQL thread unless told otherwise; on a durable
    // replica (a flush and a binlog sync per commit) that thread waits on the disk for every transaction, while the
    // source commits many at once (group commit). Workers that commit in groups are what let a replica catch up.

    /**
     * The global variables that make a replica of this flavor at {@code version} apply with {@code workers}
     * threads, in the order they are to be set (all while the replica's SQL thread is stopped: the server refuses
     * them otherwise). MariaDB: optimistic parallel replication, which runs transactions of one source in parallel
     * whatever the source's group commits were, commits them in the source's order, and retries one that conflicts
     * with an earlier one. MySQL: LOGICAL_CLOCK workers (the default only from 8.0.27) with the source's commit
     * order preserved; the variables are named replica_ from 8.0.26, slave_ before.
     */
    public LinkedHashMap<String, String> parallelApplySettings(String version, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("parallel apply needs at least one worker, got " + workers);
        }
        LinkedHashMap<String, String> settings = new LinkedHashMap<>();
        if (isMariaDb()) {
            settings.put("slave_parallel_threads", Integer.toString(workers));
            settings.put("slave_parallel_mode", "optimistic");
            return settings;
        }
        int patch = this == MYSQL_80 ? patchOf(version) : 0;
        boolean replicaNames = this == MYSQL_84 || (this == MYSQL_80 && patch >= 26);
        String prefix = replicaNames ? "replica_" : "slave_";
        if (this == MYSQL_57 || (this == MYSQL_80 && patch < 27)) {
            settings.put(prefix + "parallel_type", "LOGICAL_CLOCK");
        }
        settings.put(prefix + "parallel_workers", Integer.toString(workers));
        settings.put(prefix + "preserve_commit_order", "ON");
        return settings;
    }

    /** Reads the global variables {@code names} in one row, in their order. */
    public String readGlobals(Collection<String> names) {
        return "SELECT " + String.join(", ", names.stream().map(n -> "@@GLOBAL." + n).toList());
    }

    /** Sets a global variable: numbers as they are, ON/OFF and words such as optimistic as strings. */
    public String setGlobal(String name, String value) {
        return "SET GLOBAL " + name + " = " + (value.matches("\\d+") ? value : quote(value));
    }

    /**
     * The replica's applied-transaction GTID state, whose growth counts the transactions it applies: MariaDB's
     * gtid_slave_pos (kept whether or not the replica connects by GTID), MySQL's gtid_executed (empty when
     * GTIDs are off: then the transactions are not counted, only bytes).
     */
    public String appliedGtidsQuery() {
        return isMariaDb() ? "SELECT @@GLOBAL.gtid_slave_pos" : "SELECT @@GLOBAL.gtid_executed";
    }

    /**
     * Whether {@code preserve_commit_order} needs the replica's own binlog with replica updates logged (MySQL 5.7
     * and 8.0 before 8.0.19 refuse it otherwise); without it parallel workers would commit out of the source's order.
     */
    public boolean preserveCommitOrderNeedsReplicaBinlog(String version) {
        return this == MYSQL_57 || (this == MYSQL_80 && patchOf(version) < 19);
    }

    /** The variable saying whether a replica writes what it applies to its own binlog. */
    public String logReplicaUpdatesQuery(String version) {
        boolean replicaNames = this == MYSQL_84 || (this == MYSQL_80 && patchOf(version) >= 26);
        return "SELECT @@GLOBAL.log_bin AND @@GLOBAL." + (replicaNames ? "log_replica_updates" : "log_slave_updates");
    }

    /**
     * Whether a LOAD DATA into an empty table with unique_checks off takes InnoDB's bulk-insert path in the form
     * that writes the clustered index to temporary files: MariaDB from 10.7.2 until the fix of MDEV-34703 (10.11.11,
     * 11.4.5, 11.7.2). There the load slows by about half and aborts when the server's tmpdir fills.
     */
    public boolean loadBulkPathUsesTempFiles(String version) {
        Matcher m = VERSION.matcher(version == null ? "" : version);
        if (!isMariaDb() || !m.matches()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        int patch = Integer.parseInt(m.group(3));
        int release = major * 100 + minor;
        if (release < 1007 || (release == 1007 && patch < 2)) {
            return false; // no bulk-insert path yet (MDEV-24621)
        }
        return switch (release) {
            case 1011 -> patch < 11;
            case 1104 -> patch < 5;
            case 1107 -> patch < 2;
            default -> release < 1108;
        };
    }

    /** The third number of a version, 26 in 8.0.26; 0 when the version does not say. */
    private static int patchOf(String version) {
        Matcher m = VERSION.matcher(version == null ? "" : version);
        return m.matches() ? Integer.parseInt(m.group(3)) : 0;
    }
}
