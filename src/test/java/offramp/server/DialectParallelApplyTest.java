package offramp.server;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parallel apply settings of every flavor, in the order they are set, and the statements that set them. */
class DialectParallelApplyTest {

    @Test
    void mariadbAppliesOptimistically() {
        assertEquals(Map.of("slave_parallel_threads", "16", "slave_parallel_mode", "optimistic"),
            Dialect.of("10.11.19-MariaDB-0+deb12u1-log").parallelApplySettings(16));
        assertEquals(List.of("slave_parallel_threads", "slave_parallel_mode"),
            List.copyOf(Dialect.of("10.6.4-MariaDB").parallelApplySettings(4).keySet()));
    }

    @Test
    void mysql57UsesLogicalClockWithTheSlaveNames() {
        assertEquals(List.of("slave_parallel_type=LOGICAL_CLOCK", "slave_parallel_workers=8", "slave_preserve_commit_order=ON"),
            entries(Dialect.of("5.7.44-log").parallelApplySettings(8)));
    }

    @Test
    void mysql80NamesAndTheParallelTypeFollowTheMinorVersion() {
        assertEquals(List.of("slave_parallel_type=LOGICAL_CLOCK", "slave_parallel_workers=8", "slave_preserve_commit_order=ON"),
            entries(Dialect.of("8.0.25").parallelApplySettings(8)), "replica_ names exist from 8.0.26");
        assertEquals(List.of("replica_parallel_type=LOGICAL_CLOCK", "replica_parallel_workers=8", "replica_preserve_commit_order=ON"),
            entries(Dialect.of("8.0.26").parallelApplySettings(8)), "LOGICAL_CLOCK is the default only from 8.0.27");
        assertEquals(List.of("replica_parallel_workers=8", "replica_preserve_commit_order=ON"),
            entries(Dialect.of("8.0.39").parallelApplySettings(8)));
        assertEquals(List.of("replica_parallel_workers=16", "replica_preserve_commit_order=ON"),
            entries(Dialect.of("8.4.2").parallelApplySettings(16)), "8.4 has no replica_parallel_type");
    }

    @Test
    void noWorkersIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Dialect.of("10.11.19-MariaDB").parallelApplySettings(0));
    }

    @Test
    void statementsQuoteWordsAndLeaveNumbers() {
        assertEquals("SET GLOBAL slave_parallel_threads = 16", Dialects.MARIADB.setGlobal("slave_parallel_threads", "16"));
        assertEquals("SET GLOBAL slave_parallel_mode = 'optimistic'", Dialects.MARIADB.setGlobal("slave_parallel_mode", "optimistic"));
        assertEquals("SET GLOBAL replica_preserve_commit_order = 'ON'", Dialects.MYSQL_84.setGlobal("replica_preserve_commit_order", "ON"));
        assertEquals("SELECT @@GLOBAL.replica_parallel_workers, @@GLOBAL.replica_preserve_commit_order",
            Dialects.MYSQL_84.readGlobals(List.of("replica_parallel_workers", "replica_preserve_commit_order")));
        assertEquals("SELECT @@GLOBAL.gtid_slave_pos", Dialects.MARIADB.appliedGtidsQuery());
        assertEquals("SELECT @@GLOBAL.gtid_executed", Dialects.MYSQL_80.appliedGtidsQuery());
    }

    @Test
    void preservedCommitOrderNeedsTheReplicasBinlogOnlyOnOldMysql() {
        assertTrue(Dialect.of("5.7.44").preserveCommitOrderNeedsReplicaBinlog());
        assertTrue(Dialect.of("8.0.18").preserveCommitOrderNeedsReplicaBinlog());
        assertFalse(Dialect.of("8.0.19").preserveCommitOrderNeedsReplicaBinlog());
        assertFalse(Dialect.of("8.4.0").preserveCommitOrderNeedsReplicaBinlog());
        assertFalse(Dialect.of("10.11.19-MariaDB").preserveCommitOrderNeedsReplicaBinlog());
        assertEquals("SELECT @@GLOBAL.log_bin AND @@GLOBAL.log_slave_updates", Dialect.of("5.7.44").logReplicaUpdatesWithBinlogQuery());
        assertEquals("SELECT @@GLOBAL.log_bin AND @@GLOBAL.log_replica_updates", Dialect.of("8.4.2").logReplicaUpdatesWithBinlogQuery());
    }

    private static List<String> entries(Map<String, String> settings) {
        return settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
