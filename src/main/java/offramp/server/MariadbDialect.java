package offramp.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MariaDB (RDS for MariaDB included). It keeps the MASTER/SLAVE statement names; its version rules are the
 * thresholds below.
 */
public final class MariadbDialect extends Dialect {

    MariadbDialect(ServerVersion version) {
        super(version);
    }

    @Override
    public String label() {
        return "MariaDB";
    }

    @Override
    public List<String> binaryLogColumns() {
        return List.of("Log_name", "File_size");
    }

    @Override
    public String showBinaryLogStatus() {
        return "SHOW MASTER STATUS";
    }

    @Override
    public String binlogListPrivilege() {
        return "BINLOG MONITOR";
    }

    @Override
    public String turnOnBinlogAdvice() {
        return "start the source with log_bin and a server_id";
    }

    @Override
    public String retentionSetting() {
        return "expire_logs_days or binlog_expire_logs_seconds";
    }

    /** MariaDB 10.6+ keeps expire_logs_days (a fraction) in step with binlog_expire_logs_seconds. */
    /** The DISKS plugin's table (Linux; INSTALL SONAME 'disks'; needs FILE); AVAILABLE is in KiB, as non-root sees it. */
    @Override
    public String freeDiskQuery() {
        return "SELECT PATH, AVAILABLE * 1024 FROM information_schema.DISKS";
    }

    @Override
    public String freeDiskAdvice() {
        return "INSTALL SONAME 'disks' on the target and GRANT FILE ON *.* to offramp's user there let offramp read it "
            + "(information_schema.DISKS)";
    }

    @Override
    public String binlogRetentionSecondsQuery() {
        return "SELECT ROUND(@@GLOBAL.expire_logs_days * 86400)";
    }

    @Override
    public String skipBinlogGrant(String user) {
        return "GRANT BINLOG ADMIN ON *.* TO " + user;
    }

    @Override
    public String gtidStateQuery() {
        return "SELECT @@GLOBAL.gtid_binlog_pos";
    }

    @Override
    public String gtidStateName() {
        return "gtid_binlog_pos";
    }

    /** MariaDB always writes GTIDs. */
    @Override
    public String gtidModeQuery() {
        return "SELECT 'ON'";
    }

    @Override
    public boolean alwaysWritesGtids() {
        return true;
    }

    @Override
    public Gtids gtids(String text) {
        return Gtids.mariadb(text);
    }

    /** gtid_binlog_state keeps the last GTID of every (domain, server_id) pair ever binlogged. */
    @Override
    public String ownTransactionsQuery() {
        return "SELECT @@GLOBAL.gtid_binlog_state";
    }

    /** Without a binlog, gtid_binlog_state holds nothing of the server's own. */
    @Override
    public boolean ownTransactionsVisible(boolean logBin) {
        return logBin;
    }

    /** gtid_slave_pos, kept whether or not the replica connects by GTID. */
    @Override
    public String appliedGtidsQuery() {
        return "SELECT @@GLOBAL.gtid_slave_pos";
    }

    /**
     * BINLOG_GTID_POS: a replica started from a file and position has an empty gtid_slave_pos until it applies
     * its first transaction, which then carries the source's whole sequence; this is the state it starts from.
     */
    @Override
    public String gtidStateAtQuery(String file, long position) {
        return "SELECT BINLOG_GTID_POS(" + SqlLiteral.of(file) + ", " + position + ")";
    }

    /** offramp starts a MariaDB replica from file and position, never by GTID. */
    @Override
    public List<String> setGtidPurged(String gtidExecuted) {
        return List.of();
    }

    /** MariaDB has no server_uuid. */
    @Override
    public String serverIdentityQuery() {
        return "SELECT @@GLOBAL.server_id, NULL";
    }

    @Override
    public String readOnlyQuery() {
        return "SELECT @@GLOBAL.read_only, NULL";
    }

    @Override
    public boolean hasSuperReadOnly() {
        return false;
    }

    /** Always from file and position, told not to use GTIDs, or it would ignore the position. */
    @Override
    public String changeSource(SourceChannel source) {
        List<String> options = new ArrayList<>(ChangeSourceOptions.connection("MASTER_", source));
        options.addAll(ChangeSourceOptions.position("MASTER_", source));
        options.add("MASTER_USE_GTID=no");
        options.addAll(ChangeSourceOptions.channel("MASTER_", source));
        return "CHANGE MASTER TO " + String.join(", ", options);
    }

    /** Set as a variable while replication is stopped. */
    @Override
    public String ignoreRdsTables() {
        return "SET GLOBAL replicate_wild_ignore_table = 'mysql.rds\\_%'";
    }

    @Override
    public String startReplica() {
        return "START SLAVE";
    }

    @Override
    public String stopReplica() {
        return "STOP SLAVE";
    }

    @Override
    public String showReplicaStatus() {
        return "SHOW SLAVE STATUS";
    }

    @Override
    public String resetReplicaAll() {
        return "RESET SLAVE ALL";
    }

    @Override
    public String statusColumn(String legacyName) {
        return legacyName;
    }

    @Override
    public String sourceUuidColumn() {
        return null;
    }

    @Override
    public String waitForSourcePosition(String file, long position, int timeoutSeconds) {
        return "SELECT MASTER_POS_WAIT(" + SqlLiteral.of(file) + ", " + position + ", " + timeoutSeconds + ")";
    }

    @Override
    public String startApplierUntil(String file, long position) {
        return "START SLAVE SQL_THREAD UNTIL MASTER_LOG_FILE = " + SqlLiteral.of(file) + ", MASTER_LOG_POS = " + position;
    }

    /** MariaDB keeps, per session, the binlog position its consistent snapshot matches: no lock is needed. */
    @Override
    public String snapshotPositionQuery() {
        return "SHOW SESSION STATUS LIKE 'binlog\\_snapshot\\_%'";
    }

    @Override
    public List<String> replicaControlPrivileges() {
        return List.of("REPLICATION SLAVE ADMIN", "SUPER");
    }

    /** SLAVE MONITOR reads SHOW SLAVE STATUS (10.5.9 on); REPLICATION SLAVE ADMIN stops and starts the threads. */
    @Override
    public String replicaControlGrant(String user) {
        return "GRANT REPLICATION SLAVE ADMIN, SLAVE MONITOR ON *.* TO " + user;
    }

    @Override
    public String disableEvent(String qualifiedEvent) {
        return "ALTER EVENT " + qualifiedEvent + " DISABLE ON SLAVE";
    }

    @Override
    public String logReplicaUpdatesQuery() {
        return "SELECT @@GLOBAL.log_slave_updates";
    }

    @Override
    public String logReplicaUpdatesWithBinlogQuery() {
        return "SELECT @@GLOBAL.log_bin AND @@GLOBAL.log_slave_updates";
    }

    /**
     * Optimistic parallel replication, which runs transactions of one source in parallel whatever the source's
     * group commits were, commits them in the source's order, and retries one that conflicts with an earlier one.
     */
    @Override
    public LinkedHashMap<String, String> parallelApplySettings(int workers) {
        MysqlDialect.requireWorkers(workers);
        LinkedHashMap<String, String> settings = new LinkedHashMap<>();
        settings.put("slave_parallel_threads", Integer.toString(workers));
        settings.put("slave_parallel_mode", "optimistic");
        return settings;
    }

    @Override
    public boolean preserveCommitOrderNeedsReplicaBinlog() {
        return false;
    }

    @Override
    public String rdsSetExternalSource(String host, int port, String user, String password, String file, long position,
                                       boolean ssl) {
        return ChangeSourceOptions.rdsSetExternal("rds_set_external_master", host, port, user, password, file, position, ssl);
    }

    @Override
    public String rdsResetExternalSource() {
        return "CALL mysql.rds_reset_external_master()";
    }

    /** MySQL 8's utf8mb4_0900_* collations do not exist on MariaDB. */
    @Override
    public boolean mapsCollationsFrom(Dialect source) {
        return source instanceof MysqlDialect mysql && mysql.hasMysql8Collations();
    }

    @Override
    public boolean copiedByMariadbBackup() {
        return true;
    }

    /** MariaDB does not check REFERENCES when a foreign key is created. */
    @Override
    public boolean foreignKeysNeedReferences() {
        return false;
    }

    @Override
    public List<String> redoCapacityQueries() {
        return List.of("SELECT @@innodb_log_file_size");
    }

    @Override
    public String raiseRedoCapacity(long bytes) {
        return "SET GLOBAL innodb_log_file_size = " + bytes + " (dynamic since MariaDB 10.11; innodb_log_file_size in my.cnf before)";
    }

    @Override
    String statusSchema() {
        return "information_schema";
    }

    @Override
    public boolean canDisableRedoLog() {
        return false;
    }

    @Override
    public String fastLoadGrant(String user) {
        return "GRANT SUPER, BINLOG ADMIN ON *.* TO " + user;
    }

    /** The plugins of {@code IDENTIFIED VIA a USING '...' OR b}. */
    private static final Pattern PLUGIN = Pattern.compile("(?i)\\b(?:IDENTIFIED VIA|OR)\\s+([A-Za-z0-9_]+)");

    /** Roles are rows of mysql.user with is_role = 'Y' and an empty host. */
    @Override
    public String accountsQuery() {
        return "SELECT User, Host, is_role = 'Y' FROM mysql.user ORDER BY is_role = 'Y' DESC, User, Host";
    }

    /** SHOW CREATE USER does not know roles. */
    @Override
    public String showCreateAccount(String accountSql, boolean role) {
        return role ? null : "SHOW CREATE USER " + accountSql;
    }

    /**
     * {@code IDENTIFIED BY PASSWORD '*...'} is mysql_native_password; {@code IDENTIFIED VIA a USING '...' OR b}
     * names each plugin after VIA and OR.
     */
    @Override
    public List<String> authenticationPlugins(String createUser) {
        String text = AccountText.withoutLiterals(AccountText.afterAccount(createUser));
        List<String> plugins = new ArrayList<>();
        Matcher via = PLUGIN.matcher(text);
        while (via.find()) {
            plugins.add(via.group(1).toLowerCase(Locale.ROOT));
        }
        if (plugins.isEmpty() && text.toUpperCase(Locale.ROOT).contains(" IDENTIFIED BY PASSWORD ")) {
            plugins.add("mysql_native_password");
        }
        return plugins;
    }

    /** MariaDB's authentication plugins live in libraries named auth_ and the plugin: auth_ed25519, auth_pam, ... */
    @Override
    public String installPluginAdvice(String plugin) {
        return "INSTALL SONAME 'auth_" + plugin + "' on the target";
    }
}
