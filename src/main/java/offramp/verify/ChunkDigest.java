package offramp.verify;

/**
 * What one server says of one chunk: its rows, and the exact sum (decimal digits) of its rows' hashes, see
 * {@link RowHash}. A chunk the server cannot read (its table or a column is missing) has {@code rows} -1 and the
 * server's message as its sum.
 */
public record ChunkDigest(long rows, String sum) {

    static ChunkDigest unreadable(String why) {
        return new ChunkDigest(-1, why);
    }

    boolean readable() {
        return rows >= 0;
    }
}
