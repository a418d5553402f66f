package offramp.server;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Where each MySQL release line falls for the statements whose names changed, one row per version: 8.0 keeps the
 * MASTER/SLAVE names; the innovation releases 8.1 to 8.3 are spoken to like 8.4 (SOURCE/REPLICA names), except
 * that SHOW BINARY LOG STATUS and RESET BINARY LOGS AND GTIDS appear only in 8.2.0; 9.x is spoken to like 8.4.
 */
class DialectVersionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        5.7.44   | SHOW MASTER STATUS     | START SLAVE   | RESET MASTER                | SHOW SLAVE STATUS   | RESET SLAVE ALL
        8.0.39   | SHOW MASTER STATUS     | START SLAVE   | RESET MASTER                | SHOW SLAVE STATUS   | RESET SLAVE ALL
        8.1.0    | SHOW MASTER STATUS     | START REPLICA | RESET MASTER                | SHOW REPLICA STATUS | RESET REPLICA ALL
        8.2.0    | SHOW BINARY LOG STATUS | START REPLICA | RESET BINARY LOGS AND GTIDS | SHOW REPLICA STATUS | RESET REPLICA ALL
        8.3.0    | SHOW BINARY LOG STATUS | START REPLICA | RESET BINARY LOGS AND GTIDS | SHOW REPLICA STATUS | RESET REPLICA ALL
        8.4.3    | SHOW BINARY LOG STATUS | START REPLICA | RESET BINARY LOGS AND GTIDS | SHOW REPLICA STATUS | RESET REPLICA ALL
        9.1.0    | SHOW BINARY LOG STATUS | START REPLICA | RESET BINARY LOGS AND GTIDS | SHOW REPLICA STATUS | RESET REPLICA ALL
        26.10.0  | SHOW BINARY LOG STATUS | START REPLICA | RESET BINARY LOGS AND GTIDS | SHOW REPLICA STATUS | RESET REPLICA ALL
        """)
    void statementNamesByMysqlVersion(String version, String binlogStatus, String start, String reset, String status,
                                      String forget) {
        Dialect d = Dialect.of(version);
        assertEquals(binlogStatus, d.showBinaryLogStatus());
        assertEquals(start, d.startReplica());
        assertEquals(reset, d.setGtidPurged("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5").get(0));
        assertEquals(status, d.showReplicaStatus());
        assertEquals(forget, d.resetReplicaAll());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        5.7.44              | false | log_slave_updates   | true  | GRANT SUPER ON *.* TO app
        8.0.18              | false | log_slave_updates   | true  | GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO app
        8.0.21              | true  | log_slave_updates   | false | GRANT SYSTEM_VARIABLES_ADMIN, INNODB_REDO_LOG_ENABLE ON *.* TO app
        8.0.26              | true  | log_replica_updates | false | GRANT SYSTEM_VARIABLES_ADMIN, INNODB_REDO_LOG_ENABLE ON *.* TO app
        8.4.3               | true  | log_replica_updates | false | GRANT SYSTEM_VARIABLES_ADMIN, INNODB_REDO_LOG_ENABLE ON *.* TO app
        10.11.19-MariaDB    | false | log_slave_updates   | false | GRANT SUPER, BINLOG ADMIN ON *.* TO app
        """)
    void featuresByVersion(String version, boolean redoSwitch, String replicaUpdates, boolean commitOrderNeedsBinlog,
                           String fastLoadGrant) {
        Dialect d = Dialect.of(version);
        assertEquals(redoSwitch, d.canDisableRedoLog());
        assertEquals("SELECT @@GLOBAL.log_bin AND @@GLOBAL." + replicaUpdates, d.logReplicaUpdatesWithBinlogQuery());
        assertEquals("SELECT @@GLOBAL." + replicaUpdates, d.logReplicaUpdatesQuery());
        assertEquals(commitOrderNeedsBinlog, d.preserveCommitOrderNeedsReplicaBinlog());
        assertEquals(fastLoadGrant, d.fastLoadGrant("app"));
    }

    @ParameterizedTest
    @CsvSource({
        "5.7.44,           10.11.19-MariaDB, true",
        "8.0.39,           10.11.19-MariaDB, true",
        "8.4.3,            11.4.5-MariaDB,   true",
        "5.7.44,           8.0.39,           false",
        "10.11.19-MariaDB, 10.11.19-MariaDB, false",
        "8.0.39,           8.4.3,            false",
    })
    void collationsAreMappedFromMysql8ToMariadb(String source, String target, String mapped) {
        boolean expected = Boolean.parseBoolean(mapped) && !source.startsWith("5.7");
        assertEquals(expected, Dialect.of(target).mapsCollationsFrom(Dialect.of(source)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        5.7.44           | SET GLOBAL super_read_only = ON | true
        8.4.3            | SET GLOBAL super_read_only = ON | true
        10.11.19-MariaDB | SET GLOBAL read_only = ON       | false
        """)
    void theFenceIsAsTightAsTheServerAllows(String version, String fence, boolean superReadOnly) {
        Dialect d = Dialect.of(version);
        assertEquals(List.of(fence), d.fenceReadOnly());
        assertEquals(superReadOnly, d.hasSuperReadOnly());
    }
}
