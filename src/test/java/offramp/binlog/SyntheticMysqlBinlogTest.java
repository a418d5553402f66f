package offramp.binlog;

import offramp.binlog.TransactionBoundaries.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static offramp.binlog.EventKind.FORMAT_DESCRIPTION;
import static offramp.binlog.EventKind.GTID;
import static offramp.binlog.EventKind.GTID_TAGGED;
import static offramp.binlog.EventKind.IGNORED;
import static offramp.binlog.EventKind.PARTIAL_UPDATE_ROWS;
import static offramp.binlog.EventKind.PREVIOUS_GTIDS;
import static offramp.binlog.EventKind.QUERY;
import static offramp.binlog.EventKind.TABLE_MAP;
import static offramp.binlog.EventKind.XID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FileBinlogReader} and {@link TransactionBoundaries} on binlog files of MySQL 8.0 and 8.4 events that no
 * recorded file here holds, written from their documented layouts by {@link MysqlEventBytes} (whose layouts
 * {@link MysqlEventLayoutsTest} checks against public vectors): 8.0 GTID events with both commit timestamps,
 * 8.4 tagged GTIDs, PARTIAL_UPDATE_ROWS, and events of types offramp does not know.
 */
class SyntheticMysqlBinlogTest {

    private static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final long TABLE_ID = 108;

    @TempDir
    Path dir;

    /** GTID (8.0 layout), BEGIN, TABLE_MAP, PARTIAL_UPDATE_ROWS, XID. */
    private static void partialJsonUpdate(MysqlEventBytes.File f, byte[] gtidEvent, int gtidType, int id) {
        f.event(gtidType, gtidEvent)
            .event(2, MysqlEventBytes.query("app", "BEGIN"))
            .event(19, MysqlEventBytes.tableMap(TABLE_ID, "app", "docs"))
            .event(39, MysqlEventBytes.partialUpdateRows(TABLE_ID, id))
            .event(16, MysqlEventBytes.xid(100 + id));
    }

    private static MysqlEventBytes.File mysql84() {
        return new MysqlEventBytes.File(84)
            .event(15, MysqlEventBytes.formatDescription("8.4.3"))
            .event(35, MysqlEventBytes.previousGtidsEmpty());
    }

    private static byte[] gtid80(long gno) {
        return MysqlEventBytes.gtid80(1, UUID, gno, gno - 1, gno, 1739823289369365L, 1739823280000000L, 500, 80400, 80036);
    }

    private static byte[] tagged(long gno) {
        return MysqlEventBytes.gtidTagged(1, UUID, gno, "offramp", gno - 1, gno, 1739823289369365L,
            1739823289369365L, 500, 80400, 80400);
    }

    @Test
    void gtid80TaggedGtidAndPartialUpdateRowsAreReadAndBounded() throws Exception {
        MysqlEventBytes.File f = mysql84();
        long t1 = f.position();
        partialJsonUpdate(f, gtid80(1), 33, 1);
        long t2 = f.position();
        partialJsonUpdate(f, tagged(2), 42, 2);
        long t3 = f.position();
        // A DDL under a tagged GTID: the one QUERY after it is the whole transaction.
        f.event(42, tagged(3)).event(2, MysqlEventBytes.query("app", "CREATE TABLE app.t2 (id INT PRIMARY KEY)"));
        long end = f.position();

        Read read = read(f, "binlog.000001");

        assertEquals(ReadResult.Ending.END_OF_FILE, read.result().ending());
        assertEquals(end, read.result().lastEnd());
        assertEquals(List.of(FORMAT_DESCRIPTION, PREVIOUS_GTIDS, GTID, QUERY, TABLE_MAP, PARTIAL_UPDATE_ROWS, XID,
                GTID_TAGGED, QUERY, TABLE_MAP, PARTIAL_UPDATE_ROWS, XID, GTID_TAGGED, QUERY),
            read.events().stream().map(BinlogEvent::type).toList());
        assertEquals(List.of(UUID + ":1", UUID + ":offramp:2", UUID + ":offramp:3"),
            read.events().stream().filter(e -> e.type().isGtid()).map(BinlogEvent::gtid).toList());
        assertContiguous(read.events(), end);

        TransactionBoundaries boundaries = new TransactionBoundaries(5);
        read.events().forEach(boundaries::accept);
        assertEquals(List.of(new Transaction(t1, t2, UUID + ":1"), new Transaction(t2, t3, UUID + ":offramp:2"),
            new Transaction(t3, end, UUID + ":offramp:3")), boundaries.recentTransactions());
        assertEquals(end, boundaries.boundary());
    }

    @Test
    void aFileEndingInsideATaggedTransactionHasItsBoundaryAtThatGtid() throws Exception {
        MysqlEventBytes.File f = mysql84();
        partialJsonUpdate(f, gtid80(1), 33, 1);
        long open = f.position();
        f.event(42, tagged(2)).event(2, MysqlEventBytes.query("app", "BEGIN"))
            .event(19, MysqlEventBytes.tableMap(TABLE_ID, "app", "docs"))
            .event(39, MysqlEventBytes.partialUpdateRows(TABLE_ID, 2));

        TransactionBoundaries boundaries = new TransactionBoundaries(3);
        read(f, "binlog.000002").events().forEach(boundaries::accept);

        assertEquals(open, boundaries.boundary());
        assertTrue(boundaries.insideTransaction());
        assertEquals(open, boundaries.openTransactionStart());
        assertEquals(UUID + ":offramp:2", boundaries.openTransactionGtid());
    }

    @Test
    void unknownTypesWithTheIgnorableFlagAreSkippedWhereverTheyStand() throws Exception {
        // Type 100 as Aurora writes its padding (between the GTID and BEGIN), and an ignorable type 77 between
        // transactions: neither opens, ends or splits a transaction.
        MysqlEventBytes.File f = mysql84();
        long t1 = f.position();
        f.event(33, gtid80(1))
            .event(100, EventKind.IGNORABLE_FLAG, new byte[928])
            .event(2, MysqlEventBytes.query("app", "BEGIN"))
            .event(19, MysqlEventBytes.tableMap(TABLE_ID, "app", "docs"))
            .event(39, MysqlEventBytes.partialUpdateRows(TABLE_ID, 1))
            .event(16, MysqlEventBytes.xid(1));
        long afterT1 = f.position();
        f.event(77, EventKind.IGNORABLE_FLAG, new byte[] {1, 2, 3});
        long t2 = f.position();
        partialJsonUpdate(f, gtid80(2), 33, 2);
        long end = f.position();

        Read read = read(f, "binlog.000003");
        List<BinlogEvent> ignored = read.events().stream().filter(e -> e.type() == IGNORED).toList();
        assertEquals(List.of(100, 77), ignored.stream().map(BinlogEvent::typeCode).toList());
        assertEquals("Ignorable (type 100)", ignored.get(0).typeName());
        assertContiguous(read.events(), end);

        TransactionBoundaries boundaries = new TransactionBoundaries(3);
        List<Long> boundaryAfter = new ArrayList<>();
        for (BinlogEvent e : read.events()) {
            boundaries.accept(e);
            boundaryAfter.add(boundaries.boundary());
        }
        assertEquals(List.of(new Transaction(t1, afterT1, UUID + ":1"), new Transaction(t2, end, UUID + ":2")),
            boundaries.recentTransactions());
        assertEquals(List.of(t1, t1, t1, t1, t1, t1, afterT1, t2, t2, t2, t2, t2, end), boundaryAfter.subList(1, 14));
    }

    @Test
    void anUnknownTypeWithoutTheIgnorableFlagIsAnErrorNamingTypeAndPosition() throws Exception {
        MysqlEventBytes.File f = mysql84();
        partialJsonUpdate(f, gtid80(1), 33, 1);
        long at = f.position();
        f.event(99, 0, new byte[] {1, 2, 3});
        partialJsonUpdate(f, gtid80(2), 33, 2);

        BinlogReadException e = assertThrows(BinlogReadException.class, () -> read(f, "binlog.000004"));
        assertTrue(e.getMessage().contains("event type 99 at " + at + " (end_log_pos " + (at + 19 + 3 + 4)),
            e.getMessage());
        assertTrue(e.getMessage().contains("ignorable flag"), e.getMessage());
    }

    // ---------------------------------------------------------------- helpers

    private static void assertContiguous(List<BinlogEvent> events, long end) {
        long at = 4;
        for (BinlogEvent e : events) {
            assertEquals(at, e.start(), "each event starts where the one before ended: " + e.describe());
            at = e.end();
        }
        assertEquals(end, at);
    }

    private record Read(List<BinlogEvent> events, ReadResult result) {
    }

    private Read read(MysqlEventBytes.File f, String name) throws Exception {
        Files.write(dir.resolve(name), f.bytes());
        List<BinlogEvent> events = new ArrayList<>();
        ReadResult result = new FileBinlogReader(dir).read(name, 4, events::add);
        return new Read(events, result);
    }
}
