package offramp.coordinates;

import offramp.binlog.BinlogEvent;
import offramp.binlog.EventSink;
import offramp.binlog.TransactionBoundaries;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Follows the last file of the source's history to its end, keeping only what the proof needs: the events of
 * the last few complete transactions and of any unfinished one after them.
 */
final class HistoryTail implements EventSink {

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
