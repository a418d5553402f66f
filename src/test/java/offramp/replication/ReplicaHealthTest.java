package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.server.BinlogRetention;
import offramp.server.ServerIdentity;
import offramp.server.ServerInfo.BinaryLogFile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static offramp.replication.ReplicaHealth.Level.CRITICAL;
import static offramp.replication.ReplicaHealth.Level.OK;
import static offramp.replication.ReplicaHealth.Level.WARNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decisions of offramp status, from looks made up here. */
class ReplicaHealthTest {

    private static final ServerIdentity SOURCE = new ServerIdentity("db1:3306", null, 1);
    private static final List<BinaryLogFile> FILES = List.of(new BinaryLogFile("bin.000001", 1000),
        new BinaryLogFile("bin.000002", 5000));
    private static final BinlogRetention WEEK = new BinlogRetention(7 * 86400, "binlog_expire_logs_seconds");
    private static final ReplicaHealth.Thresholds LIMITS = ReplicaHealth.Thresholds.DEFAULTS;

    private static ReplicationStatus running(BinlogCoordinates applied, long secondsBehind) {
        return new ReplicationStatus("Yes", "Yes", 0, "", 0, "", applied, secondsBehind, applied, "db1", 3306, 1, null);
    }

    private static ReplicaObservation look(double at, ReplicationStatus status, BinlogCoordinates sourceAt,
                                           List<BinaryLogFile> files, BinlogRetention retention, Long closedAt) {
        return new ReplicaObservation(at, status, 7, null, true, null, "0-1-100", null, false, SOURCE, null, null,
            sourceAt, files, 1_000_000, retention, closedAt, "", List.of(), null, null);
    }

    @Test
    void aCaughtUpReadOnlyReplicaIsHealthy() {
        BinlogCoordinates end = new BinlogCoordinates("bin.000002", 5000);
        ReplicaHealth.Health h = ReplicaHealth.assess(look(0, running(end, 0), end, FILES, WEEK, null),
            look(5, running(end, 0), end, FILES, WEEK, null), LIMITS, false);
        assertEquals(OK, h.level(), h.findings().toString());
        assertEquals(0, h.figures().lagBytes());
        assertEquals(0.0, h.figures().catchUpSeconds());
        assertTrue(h.findings().stream().anyMatch(f -> f.text().contains("caught up")));
        assertEquals(7.0 * 86400, h.figures().headroomSeconds(), "the file being written is a whole retention from purging");
    }

    @Test
    void catchingUpAndFallingBehindFromTheRatesAcrossFiles() {
        BinlogCoordinates was = new BinlogCoordinates("bin.000001", 0);
        BinlogCoordinates is = new BinlogCoordinates("bin.000001", 800);
        ReplicaObservation a = look(0, running(was, 10), new BinlogCoordinates("bin.000002", 1000), FILES, WEEK, 999_000L);
        ReplicaObservation b = look(10, running(is, 8), new BinlogCoordinates("bin.000002", 1400), FILES, WEEK, 999_000L);
        ReplicaHealth.Health h = ReplicaHealth.assess(a, b, LIMITS, false);
        assertEquals(200 + 1400, h.figures().lagBytes());
        assertEquals(80.0, h.figures().applyBytesPerSecond());
        assertEquals(40.0, h.figures().writeBytesPerSecond());
        assertEquals(1600 / 40.0, h.figures().catchUpSeconds());
        assertTrue(h.findings().stream().anyMatch(f -> f.text().contains("catching up in about 40 s")), h.findings().toString());

        ReplicaObservation fast = look(10, running(is, 8), new BinlogCoordinates("bin.000002", 5000), FILES, WEEK, 999_000L);
        ReplicaHealth.Health behind = ReplicaHealth.assess(a, fast, new ReplicaHealth.Thresholds(300, 3600, 86400, 3600, 1000), false);
        assertTrue(behind.figures().catchUpSeconds().isInfinite());
        assertEquals(WARNING, behind.level(), behind.findings().toString());
        assertTrue(behind.findings().stream().anyMatch(f -> f.text().contains("falling behind")));
    }

    @Test
    void headroomCountsFromWhenTheNeededFileClosed() {
        BinlogCoordinates applied = new BinlogCoordinates("bin.000001", 500);
        BinlogCoordinates sourceAt = new BinlogCoordinates("bin.000002", 100);
        BinlogRetention twoHours = new BinlogRetention(7200, "binlog_expire_logs_seconds");
        // closed 1000 s ago by the source's clock: 6200 s left, under a day
        ReplicaHealth.Health warn = ReplicaHealth.assess(null, look(0, running(applied, 1), sourceAt, FILES, twoHours,
            1_000_000L - 1000), LIMITS, false);
        assertEquals(6200.0, warn.figures().headroomSeconds());
        assertEquals(WARNING, warn.level(), warn.findings().toString());
        ReplicaHealth.Health critical = ReplicaHealth.assess(null, look(0, running(applied, 1), sourceAt, FILES, twoHours,
            1_000_000L - 5000), LIMITS, false);
        assertEquals(CRITICAL, critical.level());
        assertTrue(critical.findings().stream().anyMatch(f -> f.topic().equals("retention") && f.text().contains("keep binlogs longer")));
        ReplicaHealth.Health unknownAge = ReplicaHealth.assess(null, look(0, running(applied, 1), sourceAt, FILES, twoHours,
            null), LIMITS, false);
        assertNull(unknownAge.figures().headroomSeconds());
    }

    @Test
    void aPurgedFileAnUnsetRdsRetentionAndAFileKeptForeverAreTold() {
        BinlogCoordinates gone = new BinlogCoordinates("bin.000000", 500);
        BinlogCoordinates sourceAt = new BinlogCoordinates("bin.000002", 100);
        ReplicaHealth.Health purged = ReplicaHealth.assess(null, look(0, running(gone, 1), sourceAt, FILES, WEEK, null), LIMITS, false);
        assertEquals(CRITICAL, purged.level());
        assertTrue(purged.findings().stream().anyMatch(f -> f.text().contains("no longer has bin.000000")));
        BinlogCoordinates applied = new BinlogCoordinates("bin.000002", 100);
        ReplicaHealth.Health rds = ReplicaHealth.assess(null, look(0, running(applied, 0), sourceAt, FILES,
            new BinlogRetention(-1, "binlog retention hours"), null), LIMITS, false);
        assertEquals(CRITICAL, rds.level());
        ReplicaHealth.Health forever = ReplicaHealth.assess(null, look(0, running(applied, 0), sourceAt, FILES,
            new BinlogRetention(0, "expire_logs_days"), null), LIMITS, false);
        assertEquals(OK, forever.level(), forever.findings().toString());
        assertTrue(forever.figures().headroomSeconds().isInfinite());
    }

    @Test
    void aStoppedApplierIsCriticalWithTheErrorExplained() {
        BinlogCoordinates at = new BinlogCoordinates("bin.000002", 100);
        ReplicationStatus broken = new ReplicationStatus("Yes", "No", 0, "", 1062, "Duplicate entry '1000' for key 'PRIMARY'",
            at, null, at, "db1", 3306, 1, null);
        ReplicaHealth.Health h = ReplicaHealth.assess(null, look(0, broken, at, FILES, WEEK, null), LIMITS, false);
        assertEquals(CRITICAL, h.level());
        assertEquals(1062, h.figures().lastErrno());
        assertTrue(h.findings().get(0).text().contains("does not match the coordinates"), h.findings().toString());
    }

    @Test
    void ownTransactionsOfBothFlavors() {
        assertEquals(List.of("0-7-3"), ReplicaHealth.ownTransactions("0-1-100,0-7-3", 7, null));
        assertEquals(List.of(), ReplicaHealth.ownTransactions("0-1-100", 7, null));
        String uuid = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
        assertEquals(List.of(uuid + ":1-5"), ReplicaHealth.ownTransactions(
            "2174b383-5441-11e8-b90a-c80aa9429562:1-100,\n" + uuid + ":1-5", 7, uuid.toUpperCase()));
    }

    @Test
    void aWritableReplicaWithItsOwnWritesAndAnotherSourceAreTold() {
        BinlogCoordinates end = new BinlogCoordinates("bin.000002", 5000);
        ReplicaObservation writable = new ReplicaObservation(0, running(end, 0), 7, null, false, null, "0-1-100,0-7-2",
            new BinlogCoordinates("own.000001", 300), false, SOURCE, null, null, end, FILES, 1_000_000, WEEK, null, "", List.of(), null, null);
        ReplicaObservation later = new ReplicaObservation(5, running(end, 0), 7, null, false, null, "0-1-100,0-7-3",
            new BinlogCoordinates("own.000001", 600), false, SOURCE, null, null, end, FILES, 1_000_000, WEEK, null, "", List.of(), null, null);
        ReplicaHealth.Health h = ReplicaHealth.assess(writable, later, LIMITS, false);
        assertEquals(WARNING, h.level());
        assertEquals(List.of("0-7-3"), h.figures().ownTransactions());
        assertTrue(h.findings().stream().anyMatch(f -> f.topic().equals("read-only") && f.level() == WARNING));
        assertTrue(h.findings().stream().anyMatch(f -> f.text().contains("own binlog moved")));
        assertEquals(OK, ReplicaHealth.assess(null, new ReplicaObservation(0, running(end, 0), 7, null, false, null,
            "0-1-100", null, false, SOURCE, null, null, end, FILES, 1_000_000, WEEK, null, "", List.of(), null, null), LIMITS, true).level());

        ReplicaObservation moved = new ReplicaObservation(0, running(end, 0), 7, null, true, null, "0-1-100", null, false,
            new ServerIdentity("db1:3306", null, 9), null, SOURCE, end, FILES, 1_000_000, WEEK, null, "", List.of(), null, null);
        ReplicaHealth.Health other = ReplicaHealth.assess(null, moved, LIMITS, false);
        assertEquals(CRITICAL, other.level());
        assertEquals(false, other.figures().sourceMatches());
        assertTrue(other.findings().stream().anyMatch(f -> f.text().contains("server_id was 1 and is now 9")), other.findings().toString());
    }

    @Test
    void twoKibInFlightWithNoLagIsCaughtUpNotHoursAway() {
        // Seen: catch_up_seconds 5492 with 2 KiB behind and 0 s lag, the apply rate a hair above the write rate.
        BinlogCoordinates appliedThen = new BinlogCoordinates("bin.000002", 1000);
        BinlogCoordinates appliedNow = new BinlogCoordinates("bin.000002", 3000);
        ReplicaObservation a = look(0, running(appliedThen, 0), new BinlogCoordinates("bin.000002", 3000), FILES, WEEK, null);
        ReplicaObservation b = look(5, running(appliedNow, 0), new BinlogCoordinates("bin.000002", 5048), FILES, WEEK, null);
        ReplicaHealth.Health h = ReplicaHealth.assess(a, b, LIMITS, false);
        assertEquals(2048, h.figures().lagBytes());
        assertEquals(0.0, h.figures().catchUpSeconds(), h.findings().toString());
        assertEquals(OK, h.level(), h.findings().toString());
        assertTrue(h.findings().stream().anyMatch(f -> f.text().contains("caught up")), h.findings().toString());
        // The same bytes behind with the applier 30 s behind is a gap to close at the net rate: 400 B/s applied
        // against 409.6 B/s written loses ground.
        ReplicaObservation c = look(5, running(appliedNow, 30), new BinlogCoordinates("bin.000002", 5048), FILES, WEEK, null);
        assertEquals(Double.POSITIVE_INFINITY, ReplicaHealth.assess(a, c, LIMITS, false).figures().catchUpSeconds());
    }

    @Test
    void aBinlogRotatedByARestartIsNoWriteOnTheReplica() {
        // Seen: "something writes on the replica" after a restart that only rotated its binlog.
        BinlogCoordinates end = new BinlogCoordinates("bin.000002", 5000);
        ReplicaObservation before = new ReplicaObservation(0, running(end, 0), 7, null, false, null, "0-1-100",
            new BinlogCoordinates("own.000001", 600), false, SOURCE, null, null, end, FILES, 1_000_000, WEEK, null, "", List.of(), null, null);
        ReplicaObservation after = new ReplicaObservation(5, running(end, 0), 7, null, false, null, "0-1-100",
            new BinlogCoordinates("own.000002", 385), false, SOURCE, null, null, end, FILES, 1_000_000, WEEK, null, "", List.of(), null, null);
        ReplicaHealth.Health h = ReplicaHealth.assess(before, after, LIMITS, true);
        assertEquals(OK, h.level(), h.findings().toString());
        assertTrue(ReplicaHealth.ownBinlogWritten(new BinlogCoordinates("own.000002", 385), new BinlogCoordinates("own.000002", 700)));
        assertTrue(!ReplicaHealth.ownBinlogWritten(new BinlogCoordinates("own.000001", 600), new BinlogCoordinates("own.000002", 385)));
    }

    @Test
    void accountsMadeOnTheTargetBeforeProvisioningAreNoDrift() {
        // Seen: a permanent drift WARNING for a CREATE USER made on the target before provisioning.
        BinlogCoordinates end = new BinlogCoordinates("bin.000002", 5000);
        ReplicaObservation baseline = new ReplicaObservation(0, running(end, 0), 7, null, true, null, "0-1-100,0-7-2",
            null, false, SOURCE, null, null, end, FILES, 1_000_000, WEEK, null, "0-7-2", List.of(), null, null);
        assertEquals(OK, ReplicaHealth.assess(null, baseline, LIMITS, false).level());
        ReplicaObservation wroteSince = new ReplicaObservation(0, running(end, 0), 7, null, true, null, "0-1-100,0-7-3",
            null, false, SOURCE, null, null, end, FILES, 1_000_000, WEEK, null, "0-7-2", List.of(), null, null);
        ReplicaHealth.Health h = ReplicaHealth.assess(null, wroteSince, LIMITS, false);
        assertEquals(WARNING, h.level());
        assertEquals(List.of("0-7-3"), h.figures().ownTransactions());
    }

    @Test
    void settingsARestartLostAreCriticalWithTheFix() {
        BinlogCoordinates end = new BinlogCoordinates("bin.000002", 5000);
        ReplicaObservation restarted = new ReplicaObservation(0, running(end, 0), 7, null, true, null, "0-1-100",
            null, false, SOURCE, null, null, end, FILES, 1_000_000, WEEK, null, "",
            List.of(new LostSetting("slave_parallel_threads", "16", "0")),
            "STOP SLAVE; SET GLOBAL slave_parallel_threads = 16; START SLAVE; and keep them across restarts: add '!include /w/replica-settings.cnf'", null);
        ReplicaHealth.Health h = ReplicaHealth.assess(null, restarted, LIMITS, false);
        assertEquals(CRITICAL, h.level());
        assertTrue(h.findings().stream().anyMatch(f -> f.topic().equals("settings") && f.text().contains("slave_parallel_threads 0 (offramp set 16)")
            && f.text().contains("!include /w/replica-settings.cnf")), h.findings().toString());
    }

    @Test
    void cannotCheckIsUnknownAndADeadReplicaCritical() {
        assertEquals(ReplicaHealth.Level.UNKNOWN, ReplicaHealth.cannotReach("Access denied", 1045, "28000").level());
        assertEquals(3, ReplicaHealth.cannotReach("Access denied", 1045, "28000").exitCode());
        assertEquals(CRITICAL, ReplicaHealth.cannotReach("Connection refused", 0, "08S01").level());
    }

    @Test
    void progressBetweenLooksFeedsTheCounters() {
        ReplicaObservation a = look(0, running(new BinlogCoordinates("bin.000001", 200), 3), new BinlogCoordinates("bin.000002", 100), FILES, WEEK, null);
        ReplicaObservation b = look(5, running(new BinlogCoordinates("bin.000002", 50), 1), new BinlogCoordinates("bin.000002", 400), FILES, WEEK, null);
        assertEquals(new ReplicaHealth.Progress(800 + 50, 300), ReplicaHealth.progress(a, b));
        assertEquals(ReplicaHealth.Progress.NONE, ReplicaHealth.progress(null, b));
    }
}
