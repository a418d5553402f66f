package offramp.server;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every flavor's statements, including the MySQL ones no test server here can run. */
class DialectTest {

    private static final Secret PASSWORD = new Secret("pa'ss\\word");

    @ParameterizedTest
    @CsvSource({
        "10.11.18-MariaDB-0+deb12u1-log, MariaDB",
        "5.7.12-log, MySQL 5.7",
        "8.0.39, MySQL 8.0",
        "8.1.0, MySQL 8.4+",
        "8.4.2, MySQL 8.4+",
        "9.1.0, MySQL 8.4+",
    })
    void releaseLinesFromVersionStrings(String version, String label) {
        assertEquals(label, Dialect.of(version).label());
    }

    @Test
    void binaryLogStatusAndGtidState() {
        assertEquals("SHOW MASTER STATUS", Dialects.MYSQL_80.showBinaryLogStatus());
        assertEquals("SHOW BINARY LOG STATUS", Dialects.MYSQL_84.showBinaryLogStatus());
        assertEquals("SELECT @@GLOBAL.gtid_executed", Dialects.MYSQL_57.gtidStateQuery());
        assertEquals("SELECT @@GLOBAL.gtid_binlog_pos", Dialects.MARIADB.gtidStateQuery());
        assertEquals("BINLOG MONITOR", Dialects.MARIADB.binlogListPrivilege());
        assertEquals("REPLICATION CLIENT", Dialects.MYSQL_80.binlogListPrivilege());
    }

    private static SourceChannel source(String file, long pos, Secret password, ChannelTls tls, boolean auto) {
        return new SourceChannel("10.0.0.1", 3306, "repl", password, file, pos, auto, tls, 0, 0);
    }

    @Test
    void changeSourcePerFlavorWithQuotedValues() {
        assertEquals("CHANGE MASTER TO MASTER_HOST='10.0.0.1', MASTER_PORT=3306, MASTER_USER='repl', "
                + "MASTER_PASSWORD='pa''ss\\\\word', MASTER_LOG_FILE='mysql-bin-changelog.000695', "
                + "MASTER_LOG_POS=101168877, MASTER_USE_GTID=no",
            Dialects.MARIADB.changeSource(source("mysql-bin-changelog.000695", 101168877, PASSWORD, ChannelTls.DISABLED, false)));
        assertEquals("CHANGE MASTER TO MASTER_HOST='10.0.0.1', MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='', "
                + "MASTER_LOG_FILE='f.000001', MASTER_LOG_POS=4",
            Dialects.MYSQL_57.changeSource(source("f.000001", 4, Secret.EMPTY, ChannelTls.DISABLED, false)));
        assertEquals("CHANGE REPLICATION SOURCE TO SOURCE_HOST='10.0.0.1', SOURCE_PORT=3306, SOURCE_USER='repl', "
                + "SOURCE_PASSWORD='', SOURCE_LOG_FILE='f.000001', SOURCE_LOG_POS=4",
            Dialects.MYSQL_84.changeSource(source("f.000001", 4, Secret.EMPTY, ChannelTls.DISABLED, false)));
    }

    @Test
    void gtidAutoPositionTlsRetryAndHeartbeat() {
        ChannelTls tls = new ChannelTls(TlsMode.VERIFY_IDENTITY, "/ca.pem", null, null);
        SourceChannel gtid = new SourceChannel("h", 3306, "repl", Secret.EMPTY, "f.000001", 4, true, tls, 30, 5);
        assertEquals("CHANGE MASTER TO MASTER_HOST='h', MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='', "
                + "MASTER_AUTO_POSITION=1, MASTER_CONNECT_RETRY=30, MASTER_HEARTBEAT_PERIOD=5.0, MASTER_SSL=1, "
                + "MASTER_SSL_CA='/ca.pem', MASTER_SSL_VERIFY_SERVER_CERT=1", Dialects.MYSQL_80.changeSource(gtid));
        assertEquals(List.of("RESET BINARY LOGS AND GTIDS", "SET GLOBAL gtid_purged = '3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5'"),
            Dialects.MYSQL_84.setGtidPurged("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5"));
        assertEquals("CHANGE REPLICATION FILTER REPLICATE_WILD_IGNORE_TABLE = ('mysql.rds\\_%')", Dialects.MYSQL_80.ignoreRdsTables());
        assertEquals("SET GLOBAL replicate_wild_ignore_table = 'mysql.rds\\_%'", Dialects.MARIADB.ignoreRdsTables());
        assertEquals("SET GLOBAL super_read_only = ON", Dialects.MYSQL_84.makeReadOnly());
        assertEquals("SET GLOBAL read_only = ON", Dialects.MARIADB.makeReadOnly());
        assertEquals("Relay_Source_Log_File", Dialects.MYSQL_84.statusColumn("Relay_Master_Log_File"));
        assertEquals("Replica_IO_Running", Dialects.MYSQL_84.statusColumn("Slave_IO_Running"));
    }

    @Test
    void verifyingTlsNeedsItsCa() {
        Assertions.assertThrows(IllegalArgumentException.class,
            () -> new ChannelTls(TlsMode.VERIFY_CA, null, null, null));
    }

    @Test
    void replicaControlPerFlavor() {
        assertEquals("START SLAVE", Dialects.MARIADB.startReplica());
        assertEquals("START REPLICA", Dialects.MYSQL_84.startReplica());
        assertEquals("SHOW REPLICA STATUS", Dialects.MYSQL_84.showReplicaStatus());
        assertEquals("SELECT MASTER_POS_WAIT('f.000002', 77, 30)", Dialects.MARIADB.waitForSourcePosition("f.000002", 77, 30));
        assertEquals("SELECT SOURCE_POS_WAIT('f.000002', 77, 30)", Dialects.MYSQL_84.waitForSourcePosition("f.000002", 77, 30));
    }

    @Test
    void identityOfAServerAndOfTheSourceAReplicaFollows() {
        assertEquals("SELECT @@GLOBAL.server_id, NULL", Dialects.MARIADB.serverIdentityQuery());
        assertEquals("SELECT @@GLOBAL.server_id, @@GLOBAL.server_uuid", Dialects.MYSQL_57.serverIdentityQuery());
        assertEquals("SELECT @@GLOBAL.server_id, @@GLOBAL.server_uuid", Dialects.MYSQL_84.serverIdentityQuery());
        Assertions.assertNull(Dialects.MARIADB.sourceUuidColumn());
        assertEquals("Master_UUID", Dialects.MYSQL_80.sourceUuidColumn());
        assertEquals("Source_UUID", Dialects.MYSQL_84.sourceUuidColumn());
        assertEquals("Source_Host", Dialects.MYSQL_84.statusColumn("Master_Host"));
        assertEquals("Source_Port", Dialects.MYSQL_84.statusColumn("Master_Port"));
        assertEquals("Source_Server_Id", Dialects.MYSQL_84.statusColumn("Master_Server_Id"));
        assertEquals("Source_Log_File", Dialects.MYSQL_84.statusColumn("Master_Log_File"));
        assertEquals("Read_Source_Log_Pos", Dialects.MYSQL_84.statusColumn("Read_Master_Log_Pos"));
        assertEquals("Master_Server_Id", Dialects.MARIADB.statusColumn("Master_Server_Id"));
        assertEquals("STOP REPLICA", Dialects.MYSQL_84.stopReplica());
        assertEquals("STOP SLAVE", Dialects.MYSQL_80.stopReplica());
    }

    @Test
    void statusQueriesOfAStandingReplica() {
        assertEquals("SELECT @@GLOBAL.read_only, NULL", Dialects.MARIADB.readOnlyQuery());
        assertEquals("SELECT @@GLOBAL.read_only, @@GLOBAL.super_read_only", Dialects.MYSQL_80.readOnlyQuery());
        assertEquals("SELECT @@GLOBAL.gtid_binlog_state", Dialects.MARIADB.ownTransactionsQuery());
        assertEquals("SELECT @@GLOBAL.gtid_executed", Dialects.MYSQL_84.ownTransactionsQuery());
        assertEquals("SELECT ROUND(@@GLOBAL.expire_logs_days * 86400)", Dialects.MARIADB.binlogRetentionSecondsQuery());
        assertEquals("SELECT ROUND(@@GLOBAL.expire_logs_days * 86400)", Dialects.MYSQL_57.binlogRetentionSecondsQuery());
        assertEquals("SELECT @@GLOBAL.binlog_expire_logs_seconds", Dialects.MYSQL_84.binlogRetentionSecondsQuery());
        assertEquals(true, Dialects.MYSQL_80.binlogRetentionSecondsQuery().contains("binlog_expire_logs_seconds > 0"));
        assertEquals("SELECT @@GLOBAL.log_slave_updates", Dialects.MARIADB.logReplicaUpdatesQuery());
        assertEquals("SELECT @@GLOBAL.log_replica_updates", Dialects.MYSQL_84.logReplicaUpdatesQuery());
    }

    // ---- cutover ----

    @Test
    void readOnlyPerFlavor() {
        assertEquals("SELECT @@GLOBAL.read_only, @@GLOBAL.super_read_only", Dialects.MYSQL_80.readOnlyQuery());
        assertEquals(List.of("SET GLOBAL read_only = ON"), Dialects.MARIADB.setReadOnly(true, true));
        assertEquals(List.of("SET GLOBAL read_only = OFF"), Dialects.MARIADB.setReadOnly(false, false));
        for (Dialect mysql : List.of(Dialects.MYSQL_57, Dialects.MYSQL_80, Dialects.MYSQL_84)) {
            assertEquals(List.of("SET GLOBAL super_read_only = ON"), mysql.setReadOnly(true, true));
            // super_read_only OFF first: read_only cannot go OFF while it is ON
            assertEquals(List.of("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF"),
                mysql.setReadOnly(false, false));
            assertEquals(List.of("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = ON"),
                mysql.setReadOnly(true, false));
        }
    }

    @Test
    void accountLocksAndSessionKills() {
        Account app = Account.parse("app@10.0.%");
        for (Dialect f : Dialects.ALL) {
            assertEquals("ALTER USER 'app'@'10.0.%' ACCOUNT LOCK", f.accountLock(app, true));
            assertEquals("ALTER USER 'app'@'10.0.%' ACCOUNT UNLOCK", f.accountLock(app, false));
            assertEquals("KILL CONNECTION 42", f.killSession(42, false));
            assertEquals("CALL mysql.rds_kill(42)", f.killSession(42, true));
        }
        assertEquals("ALTER USER 'o''brien'@'%' ACCOUNT LOCK", Dialects.MYSQL_57.accountLock(Account.parse("o'brien"), true));
    }

    @Test
    void replicationRemovedAndRdsProcedures() {
        assertEquals("RESET SLAVE ALL", Dialects.MARIADB.resetReplicaAll());
        assertEquals("RESET SLAVE ALL", Dialects.MYSQL_80.resetReplicaAll());
        assertEquals("RESET REPLICA ALL", Dialects.MYSQL_84.resetReplicaAll());
        assertEquals("CALL mysql.rds_set_external_master('10.0.0.5', 3306, 'repl', 'pa''ss', 'mysql-bin.000003', 1234, 1)",
            Dialects.MYSQL_80.rdsSetExternalSource("10.0.0.5", 3306, "repl", "pa'ss", "mysql-bin.000003", 1234, true));
        assertEquals("CALL mysql.rds_set_external_master('h', 3306, 'repl', '', 'f.000001', 4, 0)",
            Dialects.MARIADB.rdsSetExternalSource("h", 3306, "repl", "", "f.000001", 4, false));
        assertEquals("CALL mysql.rds_set_external_source('h', 3306, 'repl', '', 'f.000001', 4, 0)",
            Dialects.MYSQL_84.rdsSetExternalSource("h", 3306, "repl", "", "f.000001", 4, false));
        assertEquals("CALL mysql.rds_reset_external_master()", Dialects.MYSQL_57.rdsResetExternalSource());
        assertEquals("CALL mysql.rds_reset_external_source()", Dialects.MYSQL_84.rdsResetExternalSource());
        assertEquals("CALL mysql.rds_start_replication", Dialects.MYSQL_80.rdsReplication(true));
        assertEquals("CALL mysql.rds_stop_replication", Dialects.MARIADB.rdsReplication(false));
    }

    @Test
    void accountsParse() {
        assertEquals(new Account("app", "%"), Account.parse("app"));
        assertEquals(new Account("app", "%"), Account.parse("app@%"));
        assertEquals(new Account("app", "10.0.%"), Account.parse("'app'@'10.0.%'"));
        assertEquals(new Account("a@b", "localhost"), Account.parse("'a@b'@localhost"));
        assertEquals("'app'@'%'", Account.parse("app").sql());
        Assertions.assertThrows(IllegalArgumentException.class, () -> Account.parse("@%"));
        Assertions.assertThrows(IllegalArgumentException.class, () -> Account.parse("app@"));
    }

    /**
     * Redo logging can be switched off from MySQL 8.0.21 (ALTER INSTANCE {ENABLE|DISABLE} INNODB REDO_LOG, privilege
     * INNODB_REDO_LOG_ENABLE, status Innodb_redo_log_enabled: https://dev.mysql.com/doc/refman/8.0/en/alter-instance.html
     * and https://dev.mysql.com/doc/refman/8.0/en/innodb-redo-log.html#innodb-disable-redo-logging); MariaDB cannot.
     */
    @Test
    void fastLoadSwitchesTheRedoLogOnlyWhereTheServerCan() {
        assertEquals(false, Dialect.of("10.11.19-MariaDB").canDisableRedoLog());
        assertEquals(false, Dialect.of("5.7.44").canDisableRedoLog());
        assertEquals(false, Dialect.of("8.0.20").canDisableRedoLog());
        assertEquals(true, Dialect.of("8.0.21").canDisableRedoLog());
        assertEquals(true, Dialect.of("8.4.3").canDisableRedoLog());
        assertEquals("ALTER INSTANCE DISABLE INNODB REDO_LOG", Dialects.MYSQL_80.switchRedoLog(false));
        assertEquals("ALTER INSTANCE ENABLE INNODB REDO_LOG", Dialects.MYSQL_80.switchRedoLog(true));
        assertEquals("GRANT SYSTEM_VARIABLES_ADMIN, INNODB_REDO_LOG_ENABLE ON *.* TO app", Dialect.of("8.0.35").fastLoadGrant("app"));
        assertEquals("GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO app", Dialect.of("8.0.20").fastLoadGrant("app"));
        assertEquals("GRANT SUPER, BINLOG ADMIN ON *.* TO app", Dialect.of("10.11.19-MariaDB").fastLoadGrant("app"));
        assertEquals("{innodb_flush_log_at_trx_commit=2, sync_binlog=0}", Dialects.MYSQL_84.fastLoadSettings().toString());
    }
}
