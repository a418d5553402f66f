package offramp.server;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The statements a live verification sends to pause, synchronise and resume a replica, checked against the manuals'
 * syntax (no MySQL server runs here; MariaDB's are also run end to end by VerifyIT):
 * <ul>
 *   <li>START REPLICA (8.0.22 on, the only form in 8.4): {@code START REPLICA [SQL_THREAD] [UNTIL SOURCE_LOG_FILE =
 *       'log_name', SOURCE_LOG_POS = log_pos]}, https://dev.mysql.com/doc/refman/8.4/en/start-replica.html</li>
 *   <li>START SLAVE (5.7, 8.0): {@code START SLAVE [SQL_THREAD] [UNTIL MASTER_LOG_FILE = 'log_name', MASTER_LOG_POS =
 *       log_pos]}, https://dev.mysql.com/doc/refman/8.0/en/start-slave.html</li>
 *   <li>STOP REPLICA / STOP SLAVE [SQL_THREAD]: https://dev.mysql.com/doc/refman/8.4/en/stop-replica.html</li>
 *   <li>MariaDB START SLAVE ... UNTIL MASTER_LOG_FILE, MASTER_LOG_POS and the binlog_snapshot_file / _position
 *       status: https://mariadb.com/kb/en/start-replica/, https://mariadb.com/kb/en/enhancements-for-start-transaction-with-consistent-snapshot/</li>
 *   <li>REPLICATION_SLAVE_ADMIN (MySQL 8.0 on): https://dev.mysql.com/doc/refman/8.4/en/privileges-provided.html</li>
 * </ul>
 */
class DialectLiveVerifyTest {

    private static final Pattern START_UNTIL_84 = Pattern.compile(
        "START REPLICA SQL_THREAD UNTIL SOURCE_LOG_FILE = '[^']+', SOURCE_LOG_POS = \\d+");
    private static final Pattern START_UNTIL_OLD = Pattern.compile(
        "START SLAVE SQL_THREAD UNTIL MASTER_LOG_FILE = '[^']+', MASTER_LOG_POS = \\d+");

    @Test
    void mysql84PausesAndSynchronisesWithTheReplicaNamesOnly() {
        Dialect d = Dialects.MYSQL_84;
        assertEquals("STOP REPLICA SQL_THREAD", d.stopApplier());
        assertEquals("START REPLICA SQL_THREAD", d.startApplier());
        String until = d.startApplierUntil("mysql-bin-changelog.000695", 101168877);
        assertTrue(START_UNTIL_84.matcher(until).matches(), until);
        assertTrue(until.contains("'mysql-bin-changelog.000695'") && until.endsWith("= 101168877"), until);
    }

    @Test
    void mysql57And80UseTheMasterNamesEveryReleaseOfThemKnows() {
        for (Dialect d : new Dialect[] {Dialects.MYSQL_57, Dialects.MYSQL_80, Dialects.MARIADB}) {
            assertEquals("STOP SLAVE SQL_THREAD", d.stopApplier(), d.label());
            assertEquals("START SLAVE SQL_THREAD", d.startApplier(), d.label());
            String until = d.startApplierUntil("mysql-bin.000003", 4);
            assertTrue(START_UNTIL_OLD.matcher(until).matches(), until);
        }
    }

    @Test
    void onlyMariadbKeepsTheSnapshotsBinlogPositionMysqlNeedsTheTableLock() {
        assertEquals("SHOW SESSION STATUS LIKE 'binlog\\_snapshot\\_%'", Dialects.MARIADB.snapshotPositionQuery());
        assertNull(Dialects.MYSQL_80.snapshotPositionQuery());
        assertNull(Dialects.MYSQL_84.snapshotPositionQuery());
    }

    @Test
    void theReplicaControlGrantNamesEachFlavorsPrivilege() {
        assertEquals("GRANT REPLICATION_SLAVE_ADMIN, REPLICATION CLIENT ON *.* TO 'v'@'%'", Dialects.MYSQL_84.replicaControlGrant("'v'@'%'"));
        assertEquals("GRANT SUPER, REPLICATION CLIENT ON *.* TO 'v'@'%'", Dialects.MYSQL_57.replicaControlGrant("'v'@'%'"));
        assertEquals("GRANT REPLICATION SLAVE ADMIN, SLAVE MONITOR ON *.* TO 'v'@'%'", Dialects.MARIADB.replicaControlGrant("'v'@'%'"));
        assertTrue(Dialects.MYSQL_80.replicaControlPrivileges().contains("REPLICATION_SLAVE_ADMIN"));
    }
}
