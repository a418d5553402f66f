package offramp.replication;

import offramp.server.Dialect;
import offramp.server.Dialects;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What offramp sets for the catch-up, what it keeps, and how the apply rate is counted; no server needed. */
class ParallelApplyTest {

    @Test
    void theConfigurationSaysANumberOrKeep() {
        assertEquals(ParallelApply.DEFAULT_WORKERS, ParallelApply.parse(null).workers());
        assertEquals(4, ParallelApply.parse("4").workers());
        assertTrue(ParallelApply.parse("keep").keeps());
        assertThrows(IllegalArgumentException.class, () -> ParallelApply.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> ParallelApply.parse("many"));
    }

    @Test
    void keepingChangesNothingButNamesWhatIsRead() {
        ParallelApply.Plan plan = ParallelApply.keep().plan(Dialect.of("10.11.19-MariaDB"), true);
        assertEquals(List.of("slave_parallel_threads", "slave_parallel_mode"), plan.names());
        assertTrue(plan.settings().isEmpty());
        assertTrue(plan.note().contains("kept"));
    }

    @Test
    void oldMysqlWithoutTheReplicasBinlogKeepsItsSettingsAndSaysWhy() {
        ParallelApply.Plan plan = ParallelApply.offrampDefault().plan(Dialect.of("5.7.44"), false);
        assertTrue(plan.settings().isEmpty());
        assertTrue(plan.note().contains("log_slave_updates"), plan.note());
        ParallelApply.Plan with = ParallelApply.offrampDefault().plan(Dialect.of("5.7.44"), true);
        assertEquals("16", with.settings().get("slave_parallel_workers"));
        assertNull(with.note());
    }

    @Test
    void aChangeShowsBeforeAndAfter() {
        ParallelApply.Change change = new ParallelApply.Change(Map.of("slave_parallel_threads", "0"),
            Map.of("slave_parallel_threads", "16"), null);
        assertEquals("slave_parallel_threads 0 -> 16", change.describe());
        assertTrue(change.changed());
    }

    @Test
    void appliedTransactionsAreCountedFromTheGtidState() {
        assertEquals(0L, AppliedGtids.count(Dialects.MARIADB, ""));
        assertEquals(1234L, AppliedGtids.count(Dialects.MARIADB, "0-1-1234"));
        assertEquals(1240L, AppliedGtids.count(Dialects.MARIADB, "0-1-1234,7-3-6"));
        assertNull(AppliedGtids.count(Dialects.MYSQL_80, ""), "GTIDs off: not counted");
        assertEquals(8L, AppliedGtids.count(Dialects.MYSQL_80, "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:7-8,\n"
            + "4E11FA47-71CA-11E1-9E33-C80AA9429562:3"));
        assertEquals(12L, AppliedGtids.count(Dialects.MYSQL_84, "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:aurora:1-7"));
    }

    @Test
    void appliedTransactionsCountFromTheBaseline() {
        assertEquals(60L, AppliedGtids.since(Dialects.MARIADB, "0-1-6062", "0-1-6002"));
        assertEquals(0L, AppliedGtids.since(Dialects.MARIADB, "", "0-1-6002"), "nothing applied yet");
        assertNull(AppliedGtids.since(Dialects.MYSQL_80, "", ""), "GTIDs off: not counted");
        assertEquals(2L, AppliedGtids.since(Dialects.MYSQL_80, "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-7",
            "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5"));
    }

    @Test
    void theRateRunsFromTheFirstLookToTheLast() {
        List<CatchUp.Sample> samples = List.of(new CatchUp.Sample(0.5, 1000, 9L, "f.000001:4", 100L, 0),
            new CatchUp.Sample(2.5, 500, 4L, "f.000001:504", 300L, 500),
            new CatchUp.Sample(4.5, 0, 0L, "f.000001:1004", 500L, 1000));
        ApplyRate rate = ApplyRate.of(samples);
        assertEquals(4.0, rate.seconds());
        assertEquals(400L, rate.transactions());
        assertEquals(100.0, rate.transactionsPerSecond());
        assertEquals(250.0, rate.bytesPerSecond());
        assertNull(ApplyRate.of(samples.subList(0, 1)), "one look measures nothing");
        ApplyRate uncounted = ApplyRate.of(List.of(new CatchUp.Sample(0, 10, 1L, "a", null, 0),
            new CatchUp.Sample(2, 0, 0L, "b", null, 10)));
        assertNull(uncounted.transactionsPerSecond());
        assertTrue(uncounted.describe().contains("not counted"), uncounted.describe());
    }
}
