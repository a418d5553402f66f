package offramp.cutover;

import offramp.text.Units;

import java.util.List;

/**
 * What the comparison under the fence reads on each side, for the write stop's estimate, and in words why.
 *
 * @param bytes the bytes of rows read on each side
 * @param what  what they are: every table, a sample of chunks, or the chunks written since the live verification
 */
record CompareScope(long bytes, String what) {

    /** A table's size as information_schema gives it. */
    record TableSize(long dataBytes, long rows) {

        /** The chunks the verification cuts it into (at least one). */
        long chunks(long chunkRows) {
            return Math.max(1, (Math.max(0, rows) + chunkRows - 1) / chunkRows);
        }

        long chunkBytes(long chunkRows) {
            return Math.max(0, dataBytes) / chunks(chunkRows);
        }
    }

    /** Nothing is compared ({@code verify: none}). */
    static CompareScope nothing() {
        return new CompareScope(0, "nothing");
    }

    /** Every row of every table, as without a live verification. */
    static CompareScope everything(List<TableSize> tables) {
        long bytes = tables.stream().mapToLong(t -> Math.max(0, t.dataBytes())).sum();
        return new CompareScope(bytes, "every table, " + Units.bytes(bytes));
    }

    /** At most {@code chunksPerTable} chunks of each table ({@code verify: sample}). */
    static CompareScope sample(List<TableSize> tables, int chunksPerTable, long chunkRows) {
        long bytes = tables.stream().mapToLong(t -> Math.min(t.chunks(chunkRows), chunksPerTable) * t.chunkBytes(chunkRows)).sum();
        return new CompareScope(bytes, "a sample of at most " + chunksPerTable + " chunks a table, " + Units.bytes(bytes));
    }

    /**
     * After a live verification: only the chunks written since it, which its refresh rounds bring down to
     * {@code leftForTheFence} of all the chunks before anything is fenced; counted at the largest chunk's size. It
     * depends on the writes, not on the size of the data.
     */
    static CompareScope changedSinceLiveVerification(List<TableSize> tables, long chunkRows, long leftForTheFence) {
        long chunks = tables.stream().mapToLong(t -> t.chunks(chunkRows)).sum();
        long largest = tables.stream().mapToLong(t -> t.chunkBytes(chunkRows)).max().orElse(0);
        long changed = Math.min(chunks, leftForTheFence);
        long bytes = Math.min(changed * largest, everything(tables).bytes());
        return new CompareScope(bytes, "the chunks written since the live verification before the fence: at most "
            + changed + " of " + chunks + ", " + Units.bytes(largest) + " each at most, " + Units.bytes(bytes));
    }
}
