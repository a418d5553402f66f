package offramp.copy;

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
 */
public record CopyOptions(List<String> schemas, List<String> excludeTables, int threads, Path workDir,
                          DefinerPolicy definers, long chunkBytes, int indexThreads, long chunkRows) {

    public static final long DEFAULT_CHUNK_BYTES = 32L << 20;

    public CopyOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1");
        }
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("the chunk size must be positive");
        }
    }

    /** Rows per chunk for a table: about {@link #chunkBytes} of its rows, at least 1000. */
    long rowsPerChunk(TableSpec table) {
        if (chunkRows > 0) {
            return chunkRows;
        }
        return Math.max(1000, chunkBytes / Math.max(1, table.avgRowLength()));
    }
}
