package offramp.coordinates;

import offramp.binlog.BinlogEvent;
import offramp.binlog.EventKind;
import offramp.binlog.FileBinlogReader;
import offramp.binlog.SharedBinlogFixtures;
import offramp.binlog.TransactionBoundaries.Transaction;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static offramp.binlog.SharedBinlogFixtures.AURORA_PADDING;
import static offramp.binlog.SharedBinlogFixtures.CHECKSUM_CRC32;
import static offramp.binlog.SharedBinlogFixtures.CHECKSUM_NONE;
import static offramp.binlog.SharedBinlogFixtures.COMPRESSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decision {@link CoordinatesFinder} makes on the last file of a clone's history, taken on files real MySQL
 * 8.0.28, Aurora MySQL and MySQL 5.7 servers wrote, as if each were that file ({@link SharedBinlogFixtures}).
 */
class HistoryTailTest {

    @Test
    void compressedTransactionIsTheLastAndTheRotateAfterItEndsTheFile() throws Exception {
        HistoryTail.Finding f = find(COMPRESSED);

        assertEquals(new Transaction(157, 724, null), f.last());
        assertNull(f.unfinished());
        // Replication may start after the ROTATE as well as before it; after it agrees with SHOW BINARY LOGS.
        assertEquals(771, f.position());
        assertTrue(f.evidence().get(0).contains("ends at 724"), f.evidence().get(0));
        assertTrue(f.evidence().get(0).endsWith("file size 771: they agree"), f.evidence().get(0));
        assertEquals(List.of(157L, 236L, 724L), f.compared().stream().map(BinlogEvent::start).toList());
    }

    @Test
    void auroraFileEndsInsideTheTransactionThatBeginsAtItsGtid() throws Exception {
        HistoryTail.Finding f = find(AURORA_PADDING);

        assertEquals(216, f.position(), "before the Anonymous_Gtid of the unfinished transaction, not the file size");
        assertNull(f.last());
        assertEquals(new Transaction(216, 1294, null), f.unfinished());
        assertEquals(List.of(EventKind.FORMAT_DESCRIPTION, EventKind.PREVIOUS_GTIDS),
            f.compared().stream().map(BinlogEvent::type).toList(), "what the source must hold before 216");
        assertTrue(f.evidence().stream().anyMatch(e -> e.startsWith("unfinished transaction: events from 216 to 1294")),
            f.evidence().toString());
        assertTrue(f.evidence().get(0).contains("the position is the boundary, not the size"), f.evidence().get(0));
    }

    @Test
    void mysql57FilesEndBetweenTransactions() throws Exception {
        HistoryTail.Finding crc32 = find(CHECKSUM_CRC32);
        assertEquals(27984, crc32.position());
        assertEquals(new Transaction(27572, 27937, null), crc32.last());
        assertNull(crc32.unfinished());
        assertEquals(CoordinatesFinder.COMPARED_TRANSACTIONS,
            crc32.compared().stream().filter(e -> e.type().isGtid()).count());

        HistoryTail.Finding none = find(CHECKSUM_NONE);
        assertEquals(37643, none.position());
        assertEquals(37624, none.last().end());
        assertNull(none.unfinished());
    }

    private static HistoryTail.Finding find(String name) throws Exception {
        Path dir = SharedBinlogFixtures.directoryWith(name);
        return HistoryTail.read(new FileBinlogReader(dir), name, Files.size(dir.resolve(name)),
            CoordinatesFinder.COMPARED_TRANSACTIONS);
    }
}
