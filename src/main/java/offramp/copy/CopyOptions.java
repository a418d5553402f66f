package offramp.copy;

import offramp.accounts.AccountSelection;
import offramp.catalog.TableSpec;
import offramp.usage.BadUsage;

import java.nio.file.Path;
import java.util.List;

/**
 * How to copy.
 *
 * @param schemas        schemas to copy; empty means every schema that is not the server's own
 * @param excludeTables  {@code schema.table} patterns ({@code *} and {@code ?} wildcards) to leave out
 * @param threads        parallel workers, each with a connection to both servers
 * @param workDir        where the journal lives; a rerun with the same directory resumes
 * @param definers       what to do with DEFINER clauses
 * @param chunkBytes     the size a chunk aims at, from the table's average row length
 * @param indexThreads   how many index builds may run at once (each sorts a whole table on the target)
 * @param chunkRows      rows per chunk when set (above 0), instead of deriving it from {@code chunkBytes}
 * @param stallSeconds   how long nothing may move (no byte loaded, no work on the target while indexes build)
 *                       before the copy stops, says what the target is doing, and leaves a rerun to resume
 * @param logBin         write the copy into the target's binlog (by default its sessions run with sql_log_bin = 0)
 * @param fastLoad       relax the target's durability while the copy runs, and put it back after (see {@link FastLoad})
 * @param accounts       which of the source's accounts the copy carries to the target
 */
public record CopyOptions(List<String> schemas, List<String> excludeTables, int threads, Path workDir,
                          DefinerPolicy definers, long chunkBytes, int indexThreads, long chunkRows, long stallSeconds,
                          boolean logBin, boolean fastLoad, AccountSelection accounts) {

    public static final long DEFAULT_CHUNK_BYTES = 32L << 20;
    public static final long DEFAULT_STALL_SECONDS = 300;
    /** Rows of this average size or more are huge: their tables load one chunk at a time, not beside index builds. */
    public static final long HUGE_ROW_BYTES = 1L << 20;

    public CopyOptions(List<String> schemas, List<String> excludeTables, int threads, Path workDir,
                       DefinerPolicy definers, long chunkBytes, int indexThreads, long chunkRows) {
        this(schemas, excludeTables, threads, workDir, definers, chunkBytes, indexThreads, chunkRows, DEFAULT_STALL_SECONDS,
            false, false, AccountSelection.DEFAULT);
    }

    public CopyOptions {
        if (threads < 1) {
            throw new BadUsage("--threads must be at least 1");
        }
        if (chunkBytes < 1) {
            throw new BadUsage("the chunk size must be positive");
        }
        if (stallSeconds < 1) {
            throw new BadUsage("--stall-seconds must be at least 1");
        }
    }

    /**
     * Rows per chunk for a table: about {@link #chunkBytes} of its rows, at least 1000 of small rows; a table of
     * huge rows gets chunks of their size, down to one row, so that no single load is a transaction of gigabytes.
     */
    long rowsPerChunk(TableSpec table) {
        if (chunkRows > 0) {
            return chunkRows;
        }
        long rows = chunkBytes / Math.max(1, table.avgRowLength());
        return hugeRows(table) ? Math.max(1, rows) : Math.max(1000, rows);
    }

    /** Whether a table's rows are so large that its loads are scheduled apart (see {@link #HUGE_ROW_BYTES}). */
    static boolean hugeRows(TableSpec table) {
        return table.avgRowLength() >= HUGE_ROW_BYTES;
    }
}
