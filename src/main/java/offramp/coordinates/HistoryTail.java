package offramp.coordinates;

import offramp.binlog.BinlogEvent;
import offramp.binlog.BinlogReader;
import offramp.binlog.EventSink;
import offramp.binlog.ReadResult;
import offramp.binlog.TransactionBoundaries;
import offramp.binlog.TransactionBoundaries.Transaction;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Follows the last file of the source's history to its end, keeping only what the proof needs: the events of
 * the last few complete transactions and of any unfinished one after them.
 */
final class HistoryTail implements EventSink {

    /**
     * What the last file of the history says about where the clone's data ends.
     *
     * @param position   the end of the last event after which no transaction is open: where replication starts
     * @param read       how the read of the file ended (a torn tail included)
     * @param last       the last complete transaction; null when the file has none
     * @param unfinished the transaction still open at the end of the file; null when none is
     * @param evidence   the findings, one sentence each
     * @param compared   the events from the start of the last transactions up to the position
     */
    record Finding(long position, ReadResult read, Transaction last, Transaction unfinished, List<String> evidence,
                   List<BinlogEvent> compared) {
    }

    /**
     * Reads {@code file} to its end and finds its boundary. Takes any reader, so the same decision runs on a
     * clone's file over the replication protocol and on a recorded file.
     *
     * @param size the file's size as SHOW BINARY LOGS reports it
     */
    static Finding read(BinlogReader reader, String file, long size, int transactions) throws IOException {
        HistoryTail tail = new HistoryTail(transactions);
        ReadResult read = reader.read(file, 4, tail);
        TransactionBoundaries boundaries = tail.boundaries;
        long position = boundaries.boundary();
        List<Transaction> recent = boundaries.recentTransactions();
        Transaction last = recent.isEmpty() ? null : recent.get(recent.size() - 1);
        Transaction unfinished = boundaries.insideTransaction()
            ? new Transaction(boundaries.openTransactionStart(), read.lastEnd(), boundaries.openTransactionGtid())
            : null;
        List<String> evidence = new ArrayList<>();
        evidence.add("boundary: the last complete transaction in " + file
            + (last == null ? " (none: the file holds no complete transaction)" : " ends at " + last.end()
                + (last.gtid() != null ? " (GTID " + last.gtid() + ")" : ""))
            + "; no transaction is open at " + position + "; SHOW BINARY LOGS gives the file size " + size
            + (position == size ? ": they agree" : ": the position is the boundary, not the size"));
        if (read.ending() == ReadResult.Ending.TORN) {
            evidence.add("partial event: " + read.detail());
        }
        if (unfinished != null) {
            evidence.add("unfinished transaction: events from " + unfinished.start() + " to " + unfinished.end()
                + (unfinished.gtid() != null ? " (GTID " + unfinished.gtid() + ")" : "")
                + " have no commit in the file, so crash recovery rolled them back on the clone");
        }
        return new Finding(position, read, last, unfinished, List.copyOf(evidence), tail.eventsUpTo(position));
    }

    private final TransactionBoundaries boundaries;
    private final Deque<BinlogEvent> kept = new ArrayDeque<>();

    HistoryTail(int transactions) {
        this.boundaries = new TransactionBoundaries(transactions);
    }

    @Override
    public boolean accept(BinlogEvent event) {
        boundaries.accept(event);
        kept.addLast(event);
        List<TransactionBoundaries.Transaction> recent = boundaries.recentTransactions();
        if (!recent.isEmpty()) {
            long from = recent.get(0).start();
            while (!kept.isEmpty() && kept.peekFirst().start() < from) {
                kept.removeFirst();
            }
        }
        return true;
    }

    TransactionBoundaries boundaries() {
        return boundaries;
    }

    /** The kept events that end at or before {@code position}: what the source must hold byte for byte. */
    List<BinlogEvent> eventsUpTo(long position) {
        List<BinlogEvent> events = new ArrayList<>();
        for (BinlogEvent e : kept) {
            if (e.end() <= position) {
                events.add(e);
            }
        }
        return events;
    }
}
