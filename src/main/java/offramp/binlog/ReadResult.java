package offramp.binlog;

/**
 * How a read of one binlog file ended.
 *
 * @param file    the file read
 * @param lastEnd end of the last complete event delivered (the start position when none was)
 * @param ending  why the read stopped
 * @param detail  what the server or the file said when the tail is torn; null otherwise
 */
public record ReadResult(String file, long lastEnd, Ending ending, String detail) {

    public enum Ending {
        /** Every event of the file was read. */
        END_OF_FILE,
        /** The sink asked to stop. */
        STOPPED,
        /** The file ends inside an event: a partial write at the moment of a crash or snapshot. */
        TORN
    }
}
