package offramp.binlog;

import offramp.binlog.TransactionBoundaries.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static offramp.binlog.EventKind.ANNOTATE_ROWS;
import static offramp.binlog.EventKind.BINLOG_CHECKPOINT;
import static offramp.binlog.EventKind.FORMAT_DESCRIPTION;
import static offramp.binlog.EventKind.GTID;
import static offramp.binlog.EventKind.HEARTBEAT;
import static offramp.binlog.EventKind.MARIADB_GTID;
import static offramp.binlog.EventKind.MARIADB_GTID_LIST;
import static offramp.binlog.EventKind.PREVIOUS_GTIDS;
import static offramp.binlog.EventKind.QUERY;
import static offramp.binlog.EventKind.ROTATE;
import static offramp.binlog.EventKind.TABLE_MAP;
import static offramp.binlog.EventKind.TRANSACTION_PAYLOAD;
import static offramp.binlog.EventKind.WRITE_ROWS;
import static offramp.binlog.EventKind.WRITE_ROWS_V1;
import static offramp.binlog.EventKind.XA_PREPARE;
import static offramp.binlog.EventKind.XID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TransactionBoundaries} on event sequences built in code, for both flavors.
 *
 * <p>Every synthetic event starts where the previous one ended and has a fixed length by kind (see {@link Log}),
 * so each position asserted below can be checked by hand from the layout comment above it. A MySQL log starts
 * with FORMAT_DESCRIPTION 4..126 and PREVIOUS_GTIDS 126..197; a MariaDB log with FORMAT_DESCRIPTION 4..256,
 * GTID_LIST 256..285 and BINLOG_CHECKPOINT 285..328, as the servers write them.
 */
class TransactionBoundariesTest {

    private static final String G1 = "3e11fa47-71ca-11e1-9e33-c80aa9429562:1";
    private static final String G2 = "3e11fa47-71ca-11e1-9e33-c80aa9429562:2";
    private static final String G3 = "3e11fa47-71ca-11e1-9e33-c80aa9429562:3";
    private static final String XID_TEXT = "X'7831',X'',1";

    // ---------------------------------------------------------------- MySQL

    @Test
    void nothingIsKnownBeforeTheFirstEvent() {
        TransactionBoundaries tb = new TransactionBoundaries(3);
        assertEquals(-1, tb.boundary());
        assertFalse(tb.insideTransaction());
        assertEquals(-1, tb.openTransactionStart());
        assertNull(tb.openTransactionGtid());
        assertEquals(List.of(), tb.recentTransactions());
    }

    @ParameterizedTest
    @EnumSource(names = {"GTID", "ANONYMOUS_GTID"})
    void rowTransactionEndsAtItsXid(EventKind gtidKind) {
        String gtid = gtidKind == GTID ? G1 : null;
        // GTID 197..276, BEGIN 276..356, TABLE_MAP 356..406, WRITE_ROWS 406..456, XID 456..506
        Trace t = run(Log.mysql().mysqlGtid(gtidKind, gtid).query("BEGIN").event(TABLE_MAP).event(WRITE_ROWS).event(XID));

        t.assertBoundaries(126, 197, 197, 197, 197, 197, 506);
        t.assertBetweenTransactions();
        t.assertTransactions(new Transaction(197, 506, gtid));
    }

    @ParameterizedTest
    @ValueSource(strings = {"COMMIT", "ROLLBACK", "commit"})
    void transactionWithoutXidEndsAtItsCommitOrRollbackQuery(String end) {
        // GTID 197..276, BEGIN 276..356, TABLE_MAP 356..406, WRITE_ROWS 406..456, QUERY end 456..536
        Trace t = run(Log.mysql().gtid(G1).query("BEGIN").event(TABLE_MAP).event(WRITE_ROWS).query(end));

        t.assertBoundaries(126, 197, 197, 197, 197, 197, 536);
        t.assertTransactions(new Transaction(197, 536, G1));
    }

    @Test
    void ddlIsTheOneQueryAfterItsGtid() {
        // GTID 197..276, CREATE 276..356 | GTID 356..435, DROP 435..515
        Trace t = run(Log.mysql()
            .gtid(G1).query("CREATE TABLE app.t (id INT PRIMARY KEY)")
            .gtid(G2).query("DROP TABLE app.t"));

        t.assertBoundaries(126, 197, 197, 356, 356, 515);
        t.assertTransactions(new Transaction(197, 356, G1), new Transaction(356, 515, G2));
    }

    @Test
    void withoutGtidsBeginOpensAndAnyOtherQueryIsATransactionOfItsOwn() {
        // BEGIN 197..277, TABLE_MAP 277..327, WRITE_ROWS 327..377, XID 377..427
        // | CREATE 427..507
        // | BEGIN 507..587, TABLE_MAP 587..637, WRITE_ROWS 637..687, COMMIT 687..767
        Trace t = run(Log.mysql()
            .query("BEGIN").event(TABLE_MAP).event(WRITE_ROWS).event(XID)
            .query("CREATE TABLE app.u (id INT)")
            .query("BEGIN").event(TABLE_MAP).event(WRITE_ROWS).query("COMMIT"));

        t.assertBoundaries(126, 197, 197, 197, 197, 427, 507, 507, 507, 507, 767);
        t.assertTransactions(new Transaction(197, 427, null), new Transaction(427, 507, null),
            new Transaction(507, 767, null));
    }

    @Test
    void compressedTransactionIsOnePayloadAfterItsGtid() {
        // GTID 197..276, TRANSACTION_PAYLOAD 276..476 | GTID 476..555, TRANSACTION_PAYLOAD 555..755
        Trace t = run(Log.mysql()
            .gtid(G1).event(TRANSACTION_PAYLOAD, 200)
            .gtid(G2).event(TRANSACTION_PAYLOAD, 200));

        t.assertBoundaries(126, 197, 197, 476, 476, 755);
        t.assertTransactions(new Transaction(197, 476, G1), new Transaction(476, 755, G2));
    }

    /** The layout MySQL writes for XA START ... XA END; XA PREPARE; then XA COMMIT as a transaction of its own. */
    private static Log mysqlXa() {
        // GTID 197..276, XA START 276..356, TABLE_MAP 356..406, WRITE_ROWS 406..456, XA END 456..536,
        // XA_PREPARE 536..586 | GTID 586..665, XA COMMIT 665..745
        return Log.mysql()
            .gtid(G1).query("XA START " + XID_TEXT).event(TABLE_MAP).event(WRITE_ROWS).query("XA END " + XID_TEXT)
            .event(XA_PREPARE)
            .gtid(G2).query("XA COMMIT " + XID_TEXT);
    }

    @Test
    void xaPrepareAndXaCommitEachEndATransaction() {
        Trace t = run(mysqlXa());

        assertEquals(586, t.boundaryAfterEventEndingAt(586), "after XA_PREPARE");
        assertEquals(586, t.boundaryAfterEventEndingAt(665), "after the GTID of XA COMMIT");
        assertEquals(745, t.boundaryAfterEventEndingAt(745), "after XA COMMIT");
        t.assertBetweenTransactions();
    }

    @Test
    void xaStartOpensATransactionLikeBegin() {
        Trace t = run(mysqlXa());

        t.assertBoundaries(126, 197, 197, 197, 197, 197, 197, 586, 586, 745);
        t.assertTransactions(new Transaction(197, 586, G1), new Transaction(586, 745, G2));
    }

    @Test
    void atomicCreateTableSelectEndsAtItsXid() {
        // GTID 197..276, CREATE ... START TRANSACTION 276..356, TABLE_MAP 356..406, WRITE_ROWS 406..456, XID 456..506
        Trace t = run(Log.mysql()
            .gtid(G1).query("CREATE TABLE `app`.`c` (\n  `id` int NOT NULL\n) START TRANSACTION")
            .event(TABLE_MAP).event(WRITE_ROWS).event(XID));

        t.assertBoundaries(126, 197, 197, 197, 197, 197, 506);
        t.assertTransactions(new Transaction(197, 506, G1));
    }

    /**
     * The events before which replication may start: what opens a transaction for the boundaries opens one for the
     * source's proof too (BEGIN, XA START, an atomic CREATE ... SELECT, either flavor's GTID event), and nothing that
     * belongs inside one.
     */
    @Test
    void opensTransactionAgreesWithTheBoundaries() {
        Log opening = Log.mysql().gtid(G1).query("BEGIN").query("  begin ").query("XA START " + XID_TEXT)
            .query("CREATE TABLE `app`.`c` (\n  `id` int NOT NULL\n) START TRANSACTION").mariadbGtid("0-1-1")
            .standaloneGtid("0-1-2");
        for (BinlogEvent e : opening.events().subList(2, opening.events().size())) {
            assertTrue(TransactionBoundaries.opensTransaction(e), e.describe() + " opens a transaction");
        }
        Log inside = Log.mysql().query("COMMIT").query("XA END " + XID_TEXT).query("INSERT INTO t VALUES (1)")
            .event(TABLE_MAP).event(WRITE_ROWS).event(XID).event(XA_PREPARE).annotateRows("BEGIN");
        for (BinlogEvent e : inside.events().subList(2, inside.events().size())) {
            assertFalse(TransactionBoundaries.opensTransaction(e), e.describe() + " does not open a transaction");
        }
    }

    @ParameterizedTest(name = "{0} event(s) of the second transaction")
    @ValueSource(ints = {1, 2, 3, 4})
    void streamEndingInsideATransactionKeepsTheEndOfThePreviousOne(int eventsOfOpenTransaction) {
        // transaction G1 197..506 | GTID 506..585, BEGIN 585..665, TABLE_MAP 665..715, WRITE_ROWS 715..765
        Log log = Log.mysql().transaction(G1).gtid(G2).query("BEGIN").event(TABLE_MAP).event(WRITE_ROWS);
        Trace t = run(log.withoutLast(4 - eventsOfOpenTransaction));

        assertEquals(506, t.boundaries().boundary());
        t.assertInsideTransactionFrom(506, G2);
        t.assertTransactions(new Transaction(197, 506, G1));
    }

    @Test
    void streamEndingInsideATransactionWithoutGtidOpensAtItsBegin() {
        // BEGIN 197..277, TABLE_MAP 277..327
        Trace t = run(Log.mysql().query("BEGIN").event(TABLE_MAP));

        assertEquals(197, t.boundaries().boundary());
        t.assertInsideTransactionFrom(197, null);
    }

    @Test
    void frameEventsMoveTheBoundaryOnlyBetweenTransactions() {
        // FDE 4..126, PREVIOUS_GTIDS 126..197
        // | GTID 197..276, BEGIN 276..356, HEARTBEAT 356..406, TABLE_MAP 406..456, WRITE_ROWS 456..506, XID 506..556
        // | ROTATE 556..606
        Trace t = run(Log.mysql()
            .gtid(G1).query("BEGIN").event(HEARTBEAT).event(TABLE_MAP).event(WRITE_ROWS).event(XID)
            .event(ROTATE));

        t.assertBoundaries(126, 197, 197, 197, 197, 197, 197, 556, 606);
        t.assertBetweenTransactions();
        t.assertTransactions(new Transaction(197, 556, G1));
    }

    @Test
    void recentTransactionsKeepsOnlyTheLastOnes() {
        // transaction G1 197..506 | GTID 506..585, DDL 585..665 | transaction G3 665..974
        Trace t = run(Log.mysql().transaction(G1).gtid(G2).query("ALTER TABLE app.t ADD c INT").transaction(G3), 2);

        t.assertTransactions(new Transaction(506, 665, G2), new Transaction(665, 974, G3));
        assertEquals(3, t.boundaries().completeTransactions());
        assertEquals(974, t.boundaries().boundary());
    }

    // ---------------------------------------------------------------- MariaDB

    @Test
    void mariadbStandaloneGtidEndsAtItsOneStatement() {
        // GTID 328..370, CREATE 370..450 | GTID 450..492, CREATE 492..572 (both standalone)
        Trace t = run(Log.mariadb()
            .standaloneGtid("0-1-1").query("CREATE DATABASE app")
            .standaloneGtid("0-1-2").query("CREATE TABLE app.t (id INT PRIMARY KEY)"));

        t.assertBoundaries(256, 285, 328, 328, 450, 450, 572);
        t.assertTransactions(new Transaction(328, 450, "0-1-1"), new Transaction(450, 572, "0-1-2"));
    }

    @Test
    void mariadbRowTransactionEndsAtItsXid() {
        // GTID 328..370, ANNOTATE_ROWS 370..450, TABLE_MAP 450..500, WRITE_ROWS_V1 500..550, XID 550..600
        Trace t = run(Log.mariadb()
            .mariadbGtid("0-1-1").annotateRows("INSERT INTO app.t VALUES (1)").event(TABLE_MAP).event(WRITE_ROWS_V1)
            .event(XID));

        t.assertBoundaries(256, 285, 328, 328, 328, 328, 328, 600);
        t.assertTransactions(new Transaction(328, 600, "0-1-1"));
    }

    @Test
    void mariadbStatementTransactionEndsAtItsCommitQuery() {
        // GTID 328..370, INSERT 370..450, UPDATE 450..530, COMMIT 530..610
        Trace t = run(Log.mariadb()
            .mariadbGtid("0-1-1").query("INSERT INTO app.m VALUES (1, 'a')").query("UPDATE app.m SET v = 'b'")
            .query("COMMIT"));

        t.assertBoundaries(256, 285, 328, 328, 328, 328, 610);
        t.assertTransactions(new Transaction(328, 610, "0-1-1"));
    }

    @Test
    void mariadbBinlogCheckpointBetweenTransactionsMovesTheBoundary() {
        // GTID 328..370, CREATE 370..450 | BINLOG_CHECKPOINT 450..500
        // | GTID 500..542, ANNOTATE_ROWS 542..622, TABLE_MAP 622..672, WRITE_ROWS_V1 672..722, XID 722..772
        Trace t = run(Log.mariadb()
            .standaloneGtid("0-1-1").query("CREATE TABLE app.t (id INT PRIMARY KEY)")
            .event(BINLOG_CHECKPOINT)
            .mariadbGtid("0-1-2").annotateRows("INSERT INTO app.t VALUES (1)").event(TABLE_MAP).event(WRITE_ROWS_V1)
            .event(XID));

        t.assertBoundaries(256, 285, 328, 328, 450, 500, 500, 500, 500, 500, 772);
        t.assertTransactions(new Transaction(328, 450, "0-1-1"), new Transaction(500, 772, "0-1-2"));
    }

    @Test
    void mariadbXaEndsAtXaPrepareAndXaCommitIsStandalone() {
        // As MariaDB 10.11 writes it (the GTID event stands for XA START):
        // GTID 328..370, ANNOTATE_ROWS 370..450, TABLE_MAP 450..500, WRITE_ROWS_V1 500..550, XA END 550..630,
        // XA_PREPARE 630..680 | GTID 680..722 (standalone), XA COMMIT 722..802
        Trace t = run(Log.mariadb()
            .mariadbGtid("0-1-1").annotateRows("INSERT INTO app.t VALUES (1)").event(TABLE_MAP).event(WRITE_ROWS_V1)
            .query("XA END " + XID_TEXT).event(XA_PREPARE)
            .standaloneGtid("0-1-2").query("XA COMMIT " + XID_TEXT));

        t.assertBoundaries(256, 285, 328, 328, 328, 328, 328, 328, 680, 680, 802);
        t.assertTransactions(new Transaction(328, 680, "0-1-1"), new Transaction(680, 802, "0-1-2"));
    }

    @Test
    void mariadbStreamEndingInsideATransactionKeepsTheEndOfThePreviousOne() {
        // GTID 328..370, CREATE 370..450 | GTID 450..492, ANNOTATE_ROWS 492..572, TABLE_MAP 572..622
        Trace t = run(Log.mariadb()
            .standaloneGtid("0-1-1").query("CREATE TABLE app.t (id INT PRIMARY KEY)")
            .mariadbGtid("0-1-2").annotateRows("INSERT INTO app.t VALUES (1)").event(TABLE_MAP));

        assertEquals(450, t.boundaries().boundary());
        t.assertInsideTransactionFrom(450, "0-1-2");
        t.assertTransactions(new Transaction(328, 450, "0-1-1"));
    }

    @Test
    void rollbackToSavepointDoesNotEndTheTransaction() {
        // As MariaDB 10.11 wrote BEGIN; INSERT InnoDB; SAVEPOINT b; INSERT MyISAM; ROLLBACK TO b; INSERT InnoDB; COMMIT
        // in ROW format (the MyISAM row went to a transaction of its own before this one):
        // GTID 328..370, ANNOTATE_ROWS 370..450, TABLE_MAP 450..500, WRITE_ROWS_V1 500..550,
        // SAVEPOINT 550..630, ROLLBACK TO 630..710, ANNOTATE_ROWS 710..790, TABLE_MAP 790..840,
        // WRITE_ROWS_V1 840..890, XID 890..940
        Trace t = run(Log.mariadb()
            .mariadbGtid("0-1-1").annotateRows("INSERT INTO app.t VALUES (12, 'x')").event(TABLE_MAP).event(WRITE_ROWS_V1)
            .query("SAVEPOINT `b`").query("ROLLBACK TO `b`")
            .annotateRows("INSERT INTO app.t VALUES (13, 'y')").event(TABLE_MAP).event(WRITE_ROWS_V1)
            .event(XID));

        t.assertBoundaries(256, 285, 328, 328, 328, 328, 328, 328, 328, 328, 328, 328, 940);
        t.assertTransactions(new Transaction(328, 940, "0-1-1"));
    }

    // ---------------------------------------------------------------- helpers

    private static Trace run(Log log) {
        return run(log, 10);
    }

    /** Feeds every event of the log and notes the boundary after each one. */
    private static Trace run(Log log, int remembered) {
        TransactionBoundaries boundaries = new TransactionBoundaries(remembered);
        List<Long> after = new ArrayList<>();
        for (BinlogEvent event : log.events()) {
            boundaries.accept(event);
            after.add(boundaries.boundary());
        }
        return new Trace(log.events(), after, boundaries);
    }

    /** The events fed, the boundary after each, and the tracker as the last event left it. */
    private record Trace(List<BinlogEvent> events, List<Long> after, TransactionBoundaries boundaries) {

        void assertBoundaries(long... expected) {
            assertEquals(Arrays.stream(expected).boxed().toList(), after, "boundary after each event");
        }

        long boundaryAfterEventEndingAt(long end) {
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).end() == end) {
                    return after.get(i);
                }
            }
            throw new AssertionError("no event ends at " + end);
        }

        void assertTransactions(Transaction... expected) {
            assertEquals(List.of(expected), boundaries.recentTransactions());
        }

        void assertBetweenTransactions() {
            assertFalse(boundaries.insideTransaction(), "inside a transaction");
            assertEquals(-1, boundaries.openTransactionStart());
            assertNull(boundaries.openTransactionGtid());
        }

        void assertInsideTransactionFrom(long start, String gtid) {
            assertTrue(boundaries.insideTransaction(), "inside a transaction");
            assertEquals(start, boundaries.openTransactionStart());
            assertEquals(gtid, boundaries.openTransactionGtid());
        }
    }

    /**
     * A binlog built in memory, each event starting where the previous one ended. Lengths are fixed by kind:
     * MySQL GTIDs 79, MariaDB GTIDs 42, statements (QUERY, ANNOTATE_ROWS) 80 whatever their text, any other
     * event 50 unless given.
     */
    private static final class Log {
        private final List<BinlogEvent> events = new ArrayList<>();
        private long position = 4;

        /** FORMAT_DESCRIPTION 4..126, PREVIOUS_GTIDS 126..197. */
        static Log mysql() {
            return new Log().event(FORMAT_DESCRIPTION, 122).event(PREVIOUS_GTIDS, 71);
        }

        /** FORMAT_DESCRIPTION 4..256, GTID_LIST 256..285, BINLOG_CHECKPOINT 285..328. */
        static Log mariadb() {
            return new Log().event(FORMAT_DESCRIPTION, 252).event(MARIADB_GTID_LIST, 29).event(BINLOG_CHECKPOINT, 43);
        }

        /** GTID, BEGIN, TABLE_MAP, WRITE_ROWS, XID: 309 bytes. */
        Log transaction(String gtid) {
            return gtid(gtid).query("BEGIN").event(TABLE_MAP).event(WRITE_ROWS).event(XID);
        }

        Log gtid(String gtid) {
            return mysqlGtid(GTID, gtid);
        }

        Log mysqlGtid(EventKind kind, String gtid) {
            return add(kind, 79, gtid, null, false);
        }

        Log mariadbGtid(String gtid) {
            return add(MARIADB_GTID, 42, gtid, null, false);
        }

        Log standaloneGtid(String gtid) {
            return add(MARIADB_GTID, 42, gtid, null, true);
        }

        Log query(String sql) {
            return add(QUERY, 80, null, sql, false);
        }

        Log annotateRows(String sql) {
            return add(ANNOTATE_ROWS, 80, null, sql, false);
        }

        Log event(EventKind kind) {
            return event(kind, 50);
        }

        Log event(EventKind kind, int length) {
            return add(kind, length, null, null, false);
        }

        /** This log without its last {@code n} events: a stream that stopped early. */
        Log withoutLast(int n) {
            Log copy = new Log();
            copy.events.addAll(events.subList(0, events.size() - n));
            copy.position = copy.events.get(copy.events.size() - 1).end();
            return copy;
        }

        List<BinlogEvent> events() {
            return events;
        }

        private Log add(EventKind kind, int length, String gtid, String statement, boolean standalone) {
            long start = position;
            position += length;
            events.add(new BinlogEvent("binlog.000001", start, position, kind, 1, 1_700_000_000L, 0, gtid, statement,
                standalone, events.size()));
            return this;
        }
    }
}
