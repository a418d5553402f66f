package offramp.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every flavor's statements, including the MySQL ones no test server here can run. */
class FlavorTest {

    private static final Secret PASSWORD = new Secret("pa'ss\\word");

    @Test
    void flavorsFromVersionStrings() {
        assertEquals(Flavor.MARIADB, Flavor.of("10.11.18-MariaDB-0+deb12u1-log"));
        assertEquals(Flavor.MYSQL_57, Flavor.of("5.7.12-log"));
        assertEquals(Flavor.MYSQL_80, Flavor.of("8.0.39"));
        assertEquals(Flavor.MYSQL_84, Flavor.of("8.4.2"));
        assertEquals(Flavor.MYSQL_84, Flavor.of("9.1.0"));
    }

    @Test
    void binaryLogStatusAndGtidState() {
        assertEquals("SHOW MASTER STATUS", Flavor.MYSQL_80.showBinaryLogStatus());
        assertEquals("SHOW BINARY LOG STATUS", Flavor.MYSQL_84.showBinaryLogStatus());
        assertEquals("SELECT @@GLOBAL.gtid_executed", Flavor.MYSQL_57.gtidStateQuery());
        assertEquals("SELECT @@GLOBAL.gtid_binlog_pos", Flavor.MARIADB.gtidStateQuery());
        assertEquals("BINLOG MONITOR", Flavor.MARIADB.binlogListPrivilege());
        assertEquals("REPLICATION CLIENT", Flavor.MYSQL_80.binlogListPrivilege());
    }

    @Test
    void changeSourcePerFlavorWithQuotedValues() {
        assertEquals("CHANGE MASTER TO MASTER_HOST='10.0.0.1', MASTER_PORT=3306, MASTER_USER='repl', "
                + "MASTER_PASSWORD='pa''ss\\\\word', MASTER_LOG_FILE='mysql-bin-changelog.000695', "
                + "MASTER_LOG_POS=101168877, MASTER_USE_GTID=no",
            Flavor.MARIADB.changeSource("10.0.0.1", 3306, "repl", PASSWORD, "mysql-bin-changelog.000695", 101168877));
        assertEquals("CHANGE MASTER TO MASTER_HOST='h', MASTER_PORT=1, MASTER_USER='u', MASTER_PASSWORD='', "
                + "MASTER_LOG_FILE='f.000001', MASTER_LOG_POS=4",
            Flavor.MYSQL_57.changeSource("h", 1, "u", Secret.EMPTY, "f.000001", 4));
        assertEquals("CHANGE REPLICATION SOURCE TO SOURCE_HOST='h', SOURCE_PORT=1, SOURCE_USER='u', "
                + "SOURCE_PASSWORD='', SOURCE_LOG_FILE='f.000001', SOURCE_LOG_POS=4",
            Flavor.MYSQL_84.changeSource("h", 1, "u", Secret.EMPTY, "f.000001", 4));
    }

    @Test
    void replicaControlPerFlavor() {
        assertEquals("START SLAVE", Flavor.MARIADB.startReplica());
        assertEquals("START REPLICA", Flavor.MYSQL_84.startReplica());
        assertEquals("SHOW REPLICA STATUS", Flavor.MYSQL_84.showReplicaStatus());
        assertEquals("SELECT MASTER_POS_WAIT('f.000002', 77, 30)", Flavor.MARIADB.waitForSourcePosition("f.000002", 77, 30));
        assertEquals("SELECT SOURCE_POS_WAIT('f.000002', 77, 30)", Flavor.MYSQL_84.waitForSourcePosition("f.000002", 77, 30));
    }
}
