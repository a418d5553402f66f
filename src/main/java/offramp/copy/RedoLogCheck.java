package offramp.copy;

import offramp.catalog.SystemSchemas;
import offramp.server.Dialect;
import offramp.server.Queries;
import offramp.text.Units;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Whether the target's InnoDB redo log is large enough for the rows and the concurrency of a copy. Huge rows
 * fill the redo log in large steps; with several loads and index builds beside them, a small redo log left a
 * target unable to advance its checkpoint, and nothing moved. The rule: room for four of the largest rows per
 * load and per index build running at once.
 */
public final class RedoLogCheck {

    private RedoLogCheck() {
    }

    /** The redo log needed for rows of {@code largestRow} bytes with {@code threads} loads and {@code indexThreads} builds. */
    static long needed(long largestRow, int threads, int indexThreads) {
        return 4 * largestRow * (threads + indexThreads);
    }

    /**
     * How many chunks of huge rows may load at once: as many as the redo log holds four of the largest rows for,
     * up to the number of threads, and one when it is small for the copy (see {@link #warning}).
     */
    static int hugeLoadsAtOnce(long capacity, long largestRow, int threads, int indexThreads) {
        if (capacity <= 0 || largestRow <= 0 || capacity < needed(largestRow, threads, indexThreads)) {
            return 1;
        }
        return (int) Math.max(1, Math.min(threads, capacity / (4 * largestRow)));
    }

    /** A warning with the setting to raise, when the target's redo log is small for the copy; empty otherwise. */
    public static Optional<String> warning(long capacity, Dialect flavor, long largestRow, int threads, int indexThreads) {
        if (capacity <= 0 || largestRow < CopyOptions.HUGE_ROW_BYTES) {
            return Optional.empty();
        }
        long needed = needed(largestRow, threads, indexThreads);
        if (capacity >= needed) {
            return Optional.empty();
        }
        long raiseTo = ((needed + (1L << 30) - 1) >> 30) << 30; // whole GiB
        return Optional.of(String.format("the target's redo log (%s) is small for rows of up to %s loaded by %d threads "
                + "beside %d index builds (it should hold %s); offramp loads huge-row tables one chunk at a time and not "
                + "beside index builds, but raise it before the copy: %s", Units.bytes(capacity),
            Units.bytes(largestRow), threads, indexThreads, Units.bytes(needed), flavor.raiseRedoCapacity(raiseTo)));
    }

    /** Reads the target's redo capacity and the source's largest average row, and says whether to warn. */
    public static Optional<String> check(Connection source, Connection target, Dialect targetFlavor, int threads, int indexThreads)
        throws SQLException {
        long largest;
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(AVG_ROW_LENGTH), 0) "
            + "FROM information_schema.TABLES WHERE TABLE_SCHEMA NOT IN (" + SystemSchemas.sqlList() + ")")) {
            Queries.requireRow(rs, "the largest average row length (information_schema.TABLES)");
            largest = rs.getLong(1);
        }
        return warning(TargetDiagnosis.redoCapacity(target, targetFlavor), targetFlavor, largest, threads, indexThreads);
    }
}
