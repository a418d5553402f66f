package offramp.coordinates;

import offramp.binlog.BinlogCoordinates;
import offramp.binlog.BinlogEvent;
import offramp.binlog.BinlogReadException;
import offramp.binlog.BinlogReader;
import offramp.binlog.EventKind;
import offramp.binlog.EventSink;
import offramp.binlog.ReadResult;
import offramp.binlog.ServerBinlogReader;
import offramp.binlog.TransactionBoundaries;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.server.ServerInfo;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Proves coordinates found on a clone against the live source: the source's final events before the position
 * are the clone's, byte for byte, and the source's next event begins a transaction. Only then does replication
 * from the position replay exactly the transactions the clone's data lacks.
 */
public final class SourceProver {

    private final Endpoint source;

    public SourceProver(Endpoint source) {
        this.source = source;
    }

    /**
     * Proves coordinates given by hand (to {@code replicate}): the source has the file, and the position is where
     * a transaction begins or where the file ends. A position inside a transaction or inside an event is refused,
     * with the nearest transaction boundaries named.
     */
    public SourceProof proveGiven(BinlogCoordinates at) throws NotProvenException, IOException, SQLException {
        return prove(CloneCoordinates.reported(at, "given to start replication at: found by the coordinates step, "
            + "or replicate's --file and --pos"));
    }

    public SourceProof prove(CloneCoordinates found) throws NotProvenException, IOException, SQLException {
        BinlogCoordinates at = found.coordinates();
        ServerInfo info;
        List<ServerInfo.BinaryLogFile> files;
        try (Connection c = Connections.open(source)) {
            info = ServerInfo.read(c);
            if (!info.logBin()) {
                throw new NotProvenException("binary logging is off on the source " + source.uri()
                    + ": a replica cannot follow it. Turn it on (log_bin; on Aurora set binlog_format in the cluster "
                    + "parameter group and reboot the writer)");
            }
            files = info.binaryLogs(c);
        }
        List<String> checks = new ArrayList<>();
        ServerInfo.BinaryLogFile file = present(files, at, info);
        checks.add("file: the source still has " + file.name() + " (" + file.size() + " bytes)");
        if (file.size() < at.position() && found.compared().isEmpty()) {
            throw new NotProvenException("position " + at.position() + " is past the end of " + file.name()
                + " on the source " + source.uri() + ", which is " + file.size() + " bytes: the coordinates belong to "
                + "another file or another server");
        }
        if (file.size() < at.position()) {
            throw new NotProvenException("the source's " + file.name() + " is " + file.size() + " bytes, shorter "
                + "than the position " + at.position() + " found on the clone: " + source.uri()
                + " is not the server the clone was restored from");
        }

        List<BinlogEvent> expected = found.compared();
        long from = expected.isEmpty() ? at.position() : expected.get(0).start();
        Comparison comparison = new Comparison(expected, at.position());
        BinlogReader reader = new ServerBinlogReader(source);
        ReadResult read;
        try {
            read = reader.read(file.name(), from, comparison);
        } catch (BinlogReadException e) {
            if (e.errorCode() == ServerBinlogReader.ER_MASTER_FATAL_ERROR_READING_BINLOG && expected.isEmpty()) {
                throw new NotProvenException("position " + at.position() + " in " + file.name() + " is not where an "
                    + "event starts on the source " + source.uri() + " (it says: " + e.getMessage() + ")"
                    + nearest(file.name(), at.position()), e);
            }
            if (e.errorCode() == ServerBinlogReader.ER_MASTER_FATAL_ERROR_READING_BINLOG) {
                throw new NotProvenException("the source cannot read " + file.name() + " from position " + from
                    + ", where the clone has the event " + (expected.isEmpty() ? "at the position" : expected.get(0).describe())
                    + ": " + e.getMessage() + ". The source's binlog differs from the clone's: " + source.uri()
                    + " is not the server the clone was restored from", e);
            }
            throw e;
        }
        if (comparison.mismatch != null && expected.isEmpty()) {
            throw new NotProvenException(comparison.mismatch + ": position " + at.position() + " is not where an event "
                + "starts in " + file.name() + nearest(file.name(), at.position()));
        }
        if (comparison.mismatch != null) {
            throw new NotProvenException(comparison.mismatch + ": " + source.uri()
                + " is not the server the clone was restored from, or its binlog was rewritten");
        }
        if (comparison.compared < expected.size()) {
            throw new NotProvenException("the source's " + file.name() + " ends at " + read.lastEnd() + " after "
                + comparison.compared + " of the clone's " + expected.size() + " final events: it is not the file the "
                + "clone's data came from");
        }
        checks.add(eventsCompared(found, from, at));
        String next;
        if (comparison.next != null) {
            if (!comparison.nextBeginsTransaction) {
                throw new NotProvenException("on the source the event at " + at + " is " + comparison.next.describe()
                    + ", inside a transaction: replication from there would replay half a transaction"
                    + (expected.isEmpty() ? nearest(file.name(), at.position()) : ""));
            }
            next = comparison.next.describe();
            checks.add("next: on the source the event at " + at.position() + " begins a transaction: " + next);
        } else {
            boolean rotated = !files.get(files.size() - 1).name().equals(file.name());
            next = rotated ? "end of file (the source moved on to a newer file)" : "end of file (the source has written nothing after it yet)";
            checks.add("next: the source's " + file.name() + " ends at the position; " + next);
        }
        return new SourceProof(source.uri().toString(), info.serverId(), comparison.compared, from, next, checks);
    }

    /**
     * What the comparison of events proved; when there were none to compare (coordinates a provider reported or a
     * user gave, or a clone whose last file holds no transaction before the position), what the proof rests on
     * instead.
     */
    static String eventsCompared(CloneCoordinates found, long from, BinlogCoordinates at) {
        List<BinlogEvent> expected = found.compared();
        if (expected.isEmpty()) {
            boolean reported = found.cloneFiles().isEmpty();
            return "events: none compared, " + (reported ? "as the coordinates come from elsewhere (" + found.rule()
                    + "), not from a clone's binlog"
                    : "as the clone's " + at.file() + " holds no transaction before " + at.position())
                + "; the proof rests on the source having " + at.file() + " and, at " + at.position()
                + ", the start of a transaction or the end of the file";
        }
        return "events: the source's " + expected.size() + " events from " + from + " to " + at.position()
            + (found.lastTransaction() != null && found.lastTransaction().gtid() != null
                ? " (the last transactions, up to GTID " + found.lastTransaction().gtid() + ")" : "")
            + " are identical to the clone's: type, positions, server id, timestamp and CRC-32 of each body";
    }

    /**
     * The transaction boundaries around {@code position}, as a clause for a refusal: reads the file from its
     * start up to the first boundary after the position (one file at most, and only when refusing).
     */
    private String nearest(String file, long position) {
        TransactionBoundaries boundaries = new TransactionBoundaries(0);
        long[] around = {-1, -1};
        try {
            new ServerBinlogReader(source).read(file, 4, event -> {
                boundaries.accept(event);
                if (!boundaries.insideTransaction()) {
                    long b = boundaries.boundary();
                    if (b <= position) {
                        around[0] = b;
                    } else {
                        around[1] = b;
                        return false;
                    }
                }
                return true;
            });
        } catch (IOException | RuntimeException e) {
            return "";
        }
        if (around[0] < 0 && around[1] < 0) {
            return "";
        }
        return "; the nearest positions where replication can start are " + (around[0] < 0 ? "" : file + ":" + around[0])
            + (around[0] >= 0 && around[1] >= 0 ? " and " : "") + (around[1] < 0 ? "" : file + ":" + around[1]);
    }

    private ServerInfo.BinaryLogFile present(List<ServerInfo.BinaryLogFile> files, BinlogCoordinates at,
                                             ServerInfo info) throws NotProvenException {
        for (ServerInfo.BinaryLogFile f : files) {
            if (f.name().equals(at.file())) {
                return f;
            }
        }
        if (files.isEmpty()) {
            throw new NotProvenException("the source lists no binlog files");
        }
        String first = files.get(0).name();
        String last = files.get(files.size() - 1).name();
        if (BinlogCoordinates.purgedBefore(at.file(), first)) {
            throw new NotProvenException("the source has purged " + at.file() + " (its oldest file is now " + first
                + "), so a replica cannot start at " + at + ". Keep binlogs longer (" + info.dialect().retentionSetting()
                + ") and take a new snapshot");
        }
        throw new NotProvenException("the source has no binlog file " + at.file() + " (its files run from " + first
            + " to " + last + "): " + source.uri() + " is not the server the clone was restored from");
    }

    /** Compares the source's events with the clone's, then looks at what follows the position. */
    private static final class Comparison implements EventSink {
        private final List<BinlogEvent> expected;
        private final long position;
        private long cursor;
        private int compared;
        private String mismatch;
        private BinlogEvent next;
        private boolean nextBeginsTransaction;

        Comparison(List<BinlogEvent> expected, long position) {
            this.expected = expected;
            this.position = position;
            this.cursor = position;
        }

        @Override
        public boolean accept(BinlogEvent event) {
            if (event.start() < position) {
                BinlogEvent clone = compared < expected.size() ? expected.get(compared) : null;
                if (clone == null || !clone.sameAs(event)) {
                    mismatch = "the source's event " + event.describe() + " differs from the clone's "
                        + (clone == null ? "(none)" : clone.describe());
                    return false;
                }
                compared++;
                return true;
            }
            if (event.start() != cursor) {
                mismatch = "the source has no event starting at " + cursor + " (the next starts at " + event.start() + ")";
                return false;
            }
            EventKind.Role role = event.type().role();
            if ((role == EventKind.Role.FRAME && event.type() != EventKind.ROTATE && event.type() != EventKind.STOP)
                || role == EventKind.Role.IGNORED) {
                // A binlog checkpoint, GTID list or an ignorable event the server skips (Aurora's padding) between
                // transactions: the next transaction starts after it.
                cursor = event.end();
                return true;
            }
            next = event;
            nextBeginsTransaction = TransactionBoundaries.opensTransaction(event) || event.type() == EventKind.ROTATE
                || event.type() == EventKind.STOP;
            return false;
        }
    }
}
