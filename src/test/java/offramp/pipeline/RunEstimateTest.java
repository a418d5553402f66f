package offramp.pipeline;

import offramp.binlog.BinlogCoordinates;
import offramp.server.ServerInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunEstimateTest {

    private static final double MIB = 1048576;

    @Test
    void oneTerabyteAtTheDefaultRates() {
        // 1 TiB; copy 100 MiB/s, verify 200 MiB/s; the source writes 1 MiB/s; the replica applies 5 MiB/s
        RunEstimate e = new RunEstimate(1L << 40, 100 * MIB, 200 * MIB, MIB, 5 * MIB, Duration.ofMinutes(45), 7 * 86400);
        assertEquals(10485.76, e.copySeconds(), 0.01);
        assertEquals(5242.88, e.verifySeconds(), 0.01);
        assertEquals(2700 + 10485.76 + 5242.88, e.untilReplicationSeconds(), 0.01);
        assertEquals(e.untilReplicationSeconds() * MIB, e.backlogBytes(), 1);
        assertEquals(e.backlogBytes() / (4 * MIB), e.catchUpSeconds(), 0.01);
        assertTrue(e.retentionCovers());
        assertTrue(e.lines().get(1).startsWith("copy        2 h 54 min at 100.0 MiB/s"), e.lines().get(1));
    }

    @Test
    void aReplicaNoFasterThanTheSourceNeverCatchesUpAndShortRetentionIsCalledOut() {
        RunEstimate e = new RunEstimate(1L << 40, 100 * MIB, 200 * MIB, 5 * MIB, 5 * MIB, Duration.ofMinutes(45), 3600);
        assertTrue(Double.isInfinite(e.catchUpSeconds()));
        assertFalse(e.retentionCovers());
        assertTrue(e.lines().get(4).startsWith("catch-up    never"), e.lines().get(4));
    }

    @Test
    void binlogGrowthIsCountedAcrossFiles() {
        List<ServerInfo.BinaryLogFile> files = List.of(new ServerInfo.BinaryLogFile("b.000001", 1000),
            new ServerInfo.BinaryLogFile("b.000002", 5000), new ServerInfo.BinaryLogFile("b.000003", 300));
        assertEquals(200, EstimateProbe.bytesBetween(files, new BinlogCoordinates("b.000002", 100), new BinlogCoordinates("b.000002", 300)));
        assertEquals(1000 - 400 + 5000 + 250,
            EstimateProbe.bytesBetween(files, new BinlogCoordinates("b.000001", 400), new BinlogCoordinates("b.000003", 250)));
    }
}
