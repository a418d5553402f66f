package offramp.verify;

/** What one server says of one chunk: its rows, and the two halves of its row-hash aggregate. */
public record ChunkDigest(long rows, String high, String low) {
}
