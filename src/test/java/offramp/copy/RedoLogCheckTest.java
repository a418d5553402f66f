package offramp.copy;

import offramp.server.Dialect;
import offramp.server.Dialects;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedoLogCheckTest {

    private static final long MIB = 1L << 20;

    @Test
    void theDefaultRedoLogIsSmallForTwentyMibRowsAndSaysWhatToRaise() {
        String w = RedoLogCheck.warning(96 * MIB, Dialects.MARIADB, 20 * MIB, 4, 2).orElseThrow();
        assertTrue(w.contains("redo log (96.0 MiB) is small for rows of up to 20.0 MiB loaded by 4 threads"), w);
        assertTrue(w.contains("SET GLOBAL innodb_log_file_size = 1073741824"), w);
        String mysql = RedoLogCheck.warning(96 * MIB, Dialects.MYSQL_84, 20 * MIB, 4, 2).orElseThrow();
        assertTrue(mysql.contains("SET GLOBAL innodb_redo_log_capacity"), mysql);
    }

    @Test
    void smallRowsOrALargeEnoughRedoLogGiveNoWarning() {
        assertTrue(RedoLogCheck.warning(96 * MIB, Dialects.MARIADB, 4096, 8, 2).isEmpty());
        assertTrue(RedoLogCheck.warning(1024 * MIB, Dialects.MARIADB, 20 * MIB, 4, 2).isEmpty());
        assertEquals(480 * MIB, RedoLogCheck.needed(20 * MIB, 4, 2));
    }

    @Test
    void eachFlavorHasItsRedoCapacityQuery() {
        assertEquals("SELECT @@innodb_log_file_size", Dialects.MARIADB.redoCapacityQueries().get(0));
        assertEquals(2, Dialects.MYSQL_80.redoCapacityQueries().size(), "8.0 before 8.0.30 has no innodb_redo_log_capacity");
        assertTrue(Dialects.MYSQL_57.redoCapacityQueries().get(0).contains("innodb_log_files_in_group"));
        assertTrue(Dialects.MYSQL_80.innodbActivityQuery().contains("performance_schema.GLOBAL_STATUS"));
        assertTrue(Dialects.MARIADB.innodbActivityQuery().contains("information_schema.GLOBAL_STATUS"));
    }

    @Test
    void hugeRowsLoadOneAtATimeUnlessTheRedoLogHoldsMore() {
        assertEquals(1, RedoLogCheck.hugeLoadsAtOnce(96 * MIB, 20 * MIB, 4, 2), "the default redo log: one at a time");
        assertEquals(2, RedoLogCheck.hugeLoadsAtOnce(256 * MIB, 8 * MIB, 2, 2), "room for four rows each, up to the threads");
        assertEquals(3, RedoLogCheck.hugeLoadsAtOnce(1024 * MIB, 20 * MIB, 3, 2));
        assertEquals(1, RedoLogCheck.hugeLoadsAtOnce(0, 20 * MIB, 4, 2), "capacity unknown");
    }
}
