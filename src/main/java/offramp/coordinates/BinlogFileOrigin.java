package offramp.coordinates;

/**
 * Who wrote a binlog file on the clone: the server id in the header of its first event (FORMAT_DESCRIPTION).
 *
 * @param name            file name as SHOW BINARY LOGS lists it
 * @param size            its size as SHOW BINARY LOGS lists it
 * @param creatorServerId server id of the FORMAT_DESCRIPTION event; -1 when the file could not be read
 */
public record BinlogFileOrigin(String name, long size, long creatorServerId) {
}
