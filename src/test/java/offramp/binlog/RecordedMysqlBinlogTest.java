package offramp.binlog;

import offramp.binlog.MysqlbinlogPositions.Position;
import offramp.binlog.TransactionBoundaries.Transaction;
import offramp.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static offramp.binlog.EventKind.ANONYMOUS_GTID;
import static offramp.binlog.EventKind.FORMAT_DESCRIPTION;
import static offramp.binlog.EventKind.IGNORED;
import static offramp.binlog.EventKind.PREVIOUS_GTIDS;
import static offramp.binlog.EventKind.QUERY;
import static offramp.binlog.EventKind.ROTATE;
import static offramp.binlog.EventKind.TRANSACTION_PAYLOAD;
import static offramp.binlog.SharedBinlogFixtures.AURORA_PADDING;
import static offramp.binlog.SharedBinlogFixtures.CHECKSUM_CRC32;
import static offramp.binlog.SharedBinlogFixtures.CHECKSUM_NONE;
import static offramp.binlog.SharedBinlogFixtures.COMPRESSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code offramp binlog}, {@link FileBinlogReader} and {@link TransactionBoundaries} on files real MySQL 8.0.28,
 * Aurora MySQL 5.7.12 and MySQL 5.7 servers wrote ({@link SharedBinlogFixtures}, see the fixtures' README).
 * Positions are compared with what MariaDB's {@code mysqlbinlog}, run here, prints; where it cannot read a file
 * (MySQL 8's TRANSACTION_PAYLOAD), with the positions the README records.
 */
class RecordedMysqlBinlogTest {

    private static final Pattern LISTED = Pattern.compile("^\\S+  at (\\d+)  end_log_pos (\\d+)  .*");

    @ParameterizedTest
    @ValueSource(strings = {AURORA_PADDING, CHECKSUM_CRC32, CHECKSUM_NONE})
    void binlogListsThePositionsMysqlbinlogPrints(String name) throws Exception {
        Path file = SharedBinlogFixtures.file(name);
        List<Position> mysqlbinlog = MysqlbinlogPositions.of(file);

        CliRun run = CliRun.of("binlog", file.toString());

        assertEquals(0, run.exit(), run.err());
        assertFalse(mysqlbinlog.isEmpty(), "mysqlbinlog printed no event for " + file);
        assertEquals(mysqlbinlog, listed(run.out()));
        assertEquals(Files.size(file), mysqlbinlog.get(mysqlbinlog.size() - 1).end(), "the last event ends the file");
    }

    @Test
    void binlogListsTheCompressedFileThatMysqlbinlogOfMariadbRefusesAt236() throws Exception {
        Path file = SharedBinlogFixtures.file(COMPRESSED);
        // MariaDB's mysqlbinlog stops at the TRANSACTION_PAYLOAD ("Found incompatible MySQL 8.0
        // TRANSACTION_PAYLOAD_EVENT event"); the README records the rest: the payload ends at 724, the file at 771.
        List<Position> readable = List.of(new Position(4, 126), new Position(126, 157), new Position(157, 236));
        assertEquals(readable, MysqlbinlogPositions.of(file));
        List<Position> expected = new ArrayList<>(readable);
        expected.add(new Position(236, 724));
        expected.add(new Position(724, 771));

        CliRun run = CliRun.of("binlog", file.toString());

        assertEquals(0, run.exit(), run.err());
        assertEquals(expected, listed(run.out()));
        assertEquals(771, Files.size(file));
    }

    @Test
    void compressedTransactionEndsAt724() throws Exception {
        List<BinlogEvent> events = read(COMPRESSED);
        assertEquals(List.of(FORMAT_DESCRIPTION, PREVIOUS_GTIDS, ANONYMOUS_GTID, TRANSACTION_PAYLOAD, ROTATE),
            events.stream().map(BinlogEvent::type).toList());
        assertEquals(223344, events.get(0).serverId());
        assertNull(events.get(2).gtid(), "an anonymous GTID event carries no GTID");

        TransactionBoundaries boundaries = new TransactionBoundaries(3);
        List<Long> boundaryAfter = new ArrayList<>();
        for (BinlogEvent e : events) {
            boundaries.accept(e);
            boundaryAfter.add(boundaries.boundary());
        }

        assertEquals(List.of(126L, 157L, 157L, 724L, 771L), boundaryAfter, "the ROTATE frame moves it to the end");
        assertEquals(List.of(new Transaction(157, 724, null)), boundaries.recentTransactions());
        assertFalse(boundaries.insideTransaction());
    }

    @Test
    void auroraPaddingIsSkippedAndTheFileEndsInsideTheTransactionOfItsGtid() throws Exception {
        List<BinlogEvent> events = read(AURORA_PADDING);
        assertEquals(List.of(FORMAT_DESCRIPTION, PREVIOUS_GTIDS, ANONYMOUS_GTID, IGNORED, QUERY),
            events.stream().map(BinlogEvent::type).toList());
        BinlogEvent padding = events.get(3);
        assertEquals(100, padding.typeCode());
        assertEquals(EventKind.IGNORABLE_FLAG, padding.flags() & EventKind.IGNORABLE_FLAG);
        assertEquals(281, padding.start());
        assertEquals(1209, padding.end());
        assertEquals("BEGIN", events.get(4).statement());

        TransactionBoundaries boundaries = new TransactionBoundaries(3);
        events.forEach(boundaries::accept);

        assertTrue(boundaries.insideTransaction(), "BEGIN after the padding opens, it does not end, the transaction");
        assertEquals(216, boundaries.openTransactionStart(), "the transaction begins at its Anonymous_Gtid");
        assertEquals(216, boundaries.boundary());
        assertEquals(List.of(), boundaries.recentTransactions());
    }

    @Test
    void mysql57FilesEndAfterTheirLastXidAndAFrame() throws Exception {
        TransactionBoundaries crc32 = bounded(CHECKSUM_CRC32, 1);
        assertEquals(List.of(new Transaction(27572, 27937, null)), crc32.recentTransactions());
        assertEquals(60, crc32.completeTransactions(), "mysqlbinlog shows 60 Anonymous_Gtid, each ending in an Xid");
        assertEquals(27984, crc32.boundary(), "after the ROTATE");

        TransactionBoundaries none = bounded(CHECKSUM_NONE, 1);
        assertEquals(37624, none.recentTransactions().get(0).end());
        assertEquals(40, none.completeTransactions(), "mysqlbinlog shows 40 Anonymous_Gtid: 36 end in an Xid, 4 DDL");
        assertEquals(37643, none.boundary(), "after the STOP");
    }

    // ---------------------------------------------------------------- helpers

    private static List<Position> listed(String out) {
        List<Position> positions = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m = LISTED.matcher(line);
            if (m.matches()) {
                positions.add(new Position(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
            }
        }
        return positions;
    }

    private static List<BinlogEvent> read(String name) throws Exception {
        List<BinlogEvent> events = new ArrayList<>();
        ReadResult result = new FileBinlogReader(SharedBinlogFixtures.directoryWith(name)).read(name, 4, events::add);
        assertEquals(ReadResult.Ending.END_OF_FILE, result.ending());
        return events;
    }

    private static TransactionBoundaries bounded(String name, int remembered) throws Exception {
        TransactionBoundaries boundaries = new TransactionBoundaries(remembered);
        read(name).forEach(boundaries::accept);
        assertFalse(boundaries.insideTransaction());
        return boundaries;
    }
}
