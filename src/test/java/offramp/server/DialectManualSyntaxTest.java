package offramp.server;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MySQL statements of {@link Dialect} checked against the syntax the MySQL Reference Manual gives, since no
 * MySQL server runs here. 8.0 means every 8.0 release: its statements use the names 8.0.0 knows, which 8.0.23 and
 * later still accept (deprecated); 8.4 knows only the new ones.
 *
 * <ul>
 *   <li>CHANGE MASTER TO (8.0): https://dev.mysql.com/doc/refman/8.0/en/change-master-to.html</li>
 *   <li>CHANGE REPLICATION SOURCE TO (8.0.23 and later, 8.4):
 *       https://dev.mysql.com/doc/refman/8.4/en/change-replication-source-to.html</li>
 *   <li>SHOW REPLICA STATUS (8.0.22 and later) and its Source_/Replica_ columns:
 *       https://dev.mysql.com/doc/refman/8.4/en/show-replica-status.html</li>
 *   <li>SHOW BINARY LOGS and its Encrypted column (8.0.14 and later):
 *       https://dev.mysql.com/doc/refman/8.0/en/show-binary-logs.html</li>
 *   <li>SOURCE_POS_WAIT (8.0.26 and later; MASTER_POS_WAIT before):
 *       https://dev.mysql.com/doc/refman/8.0/en/replication-functions-synchronization.html</li>
 *   <li>super_read_only and gtid_purged: https://dev.mysql.com/doc/refman/8.4/en/server-system-variables.html,
 *       https://dev.mysql.com/doc/refman/8.4/en/replication-options-gtids.html; RESET BINARY LOGS AND GTIDS
 *       (8.2.0 and later, the only form in 8.4): https://dev.mysql.com/doc/refman/8.4/en/reset-binary-logs-and-gtids.html</li>
 * </ul>
 */
class DialectManualSyntaxTest {

    /** The options of CHANGE REPLICATION SOURCE TO that take a quoted string; the others take a number. */
    private static final Set<String> SOURCE_STRING_OPTIONS = Set.of("SOURCE_BIND", "SOURCE_HOST", "SOURCE_USER",
        "SOURCE_PASSWORD", "SOURCE_LOG_FILE", "RELAY_LOG_FILE", "SOURCE_COMPRESSION_ALGORITHMS", "SOURCE_SSL_CA",
        "SOURCE_SSL_CAPATH", "SOURCE_SSL_CERT", "SOURCE_SSL_CRL", "SOURCE_SSL_CRLPATH", "SOURCE_SSL_KEY",
        "SOURCE_SSL_CIPHER", "SOURCE_TLS_VERSION", "SOURCE_TLS_CIPHERSUITES", "SOURCE_PUBLIC_KEY_PATH",
        "NETWORK_NAMESPACE");
    private static final Set<String> SOURCE_NUMBER_OPTIONS = Set.of("SOURCE_PORT", "REQUIRE_ROW_FORMAT",
        "SOURCE_LOG_POS", "SOURCE_AUTO_POSITION", "RELAY_LOG_POS", "SOURCE_HEARTBEAT_PERIOD", "SOURCE_CONNECT_RETRY",
        "SOURCE_RETRY_COUNT", "SOURCE_CONNECTION_AUTO_FAILOVER", "SOURCE_DELAY", "SOURCE_ZSTD_COMPRESSION_LEVEL",
        "SOURCE_SSL", "SOURCE_SSL_VERIFY_SERVER_CERT", "GET_SOURCE_PUBLIC_KEY", "GTID_ONLY");

    private static final Pattern OPTION = Pattern.compile("([A-Z_]+)=('(?:[^'\\\\]|''|\\\\.)*'|\\d+(?:\\.\\d+)?)");

    private static SourceChannel source(boolean autoPosition, ChannelTls tls) {
        return new SourceChannel("10.0.0.1", 3306, "repl", new Secret("s'cret"), "mysql-bin-changelog.000695", 101168877,
            autoPosition, tls, 30, 5);
    }

    private static final ChannelTls TLS =
        new ChannelTls(TlsMode.VERIFY_IDENTITY, "/ca.pem", "/cert.pem", "/key.pem");

    @Test
    void changeReplicationSourceOn84UsesOnlyTheManualsOptions() {
        for (SourceChannel s : List.of(source(false, TLS), source(true, ChannelTls.DISABLED))) {
            String sql = Dialects.MYSQL_84.changeSource(s);
            assertTrue(sql.startsWith("CHANGE REPLICATION SOURCE TO "), sql);
            for (String[] option : options(sql.substring("CHANGE REPLICATION SOURCE TO ".length()))) {
                boolean string = option[1].startsWith("'");
                assertTrue(string ? SOURCE_STRING_OPTIONS.contains(option[0]) : SOURCE_NUMBER_OPTIONS.contains(option[0]),
                    option[0] + " = " + option[1] + " is not in the manual's syntax: " + sql);
            }
        }
    }

    @Test
    void changeMasterOn80UsesTheSameOptionsUnderTheirOldNames() {
        // CHANGE MASTER TO's options are CHANGE REPLICATION SOURCE TO's with MASTER_ for SOURCE_ (GET_MASTER_...).
        for (SourceChannel s : List.of(source(false, TLS), source(true, ChannelTls.DISABLED))) {
            String sql = Dialects.MYSQL_80.changeSource(s);
            assertTrue(sql.startsWith("CHANGE MASTER TO "), sql);
            for (String[] option : options(sql.substring("CHANGE MASTER TO ".length()))) {
                assertTrue(option[0].startsWith("MASTER_"), sql);
                String asSource = option[0].replace("MASTER_", "SOURCE_");
                boolean string = option[1].startsWith("'");
                assertTrue(string ? SOURCE_STRING_OPTIONS.contains(asSource) : SOURCE_NUMBER_OPTIONS.contains(asSource),
                    option[0] + " is not in the manual's syntax: " + sql);
            }
        }
    }

    @Test
    void replicaStatusColumnsOf84AreTheManuals() {
        // SHOW REPLICA STATUS's columns, as the 8.4 manual lists them, for the ones offramp reads.
        Set<String> manual = Set.of("Replica_IO_State", "Source_Host", "Source_User", "Source_Port", "Connect_Retry",
            "Source_Log_File", "Read_Source_Log_Pos", "Relay_Log_File", "Relay_Log_Pos", "Relay_Source_Log_File",
            "Replica_IO_Running", "Replica_SQL_Running", "Last_Errno", "Last_Error", "Exec_Source_Log_Pos",
            "Seconds_Behind_Source", "Last_IO_Errno", "Last_IO_Error", "Last_SQL_Errno", "Last_SQL_Error",
            "Source_Server_Id", "Source_UUID", "Replica_SQL_Running_State", "Retrieved_Gtid_Set", "Executed_Gtid_Set",
            "Auto_Position");
        for (String legacy : List.of("Slave_IO_State", "Master_Host", "Master_Port", "Master_Log_File",
            "Read_Master_Log_Pos", "Relay_Master_Log_File", "Slave_IO_Running", "Slave_SQL_Running",
            "Exec_Master_Log_Pos", "Seconds_Behind_Master", "Last_IO_Errno", "Last_SQL_Error", "Master_Server_Id",
            "Master_UUID", "Slave_SQL_Running_State", "Executed_Gtid_Set")) {
            String column = Dialects.MYSQL_84.statusColumn(legacy);
            assertTrue(manual.contains(column), legacy + " becomes " + column + ", which SHOW REPLICA STATUS lacks");
            assertEquals(legacy, Dialects.MYSQL_80.statusColumn(legacy), "8.0 reads SHOW SLAVE STATUS's own names");
        }
        assertEquals("SHOW REPLICA STATUS", Dialects.MYSQL_84.showReplicaStatus());
        assertEquals("SHOW SLAVE STATUS", Dialects.MYSQL_80.showReplicaStatus());
        assertEquals("START REPLICA", Dialects.MYSQL_84.startReplica());
        assertEquals("STOP REPLICA", Dialects.MYSQL_84.stopReplica());
    }

    @Test
    void waitingForAPositionUsesAFunctionEvery80Has() {
        assertEquals("SELECT MASTER_POS_WAIT('f.000002', 77, 30)", Dialects.MYSQL_80.waitForSourcePosition("f.000002", 77, 30),
            "SOURCE_POS_WAIT is unknown before 8.0.26 (Aurora MySQL 3.01 and 3.02 are 8.0.23)");
        assertEquals("SELECT SOURCE_POS_WAIT('f.000002', 77, 30)", Dialects.MYSQL_84.waitForSourcePosition("f.000002", 77, 30));
    }

    @Test
    void showBinaryLogsHasTheEncryptedColumnOnMysql8AndNameAndSizeFirstEverywhere() {
        assertEquals(List.of("Log_name", "File_size", "Encrypted"), Dialects.MYSQL_80.binaryLogColumns());
        assertEquals(List.of("Log_name", "File_size", "Encrypted"), Dialects.MYSQL_84.binaryLogColumns());
        assertEquals(List.of("Log_name", "File_size"), Dialects.MYSQL_57.binaryLogColumns());
        assertEquals(List.of("Log_name", "File_size"), Dialects.MARIADB.binaryLogColumns());
        for (Dialect f : Dialects.ALL) {
            assertEquals("SHOW BINARY LOGS", f.showBinaryLogs());
        }
        assertEquals("SHOW BINARY LOG STATUS", Dialects.MYSQL_84.showBinaryLogStatus(), "8.4 removed SHOW MASTER STATUS");
    }

    @Test
    void readOnlyAndGtidPurgedFollowTheManual() {
        assertEquals("SET GLOBAL super_read_only = ON", Dialects.MYSQL_80.makeReadOnly());
        assertEquals("SET GLOBAL super_read_only = ON", Dialects.MYSQL_84.makeReadOnly());
        String set = "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5";
        // gtid_purged can be set only while gtid_executed is empty, hence the reset first; 8.4 removed RESET MASTER.
        assertEquals(List.of("RESET MASTER", "SET GLOBAL gtid_purged = '" + set + "'"), Dialects.MYSQL_80.setGtidPurged(set));
        assertEquals(List.of("RESET BINARY LOGS AND GTIDS", "SET GLOBAL gtid_purged = '" + set + "'"),
            Dialects.MYSQL_84.setGtidPurged(set));
    }

    /** Splits {@code NAME=value, NAME=value} into pairs, checking nothing is left over. */
    private static List<String[]> options(String list) {
        Matcher m = OPTION.matcher(list);
        StringBuilder rest = new StringBuilder();
        List<String[]> options = new ArrayList<>();
        int at = 0;
        while (m.find()) {
            rest.append(list, at, m.start());
            options.add(new String[] {m.group(1), m.group(2)});
            at = m.end();
        }
        rest.append(list.substring(at));
        assertTrue(rest.toString().replace(",", "").isBlank(), "not options: " + rest);
        return options;
    }
}
