package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.server.ServerInfo;
import org.junit.jupiter.api.Test;

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
}
