package offramp.verify;

/**
 * What one server says of one chunk: its rows, and the exact sums (decimal digits) of the two 64-bit numbers of its
 * row hashes, see {@link RowHash}. A chunk the server cannot read (its table or a column is missing) has
 * {@code rows} -1 and the server's message in both sums.
 */
public record ChunkDigest(long rows, String high, String low) {

    static ChunkDigest unreadable(String why) {
        return new ChunkDigest(-1, why, why);
    }

    boolean readable() {
        return rows >= 0;
    }
}
