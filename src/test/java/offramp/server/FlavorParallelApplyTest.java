package offramp.server;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parallel apply settings of every flavor, in the order they are set, and the statements that set them. */
class FlavorParallelApplyTest {

    @Test
    void mariadbAppliesOptimistically() {
        assertEquals(Map.of("slave_parallel_threads", "16", "slave_parallel_mode", "optimistic"),
            Flavor.MARIADB.parallelApplySettings("10.11.19-MariaDB-0+deb12u1-log", 16));
        assertEquals(List.of("slave_parallel_threads", "slave_parallel_mode"),
            List.copyOf(Flavor.MARIADB.parallelApplySettings("10.6.4-MariaDB", 4).keySet()));
    }

    @Test
    void mysql57UsesLogicalClockWithTheSlaveNames() {
        assertEquals(List.of("slave_parallel_type=LOGICAL_CLOCK", "slave_parallel_workers=8", "slave_preserve_commit_order=ON"),
            entries(Flavor.MYSQL_57.parallelApplySettings("5.7.44-log", 8)));
    }

    @Test
    void mysql80NamesAndTheParallelTypeFollowTheMinorVersion() {
        assertEquals(List.of("slave_parallel_type=LOGICAL_CLOCK", "slave_parallel_workers=8", "slave_preserve_commit_order=ON"),
            entries(Flavor.MYSQL_80.parallelApplySettings("8.0.25", 8)), "replica_ names exist from 8.0.26");
        assertEquals(List.of("replica_parallel_type=LOGICAL_CLOCK", "replica_parallel_workers=8", "replica_preserve_commit_order=ON"),
            entries(Flavor.MYSQL_80.parallelApplySettings("8.0.26", 8)), "LOGICAL_CLOCK is the default only from 8.0.27");
        assertEquals(List.of("replica_parallel_workers=8", "replica_preserve_commit_order=ON"),
            entries(Flavor.MYSQL_80.parallelApplySettings("8.0.39", 8)));
        assertEquals(List.of("replica_parallel_workers=16", "replica_preserve_commit_order=ON"),
            entries(Flavor.MYSQL_84.parallelApplySettings("8.4.2", 16)), "8.4 has no replica_parallel_type");
    }

    @Test
    void noWorkersIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Flavor.MARIADB.parallelApplySettings("10.11.19-MariaDB", 0));
    }

    @Test
    void statementsQuoteWordsAndLeaveNumbers() {
        assertEquals("SET GLOBAL slave_parallel_threads = 16", Flavor.MARIADB.setGlobal("slave_parallel_threads", "16"));
        assertEquals("SET GLOBAL slave_parallel_mode = 'optimistic'", Flavor.MARIADB.setGlobal("slave_parallel_mode", "optimistic"));
        assertEquals("SET GLOBAL replica_preserve_commit_order = 'ON'", Flavor.MYSQL_84.setGlobal("replica_preserve_commit_order", "ON"));
        assertEquals("SELECT @@GLOBAL.replica_parallel_workers, @@GLOBAL.replica_preserve_commit_order",
            Flavor.MYSQL_84.readGlobals(List.of("replica_parallel_workers", "replica_preserve_commit_order")));
        assertEquals("SELECT @@GLOBAL.gtid_slave_pos", Flavor.MARIADB.appliedGtidsQuery());
        assertEquals("SELECT @@GLOBAL.gtid_executed", Flavor.MYSQL_80.appliedGtidsQuery());
    }

    @Test
    void preservedCommitOrderNeedsTheReplicasBinlogOnlyOnOldMysql() {
        assertTrue(Flavor.MYSQL_57.preserveCommitOrderNeedsReplicaBinlog("5.7.44"));
        assertTrue(Flavor.MYSQL_80.preserveCommitOrderNeedsReplicaBinlog("8.0.18"));
        assertFalse(Flavor.MYSQL_80.preserveCommitOrderNeedsReplicaBinlog("8.0.19"));
        assertFalse(Flavor.MYSQL_84.preserveCommitOrderNeedsReplicaBinlog("8.4.0"));
        assertFalse(Flavor.MARIADB.preserveCommitOrderNeedsReplicaBinlog("10.11.19-MariaDB"));
        assertEquals("SELECT @@GLOBAL.log_bin AND @@GLOBAL.log_slave_updates", Flavor.MYSQL_57.logReplicaUpdatesQuery("5.7.44"));
        assertEquals("SELECT @@GLOBAL.log_bin AND @@GLOBAL.log_replica_updates", Flavor.MYSQL_84.logReplicaUpdatesQuery("8.4.2"));
    }

    private static List<String> entries(Map<String, String> settings) {
        return settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
