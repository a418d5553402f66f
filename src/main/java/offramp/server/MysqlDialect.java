package offramp.server;

import offramp.usage.BadUsage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL (Aurora MySQL and RDS for MySQL included) from 5.7 on. Every version rule of MySQL is one of the
 * thresholds below; a new MySQL version that changes a statement is a new threshold here.
 *
 * <p>Release lines: 5.7; 8.0 (8.0.x, with the replica_/SOURCE_ names added along the way, 8.0.22-8.0.26, but the
 * MASTER/SLAVE names still accepted, which offramp keeps using there); the innovation releases 8.1 to 8.3 and the
 * LTS 8.4 and 9.x, which offramp speaks to with the SOURCE_/REPLICA names only, as 8.4 removed the old ones
 * (8.1 to 8.3 accept both). SHOW BINARY LOG STATUS and RESET BINARY LOGS AND GTIDS exist from 8.2.0: 8.1 is told
 * SHOW MASTER STATUS and RESET MASTER.
 */
public final class MysqlDialect extends Dialect {

    /** SOURCE_/REPLICA statement names, SHOW REPLICA STATUS column names, rds_*_external_source procedures. */
    private static final int[] REPLICA_NAMES = {8, 1, 0};
    /** SHOW BINARY LOG STATUS, RESET BINARY LOGS AND GTIDS (SHOW MASTER STATUS, RESET MASTER before). */
    private static final int[] BINARY_LOG_STATUS = {8, 2, 0};
    /** replica_* and log_replica_updates variable names (slave_* before). */
    private static final int[] REPLICA_VARIABLES = {8, 0, 26};
    /** replica_parallel_type LOGICAL_CLOCK is the default (set it before). */
    private static final int[] LOGICAL_CLOCK_DEFAULT = {8, 0, 27};
    /** preserve_commit_order without the replica's own binlog (refused before). */
    private static final int[] COMMIT_ORDER_WITHOUT_BINLOG = {8, 0, 19};
    /** ALTER INSTANCE DISABLE INNODB REDO_LOG. */
    private static final int[] REDO_LOG_SWITCH = {8, 0, 21};
    /** The 8 series: utf8mb4_0900_* collations, binlog_expire_logs_seconds, SYSTEM_VARIABLES_ADMIN, Encrypted. */
    private static final int[] MYSQL_8 = {8, 0, 0};
    /** print_identified_with_as_hex: SHOW CREATE USER prints binary hashes as hex literals. */
    private static final int[] HEX_IDENTIFIED_WITH = {8, 0, 17};
    /** The plugin of {@code IDENTIFIED WITH 'plugin' AS ...} (quoted from 8.0, bare in 5.7). */
    private static final Pattern PLUGIN = Pattern.compile("(?i)\\bIDENTIFIED WITH\\s+'?([A-Za-z0-9_]+)'?");

    MysqlDialect(ServerVersion version) {
        super(version);
    }

    private boolean since(int[] release) {
        return version().atLeast(release[0], release[1], release[2]);
    }

    private boolean replicaNames() {
        return since(REPLICA_NAMES);
    }

    /** The prefix of CHANGE MASTER / CHANGE REPLICATION SOURCE options. */
    private String p() {
        return replicaNames() ? "SOURCE_" : "MASTER_";
    }

    @Override
    public String label() {
        if (replicaNames()) {
            return "MySQL 8.4+";
        }
        return since(MYSQL_8) ? "MySQL 8.0" : "MySQL 5.7";
    }

    @Override
    public List<String> binaryLogColumns() {
        return since(MYSQL_8) ? List.of("Log_name", "File_size", "Encrypted") : List.of("Log_name", "File_size");
    }

    @Override
    public String showBinaryLogStatus() {
        return since(BINARY_LOG_STATUS) ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
    }

    @Override
    public String binlogListPrivilege() {
        return "REPLICATION CLIENT";
    }

    @Override
    public String turnOnBinlogAdvice() {
        return since(MYSQL_8) ? "turn it on (Aurora: a cluster parameter group with binlog_format = ROW or MIXED, then reboot the writer)"
            : "start the source with log_bin and a server_id";
    }

    @Override
    public String retentionSetting() {
        return since(MYSQL_8) ? "binlog_expire_logs_seconds (on Aurora: CALL mysql.rds_set_configuration('binlog retention hours', N))"
            : "expire_logs_days";
    }

    /** MySQL 8.0 uses the seconds when set; 8.4 (and offramp's 8.1+) has no expire_logs_days. */
    /** MySQL has no statement that reads a file system's free space (information_schema.FILES knows tablespaces only). */
    @Override
    public String freeDiskQuery() {
        return null;
    }

    @Override
    public String freeDiskAdvice() {
        return "MySQL does not tell its free disk space over SQL; offramp reads it only when the target runs on this host";
    }

    @Override
    public String binlogRetentionSecondsQuery() {
        if (replicaNames()) {
            return "SELECT @@GLOBAL.binlog_expire_logs_seconds";
        }
        return since(MYSQL_8) ? "SELECT IF(@@GLOBAL.binlog_expire_logs_seconds > 0, @@GLOBAL.binlog_expire_logs_seconds, "
            + "@@GLOBAL.expire_logs_days * 86400)" : "SELECT ROUND(@@GLOBAL.expire_logs_days * 86400)";
    }

    @Override
    public String skipBinlogGrant(String user) {
        return "GRANT SESSION_VARIABLES_ADMIN ON *.* TO " + user;
    }

    @Override
    public String gtidStateQuery() {
        return "SELECT @@GLOBAL.gtid_executed";
    }

    @Override
    public String gtidStateName() {
        return "gtid_executed";
    }

    @Override
    public String gtidModeQuery() {
        return "SELECT @@GLOBAL.gtid_mode";
    }

    @Override
    public boolean alwaysWritesGtids() {
        return false;
    }

    @Override
    public Gtids gtids(String text) {
        return Gtids.mysql(text);
    }

    /** gtid_executed: a range of transactions per server_uuid. */
    @Override
    public String ownTransactionsQuery() {
        return "SELECT @@GLOBAL.gtid_executed";
    }

    @Override
    public boolean ownTransactionsVisible(boolean logBin) {
        return true;
    }

    /** gtid_executed; empty when GTIDs are off: then transactions are not counted, only bytes. */
    @Override
    public String appliedGtidsQuery() {
        return "SELECT @@GLOBAL.gtid_executed";
    }

    /** MySQL has no function for it; a replica's gtid_executed holds the clone's history from the start. */
    @Override
    public String gtidStateAtQuery(String file, long position) {
        return null;
    }

    @Override
    public List<String> setGtidPurged(String gtidExecuted) {
        if (gtidExecuted == null || gtidExecuted.isBlank()) {
            return List.of();
        }
        String reset = since(BINARY_LOG_STATUS) ? "RESET BINARY LOGS AND GTIDS" : "RESET MASTER";
        return List.of(reset, "SET GLOBAL gtid_purged = " + SqlLiteral.of(gtidExecuted));
    }

    @Override
    public String serverIdentityQuery() {
        return "SELECT @@GLOBAL.server_id, @@GLOBAL.server_uuid";
    }

    @Override
    public String readOnlyQuery() {
        return "SELECT @@GLOBAL.read_only, @@GLOBAL.super_read_only";
    }

    @Override
    public boolean hasSuperReadOnly() {
        return true;
    }

    /** MySQL's GTID auto-position where asked; MySQL 8.4 knows only the SOURCE_ names. */
    @Override
    public String changeSource(SourceChannel source) {
        List<String> options = ChangeSourceOptions.connection(p(), source);
        if (source.autoPosition()) {
            options.add(p() + "AUTO_POSITION=1");
        } else {
            options.addAll(ChangeSourceOptions.position(p(), source));
        }
        options.addAll(ChangeSourceOptions.channel(p(), source));
        return (replicaNames() ? "CHANGE REPLICATION SOURCE TO " : "CHANGE MASTER TO ") + String.join(", ", options);
    }

    @Override
    public String ignoreRdsTables() {
        return "CHANGE REPLICATION FILTER REPLICATE_WILD_IGNORE_TABLE = ('mysql.rds\\_%')";
    }

    @Override
    public String keepGlobal(String name, String value) {
        return persists() ? "SET PERSIST " + name + " = " + (value.matches("\\d+") ? value : SqlLiteral.of(value))
            : setGlobal(name, value);
    }

    @Override
    public boolean persists() {
        return since(MYSQL_8);
    }

    @Override
    public String runningSettingQuery(String name) {
        // MySQL keeps replication filters in performance_schema, not in a variable.
        return name.equals(RDS_FILTER) ? "SELECT GROUP_CONCAT(FILTER_RULE) FROM performance_schema.replication_applier_global_filters"
            + " WHERE FILTER_NAME = 'REPLICATE_WILD_IGNORE_TABLE'" : super.runningSettingQuery(name);
    }

    @Override
    public String startReplica() {
        return replicaNames() ? "START REPLICA" : "START SLAVE";
    }

    @Override
    public String stopReplica() {
        return replicaNames() ? "STOP REPLICA" : "STOP SLAVE";
    }

    @Override
    public String showReplicaStatus() {
        return replicaNames() ? "SHOW REPLICA STATUS" : "SHOW SLAVE STATUS";
    }

    @Override
    public String resetReplicaAll() {
        return replicaNames() ? "RESET REPLICA ALL" : "RESET SLAVE ALL";
    }

    @Override
    public String statusColumn(String legacyName) {
        return replicaNames() ? legacyName.replace("Master", "Source").replace("Slave", "Replica") : legacyName;
    }

    @Override
    public String sourceUuidColumn() {
        return statusColumn("Master_UUID");
    }

    /** SOURCE_POS_WAIT exists only from MySQL 8.0.26; MASTER_POS_WAIT in every 8.0 (deprecated from 8.0.26). */
    @Override
    public String waitForSourcePosition(String file, long position, int timeoutSeconds) {
        String fn = replicaNames() ? "SOURCE_POS_WAIT" : "MASTER_POS_WAIT";
        return "SELECT " + fn + "(" + SqlLiteral.of(file) + ", " + position + ", " + timeoutSeconds + ")";
    }

    /** START REPLICA ... UNTIL SOURCE_LOG_FILE/SOURCE_LOG_POS (8.0.22 on), START SLAVE ... MASTER_LOG_FILE before. */
    @Override
    public String startApplierUntil(String file, long position) {
        return startApplier() + " UNTIL " + p() + "LOG_FILE = " + SqlLiteral.of(file) + ", " + p() + "LOG_POS = " + position;
    }

    /**
     * MySQL and Aurora keep no position for a consistent snapshot: a brief LOCK TABLES ... READ on the compared
     * tables, around reading SHOW BINARY LOG STATUS and opening the snapshot on another session, makes it exact.
     */
    @Override
    public String snapshotPositionQuery() {
        return null;
    }

    @Override
    public List<String> replicaControlPrivileges() {
        return since(MYSQL_8) ? List.of("REPLICATION_SLAVE_ADMIN", "SUPER") : List.of("SUPER");
    }

    @Override
    public String replicaControlGrant(String user) {
        return (since(MYSQL_8) ? "GRANT REPLICATION_SLAVE_ADMIN, REPLICATION CLIENT ON *.* TO " : "GRANT SUPER, REPLICATION CLIENT ON *.* TO ") + user;
    }

    @Override
    public String disableEvent(String qualifiedEvent) {
        return "ALTER EVENT " + qualifiedEvent + (replicaNames() ? " DISABLE ON REPLICA" : " DISABLE ON SLAVE");
    }

    @Override
    public String logReplicaUpdatesQuery() {
        return "SELECT @@GLOBAL." + logReplicaUpdates();
    }

    @Override
    public String logReplicaUpdatesWithBinlogQuery() {
        return "SELECT @@GLOBAL.log_bin AND @@GLOBAL." + logReplicaUpdates();
    }

    private String logReplicaUpdates() {
        return since(REPLICA_VARIABLES) ? "log_replica_updates" : "log_slave_updates";
    }

    /** LOGICAL_CLOCK workers with the source's commit order preserved. */
    @Override
    public LinkedHashMap<String, String> parallelApplySettings(int workers) {
        requireWorkers(workers);
        LinkedHashMap<String, String> settings = new LinkedHashMap<>();
        String prefix = since(REPLICA_VARIABLES) ? "replica_" : "slave_";
        if (!since(LOGICAL_CLOCK_DEFAULT)) {
            settings.put(prefix + "parallel_type", "LOGICAL_CLOCK");
        }
        settings.put(prefix + "parallel_workers", Integer.toString(workers));
        settings.put(prefix + "preserve_commit_order", "ON");
        return settings;
    }

    static void requireWorkers(int workers) {
        if (workers < 1) {
            throw new BadUsage("parallel apply needs at least one worker, got " + workers);
        }
    }

    @Override
    public boolean preserveCommitOrderNeedsReplicaBinlog() {
        return !since(COMMIT_ORDER_WITHOUT_BINLOG);
    }

    /** rds_set_external_source on RDS for MySQL 8.4; rds_set_external_master up to 8.0 (Aurora MySQL 2 and 3). */
    @Override
    public String rdsSetExternalSource(String host, int port, String user, String password, String file, long position,
                                       boolean ssl) {
        return ChangeSourceOptions.rdsSetExternal(replicaNames() ? "rds_set_external_source" : "rds_set_external_master",
            host, port, user, password, file, position, ssl);
    }

    @Override
    public String rdsResetExternalSource() {
        return "CALL mysql." + (replicaNames() ? "rds_reset_external_source" : "rds_reset_external_master") + "()";
    }

    /** utf8mb4_0900_* collations exist only on MySQL 8 and later, so no MySQL target lacks a MySQL source's. */
    @Override
    public boolean mapsCollationsFrom(Dialect source) {
        return false;
    }

    @Override
    public boolean copiedByMariadbBackup() {
        return false;
    }

    /** MySQL checks REFERENCES when a foreign key is created. */
    @Override
    public boolean foreignKeysNeedReferences() {
        return true;
    }

    /** MySQL 8.0 before 8.0.30 has no innodb_redo_log_capacity. */
    @Override
    public List<String> redoCapacityQueries() {
        String files = "SELECT @@innodb_log_file_size * @@innodb_log_files_in_group";
        if (replicaNames()) {
            return List.of("SELECT @@innodb_redo_log_capacity");
        }
        return since(MYSQL_8) ? List.of("SELECT @@innodb_redo_log_capacity", files) : List.of(files);
    }

    @Override
    public String raiseRedoCapacity(long bytes) {
        return since(MYSQL_8) ? "SET GLOBAL innodb_redo_log_capacity = " + bytes + " (MySQL 8.0.30 and later; innodb_log_file_size in my.cnf before)"
            : "innodb_log_file_size = " + bytes / 2 + " in my.cnf (two files), and a restart";
    }

    @Override
    String statusSchema() {
        return "performance_schema";
    }

    @Override
    public boolean canDisableRedoLog() {
        return since(REDO_LOG_SWITCH);
    }

    @Override
    public String fastLoadGrant(String user) {
        if (!since(MYSQL_8)) {
            return "GRANT SUPER ON *.* TO " + user;
        }
        return "GRANT SYSTEM_VARIABLES_ADMIN" + (canDisableRedoLog() ? ", INNODB_REDO_LOG_ENABLE" : "") + " ON *.* TO " + user;
    }

    /** MariaDB lacks MySQL 8's utf8mb4_0900_* collations. */
    boolean hasMysql8Collations() {
        return since(MYSQL_8);
    }

    /** MySQL 8: a role is an account some other account was granted (mysql.role_edges); 5.7 has no roles. */
    @Override
    public String accountsQuery() {
        if (!since(MYSQL_8)) {
            return "SELECT User, Host, 0 FROM mysql.user ORDER BY User, Host";
        }
        return "SELECT u.User, u.Host, EXISTS (SELECT 1 FROM mysql.role_edges e WHERE e.FROM_USER = u.User "
            + "AND e.FROM_HOST = u.Host) AS is_role FROM mysql.user u ORDER BY is_role DESC, u.User, u.Host";
    }

    /** From 8.0.17, hashes with bytes that are not text (caching_sha2_password) print as hex literals. */
    @Override
    public List<String> accountReadingSettings() {
        return since(HEX_IDENTIFIED_WITH) ? List.of("SET SESSION print_identified_with_as_hex = ON") : List.of();
    }

    /** A MySQL role is an account: SHOW CREATE USER prints it (locked, without password). */
    @Override
    public String showCreateAccount(String accountSql, boolean role) {
        return "SHOW CREATE USER " + accountSql;
    }

    /** {@code IDENTIFIED WITH 'plugin' AS ...}, the plugin quoted since 8.0 and bare in 5.7. */
    @Override
    public List<String> authenticationPlugins(String createUser) {
        Matcher with = PLUGIN.matcher(AccountText.afterAccount(createUser));
        List<String> plugins = new ArrayList<>();
        while (with.find()) {
            plugins.add(with.group(1).toLowerCase(Locale.ROOT));
        }
        return plugins;
    }

    /** MySQL 8.4 loads mysql_native_password only when started with mysql_native_password=ON; 9.0 removed it. */
    @Override
    public String installPluginAdvice(String plugin) {
        if (plugin.equals("mysql_native_password")) {
            return "start the target with mysql_native_password=ON in my.cnf (MySQL 8.4; MySQL 9 has no such plugin: "
                + "create the account there by hand with caching_sha2_password and a new password)";
        }
        return "load the plugin " + plugin + " on the target (INSTALL PLUGIN, or plugin-load-add in my.cnf)";
    }
}
