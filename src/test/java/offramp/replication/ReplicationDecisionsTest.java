package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.server.ServerInfo;
import offramp.server.ServerUri;
import org.junit.jupiter.api.Test;

import java.net.SocketException;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicationDecisionsTest {

    private static final List<ServerInfo.BinaryLogFile> FILES = List.of(new ServerInfo.BinaryLogFile("b.000007", 1000),
        new ServerInfo.BinaryLogFile("b.000008", 5000), new ServerInfo.BinaryLogFile("b.000009", 300));

    @Test
    void bytesBehindAcrossFiles() {
        assertEquals(200, BytesBehind.of(FILES, new BinlogCoordinates("b.000009", 300), new BinlogCoordinates("b.000009", 100)));
        assertEquals(400 + 5000 + 250, BytesBehind.of(FILES, new BinlogCoordinates("b.000009", 250), new BinlogCoordinates("b.000007", 600)));
        assertEquals(-1, BytesBehind.of(FILES, new BinlogCoordinates("b.000009", 250), new BinlogCoordinates("b.000001", 600)));
    }

    @Test
    void aLostConnectionBeingRetriedIsNotFatal() {
        assertTrue(!ReplicationErrors.fatal(new ReplicationStatus("Connecting", "Yes", 2003, "Can't connect", 0, "", null, null)));
        assertTrue(ReplicationErrors.fatal(new ReplicationStatus("Connecting", "Yes", 1045, "Access denied", 0, "", null, null)));
        assertTrue(ReplicationErrors.fatal(new ReplicationStatus("Yes", "No", 0, "", 0, "", null, null)));
        assertTrue(ReplicationErrors.fatal(new ReplicationStatus("No", "Yes", 1236, "purged", 0, "", null, null)));
    }

    @Test
    void errorsBecomeAdvice() {
        ReplicationStatus purged = new ReplicationStatus("No", "Yes", 1236,
            "Got fatal error 1236 from master when reading data from binary log: 'Could not find first log file name in binary log index file'",
            0, "", null, null);
        String advice = ReplicationErrors.explain(purged);
        assertTrue(advice.contains("binlog retention hours") && advice.contains("Could not find first log file"), advice);
        ReplicationStatus duplicate = new ReplicationStatus("Yes", "No", 0, "", 1062, "Duplicate entry '5' for key 'PRIMARY'", null, null);
        assertTrue(ReplicationErrors.explain(duplicate).contains("does not match the coordinates"));
        ReplicationStatus login = new ReplicationStatus("Connecting", "Yes", 1045, "Access denied for user 'repl'", 0, "", null, null);
        assertTrue(ReplicationErrors.explain(login).contains("skip_name_resolve"));
    }

    private static final List<ServerInfo.BinaryLogFile> SOURCE_FILES = List.of(
        new ServerInfo.BinaryLogFile("mysql-bin-changelog.000010", 5000), new ServerInfo.BinaryLogFile("mysql-bin-changelog.000011", 800));

    @Test
    void error1236IsToldApartByItsCause() {
        String notFound = "Got fatal error 1236 from master when reading data from binary log: 'Could not find first log file name in binary log index file'";
        assertEquals(ReplicationErrors.Unreadable.PURGED,
            ReplicationErrors.why(notFound, new BinlogCoordinates("mysql-bin-changelog.000003", 4), SOURCE_FILES));
        assertEquals(ReplicationErrors.Unreadable.NO_SUCH_FILE,
            ReplicationErrors.why(notFound, new BinlogCoordinates("mysql-bin-changelog.000099", 4), SOURCE_FILES));
        assertEquals(ReplicationErrors.Unreadable.NO_SUCH_FILE,
            ReplicationErrors.why(notFound, new BinlogCoordinates("mysql-bin.000003", 4), SOURCE_FILES));
        assertEquals(ReplicationErrors.Unreadable.FILE_NOT_LISTED,
            ReplicationErrors.why(notFound, new BinlogCoordinates("mysql-bin-changelog.000003", 4), null));
        assertEquals(ReplicationErrors.Unreadable.PURGED, ReplicationErrors.why("Got fatal error 1236 from source when "
            + "reading data from binary log: 'Cannot replicate because the source purged required binary logs.'", null, null));
        assertEquals(ReplicationErrors.Unreadable.PAST_END_OF_FILE, ReplicationErrors.why("Got fatal error 1236 from master "
            + "when reading data from binary log: 'Client requested master to start replication from position > file size'",
            new BinlogCoordinates("mysql-bin-changelog.000011", 9000), SOURCE_FILES));
        assertEquals(ReplicationErrors.Unreadable.PAST_END_OF_FILE, ReplicationErrors.why("anything",
            new BinlogCoordinates("mysql-bin-changelog.000010", 5001), SOURCE_FILES));
        assertEquals(ReplicationErrors.Unreadable.NOT_AN_EVENT_BOUNDARY, ReplicationErrors.why("Got fatal error 1236 from "
            + "master when reading data from binary log: 'bogus data in log event; the first event 'mysql-bin-changelog.000011' at 700'",
            new BinlogCoordinates("mysql-bin-changelog.000011", 700), SOURCE_FILES));
        assertEquals(ReplicationErrors.Unreadable.OTHER, ReplicationErrors.why("something else", null, null));
    }

    @Test
    void eachCauseOf1236HasItsOwnFix() {
        String purged = ReplicationErrors.explain(status1236("Could not find first log file name in binary log index file",
            "mysql-bin-changelog.000003", 4), SOURCE_FILES);
        assertTrue(purged.contains("has purged mysql-bin-changelog.000003") && purged.contains("binlog retention hours")
            && purged.contains("new snapshot"), purged);
        String typo = ReplicationErrors.explain(status1236("Could not find first log file name in binary log index file",
            "mysql-bin-changelog.000099", 4), SOURCE_FILES);
        assertTrue(typo.contains("never had") && typo.contains("typo") && !typo.contains("retention"), typo);
        String past = ReplicationErrors.explain(status1236("position > file size", "mysql-bin-changelog.000011", 9000), SOURCE_FILES);
        assertTrue(past.contains("past the end of mysql-bin-changelog.000011") && past.contains("800 bytes"), past);
        String inside = ReplicationErrors.explain(status1236("bogus data in log event", "mysql-bin-changelog.000011", 700), SOURCE_FILES);
        assertTrue(inside.contains("not where an event starts") && inside.contains("end_log_pos"), inside);
    }

    private static ReplicationStatus status1236(String words, String file, long pos) {
        return new ReplicationStatus("No", "Yes", 1236, "Got fatal error 1236 from master when reading data from binary log: '"
            + words + "'", 0, "", null, null, new BinlogCoordinates(file, pos), "db1", 3306, 1, null);
    }

    @Test
    void aLostConnectionIsToldFromARefusal() {
        assertTrue(CatchUp.connectionLost(new SQLException("Communications link failure", "08S01", 0)));
        assertTrue(CatchUp.connectionLost(new SQLException("Lost connection to server during query", "HY000", 2013)));
        assertTrue(CatchUp.connectionLost(new SQLException("wrapped", "HY000", 0, new SocketException("reset"))));
        assertTrue(!CatchUp.connectionLost(new SQLException("Access denied", "28000", 1045)));
        assertTrue(!CatchUp.connectionLost(new SQLException("Unknown column", "42S22", 1054)));
    }

    @Test
    void theReplicaReachesTheSourceAtItsOwnAddressOrTheGivenOne() {
        ServerUri source = ServerUri.parse("admin@db1.example.com:3307");
        assertEquals(new ReplicationSource.Address("db1.example.com", 3307), ReplicationSource.Address.of(source, null));
        assertEquals(new ReplicationSource.Address("10.0.0.1", 3307), ReplicationSource.Address.of(source, "10.0.0.1"));
        assertEquals(new ReplicationSource.Address("10.0.0.1", 3306), ReplicationSource.Address.of(source, "10.0.0.1:3306"));
    }
}
