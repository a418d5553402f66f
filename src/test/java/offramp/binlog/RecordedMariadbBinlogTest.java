package offramp.binlog;

import offramp.binlog.TransactionBoundaries.Transaction;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static offramp.binlog.EventKind.ANNOTATE_ROWS;
import static offramp.binlog.EventKind.BINLOG_CHECKPOINT;
import static offramp.binlog.EventKind.DELETE_ROWS_V1;
import static offramp.binlog.EventKind.FORMAT_DESCRIPTION;
import static offramp.binlog.EventKind.MARIADB_GTID;
import static offramp.binlog.EventKind.MARIADB_GTID_LIST;
import static offramp.binlog.EventKind.QUERY;
import static offramp.binlog.EventKind.STOP;
import static offramp.binlog.EventKind.TABLE_MAP;
import static offramp.binlog.EventKind.UPDATE_ROWS_V1;
import static offramp.binlog.EventKind.WRITE_ROWS_V1;
import static offramp.binlog.EventKind.XID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FileBinlogReader} and {@link TransactionBoundaries} on binlog files a real MariaDB 10.11 wrote (see
 * {@code src/test/resources/binlog/README.txt}). Every position below is what {@code mysqlbinlog} printed for
 * the fixture: {@code # at start} and {@code end_log_pos end}.
 */
class RecordedMariadbBinlogTest {

    private static final String COMPLETE = "mariadb-10.11-row.000001";
    private static final String TORN = "mariadb-10.11-row.000001-torn";

    /** Size of the complete file: the end of its last event, the STOP written at shutdown. */
    private static final long FILE_SIZE = 2859;
    /** End of the XID of 0-1-9, the last transaction. */
    private static final long LAST_XID_END = 2836;
    /** Start of the GTID event of 0-1-9, which is the end of the QUERY 'COMMIT' of 0-1-8. */
    private static final long LAST_GTID_START = 2309;
    /** The torn copy keeps the first 2640 bytes: it ends 23 bytes into UPDATE_ROWS_V1 2617..2666 of 0-1-9. */
    private static final long TORN_SIZE = 2640;
    private static final long TORN_LAST_END = 2617;

    /** Every event of the complete file, as mysqlbinlog printed it. */
    private static final List<Expected> EVENTS = List.of(
        e(4, 256, FORMAT_DESCRIPTION), e(256, 285, MARIADB_GTID_LIST), e(285, 328, BINLOG_CHECKPOINT),
        // 0-1-1..0-1-3: CREATE DATABASE, CREATE TABLE app.t (InnoDB), CREATE TABLE app.m (MyISAM), standalone
        e(328, 370, MARIADB_GTID), e(370, 455, QUERY),
        e(455, 497, MARIADB_GTID), e(497, 637, QUERY),
        e(637, 679, MARIADB_GTID), e(679, 819, QUERY),
        // 0-1-4: INSERT two rows, UPDATE; XID
        e(819, 861, MARIADB_GTID),
        e(861, 927, ANNOTATE_ROWS), e(927, 973, TABLE_MAP), e(973, 1020, WRITE_ROWS_V1),
        e(1020, 1081, ANNOTATE_ROWS), e(1081, 1127, TABLE_MAP), e(1127, 1176, UPDATE_ROWS_V1),
        e(1176, 1207, XID),
        // 0-1-5: INSERT, DELETE; XID
        e(1207, 1249, MARIADB_GTID),
        e(1249, 1305, ANNOTATE_ROWS), e(1305, 1351, TABLE_MAP), e(1351, 1391, WRITE_ROWS_V1),
        e(1391, 1444, ANNOTATE_ROWS), e(1444, 1490, TABLE_MAP), e(1490, 1530, DELETE_ROWS_V1),
        e(1530, 1561, XID),
        // 0-1-6: binlog_format=STATEMENT, INSERT and UPDATE as QUERY events; XID
        e(1561, 1603, MARIADB_GTID), e(1603, 1699, QUERY), e(1699, 1800, QUERY), e(1800, 1831, XID),
        // 0-1-7: autocommit INSERT into InnoDB; XID
        e(1831, 1873, MARIADB_GTID),
        e(1873, 1929, ANNOTATE_ROWS), e(1929, 1975, TABLE_MAP), e(1975, 2015, WRITE_ROWS_V1),
        e(2015, 2046, XID),
        // 0-1-8: autocommit INSERT into MyISAM; QUERY 'COMMIT'
        e(2046, 2088, MARIADB_GTID),
        e(2088, 2149, ANNOTATE_ROWS), e(2149, 2195, TABLE_MAP), e(2195, 2240, WRITE_ROWS_V1),
        e(2240, 2309, QUERY),
        // 0-1-9: INSERT two rows, UPDATE, DELETE; XID
        e(2309, 2351, MARIADB_GTID),
        e(2351, 2417, ANNOTATE_ROWS), e(2417, 2463, TABLE_MAP), e(2463, 2510, WRITE_ROWS_V1),
        e(2510, 2571, ANNOTATE_ROWS), e(2571, 2617, TABLE_MAP), e(2617, 2666, UPDATE_ROWS_V1),
        e(2666, 2719, ANNOTATE_ROWS), e(2719, 2765, TABLE_MAP), e(2765, 2805, DELETE_ROWS_V1),
        e(2805, 2836, XID),
        e(2836, 2859, STOP));

    /** The transactions of the file: each GTID event's start and the end of its last event. */
    private static final List<Transaction> TRANSACTIONS = List.of(
        new Transaction(328, 455, "0-1-1"),
        new Transaction(455, 637, "0-1-2"),
        new Transaction(637, 819, "0-1-3"),
        new Transaction(819, 1207, "0-1-4"),
        new Transaction(1207, 1561, "0-1-5"),
        new Transaction(1561, 1831, "0-1-6"),
        new Transaction(1831, 2046, "0-1-7"),
        new Transaction(2046, 2309, "0-1-8"),
        new Transaction(2309, LAST_XID_END, "0-1-9"));

    @Test
    void readsEveryEventAtThePositionsMysqlbinlogPrints() throws Exception {
        Read read = read(COMPLETE);

        assertEquals(ReadResult.Ending.END_OF_FILE, read.result().ending());
        assertEquals(FILE_SIZE, read.result().lastEnd());
        assertEquals(FILE_SIZE, Files.size(fixtures().resolve(COMPLETE)));
        assertEquals(EVENTS.size(), read.events().size(), "number of events");
        assertEquals(EVENTS, read.expectedForm());
    }

    @Test
    void decodesMariadbGtidsAndTheirStandaloneFlag() throws Exception {
        List<BinlogEvent> gtids = read(COMPLETE).events().stream().filter(e -> e.type() == MARIADB_GTID).toList();

        assertEquals(TRANSACTIONS.stream().map(Transaction::gtid).toList(),
            gtids.stream().map(BinlogEvent::gtid).toList());
        assertEquals(List.of(true, true, true, false, false, false, false, false, false),
            gtids.stream().map(BinlogEvent::standalone).toList(), "only the three DDL are standalone");
    }

    @Test
    void boundaryFollowsEveryTransactionOfTheCompleteFile() throws Exception {
        Read read = read(COMPLETE);
        TransactionBoundaries boundaries = new TransactionBoundaries(TRANSACTIONS.size());
        long afterLastXid = -1;
        for (BinlogEvent event : read.events()) {
            boundaries.accept(event);
            if (event.end() == LAST_XID_END) {
                afterLastXid = boundaries.boundary();
            }
        }

        assertEquals(LAST_XID_END, afterLastXid, "boundary after the last XID");
        assertEquals(FILE_SIZE, boundaries.boundary(), "the STOP frame after it moves the boundary to the end");
        assertFalse(boundaries.insideTransaction());
        assertEquals(TRANSACTIONS, boundaries.recentTransactions());
        assertEquals(TRANSACTIONS.size(), boundaries.completeTransactions());
    }

    @Test
    void tornCopyEndsAtItsLastCompleteEventAndTheBoundaryBeforeTheTornTransaction() throws Exception {
        Read read = read(TORN);
        TransactionBoundaries boundaries = new TransactionBoundaries(TRANSACTIONS.size());
        read.events().forEach(boundaries::accept);

        assertEquals(TORN_SIZE, Files.size(fixtures().resolve(TORN)));
        assertEquals(ReadResult.Ending.TORN, read.result().ending());
        assertEquals(TORN_LAST_END, read.result().lastEnd());
        assertEquals(EVENTS.subList(0, indexOfEventEndingAt(TORN_LAST_END) + 1), read.expectedForm(),
            "the events before the torn one, unchanged");

        assertEquals(LAST_GTID_START, boundaries.boundary());
        assertTrue(boundaries.insideTransaction());
        assertEquals(LAST_GTID_START, boundaries.openTransactionStart());
        assertEquals("0-1-9", boundaries.openTransactionGtid());
        assertEquals(TRANSACTIONS.subList(0, TRANSACTIONS.size() - 1), boundaries.recentTransactions());
    }

    // ---------------------------------------------------------------- helpers

    /** An event as mysqlbinlog shows it: where it starts, where it ends, what it is. */
    private record Expected(long start, long end, EventKind type) {
    }

    private static Expected e(long start, long end, EventKind type) {
        return new Expected(start, end, type);
    }

    private static int indexOfEventEndingAt(long end) {
        for (int i = 0; i < EVENTS.size(); i++) {
            if (EVENTS.get(i).end() == end) {
                return i;
            }
        }
        throw new AssertionError("no recorded event ends at " + end);
    }

    private record Read(List<BinlogEvent> events, ReadResult result) {
        List<Expected> expectedForm() {
            return events.stream().map(ev -> e(ev.start(), ev.end(), ev.type())).toList();
        }
    }

    private static Read read(String file) throws Exception {
        List<BinlogEvent> events = new ArrayList<>();
        ReadResult result = new FileBinlogReader(fixtures()).read(file, 4, events::add);
        return new Read(events, result);
    }

    private static Path fixtures() throws URISyntaxException {
        return Path.of(RecordedMariadbBinlogTest.class.getResource("/binlog/" + COMPLETE).toURI()).getParent();
    }
}
