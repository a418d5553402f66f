package offramp.binlog;

import java.io.IOException;

/**
 * Reads the events of one binlog file from a position on, from a local file or from a server over the
 * replication protocol. Events arrive in order with their positions in the file.
 */
public interface BinlogReader {

    /**
     * Reads {@code file} from {@code from} (4 is the first event) to its end, or until the sink stops.
     *
     * @throws BinlogReadException when the file cannot be read from there (missing, purged, no event at
     *                             {@code from}) or the server refuses
     */
    ReadResult read(String file, long from, EventSink sink) throws IOException;
}
