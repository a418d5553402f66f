package offramp.replication;

import offramp.server.ServerIdentity;

import offramp.binlog.BinlogCoordinates;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whether a run of replicate or provision configures the replica, leaves it replicating, or refuses. */
class StartDecisionTest {

    private static final ServerIdentity SOURCE = new ServerIdentity("db1:3306", "3e11fa47-71ca-11e1-9e33-c80aa9429562", 1);
    private static final ServerIdentity REPLICA = new ServerIdentity("db2:3306", "4f22fa47-71ca-11e1-9e33-c80aa9429562", 2);
    private static final BinlogCoordinates AT = new BinlogCoordinates("mysql-bin-changelog.000695", 101168877);

    private static ReplicationStatus replicating(String host, BinlogCoordinates applied, String io, String sql, long serverId, String uuid) {
        return new ReplicationStatus(io, sql, 0, "", 0, "", applied, 0L, applied, host, 3306, serverId, uuid);
    }

    private static StartDecision decide(ReplicationStatus status, boolean force) {
        return StartDecision.decide(REPLICA, SOURCE, status, new StartDecision.Wanted("db1", 3306, AT, false, force));
    }

    @Test
    void aReplicaNotReplicatingIsConfigured() {
        assertEquals(StartDecision.Action.CONFIGURE, decide(null, false).action());
        ReplicationStatus reset = new ReplicationStatus("No", "No", 0, "", 0, "", null, null, null, "", 3306, 0, null);
        assertEquals(StartDecision.Action.CONFIGURE, decide(reset, false).action());
        ReplicationStatus resetFromElsewhere = new ReplicationStatus("No", "No", 0, "", 0, "", null, null, null, "db9", 3306, 9, null);
        assertEquals(StartDecision.Action.CONFIGURE, decide(resetFromElsewhere, false).action());
    }

    @Test
    void aRerunLeavesAReplicaAtOrPastTheCoordinatesWhereItIs() {
        StartDecision past = decide(replicating("db1", new BinlogCoordinates("mysql-bin-changelog.000697", 4000), "Yes", "Yes", 1, null), false);
        assertEquals(StartDecision.Action.RESUME, past.action());
        assertTrue(past.reason().contains("past " + AT) && past.reason().contains("rewind"), past.reason());
        StartDecision at = decide(replicating("DB1", AT, "No", "No", 0, null), false);
        assertEquals(StartDecision.Action.RESUME, at.action());
        assertTrue(at.reason().contains("stopped threads will be started"), at.reason());
        // Even --force-reconfigure leaves it be when there is nothing to override.
        assertEquals(StartDecision.Action.RESUME, decide(replicating("db1", AT, "Yes", "Yes", 1, SOURCE.serverUuid()), true).action());
    }

    @Test
    void aReplicaBehindTheCoordinatesIsRefusedUnlessForced() {
        ReplicationStatus behind = replicating("db1", new BinlogCoordinates("mysql-bin-changelog.000695", 4), "Yes", "Yes", 1, null);
        StartDecision refused = decide(behind, false);
        assertEquals(StartDecision.Action.REFUSE, refused.action());
        assertTrue(refused.reason().contains("--force-reconfigure") && refused.reason().contains("skip"), refused.reason());
        StartDecision forced = decide(behind, true);
        assertEquals(StartDecision.Action.CONFIGURE, forced.action());
        assertNotNull(forced.warning());
        ReplicationStatus otherSeries = replicating("db1", new BinlogCoordinates("mysql-bin.000900", 4), "Yes", "Yes", 1, null);
        assertEquals(StartDecision.Action.REFUSE, decide(otherSeries, false).action());
    }

    @Test
    void aReplicaOfAnotherSourceIsRefusedUnlessForced() {
        BinlogCoordinates past = new BinlogCoordinates("mysql-bin-changelog.000699", 4);
        StartDecision otherHost = decide(replicating("db9", past, "Yes", "Yes", 9, null), false);
        assertEquals(StartDecision.Action.REFUSE, otherHost.action());
        assertTrue(otherHost.reason().contains("db9:3306") && otherHost.reason().contains("--force-reconfigure"), otherHost.reason());
        StartDecision otherServerId = decide(replicating("db1", past, "Yes", "Yes", 7, null), false);
        assertEquals(StartDecision.Action.REFUSE, otherServerId.action());
        assertTrue(otherServerId.reason().contains("server_id 7"), otherServerId.reason());
        StartDecision otherUuid = decide(replicating("db1", past, "Yes", "Yes", 1, "00000000-0000-0000-0000-000000000001"), false);
        assertEquals(StartDecision.Action.REFUSE, otherUuid.action());
        StartDecision forced = decide(replicating("db9", past, "Yes", "Yes", 9, null), true);
        assertEquals(StartDecision.Action.CONFIGURE, forced.action());
        assertTrue(forced.warning().contains("db9:3306"), forced.warning());
    }

    @Test
    void theSourceItselfIsNeverMadeAReplicaNotEvenForced() {
        for (ServerIdentity same : new ServerIdentity[] {new ServerIdentity("127.0.0.1:3306", SOURCE.serverUuid(), 1),
            new ServerIdentity("db3:3306", null, 1), new ServerIdentity("db4:3306", SOURCE.serverUuid().toUpperCase(), 5)}) {
            StartDecision d = StartDecision.decide(same, SOURCE, null, new StartDecision.Wanted("db1", 3306, AT, false, true));
            assertEquals(StartDecision.Action.REFUSE, d.action());
            assertTrue(d.reason().contains(same.address()) && d.reason().contains(SOURCE.address()), d.reason());
            assertTrue(d.reason().contains("server_uuid") || d.reason().contains("server_id 1"), d.reason());
        }
        assertNull(REPLICA.sharedWith(SOURCE));
    }

    @Test
    void gtidAutoPositionResumesAReplicaOfTheSameSource() {
        StartDecision d = StartDecision.decide(REPLICA, SOURCE, replicating("db1", new BinlogCoordinates("b.000001", 4), "Yes", "Yes", 1, null),
            new StartDecision.Wanted("db1", 3306, AT, true, false));
        assertEquals(StartDecision.Action.RESUME, d.action());
    }
}
