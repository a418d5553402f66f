package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.server.ServerInfo;

import java.util.List;

/** How many bytes of the source's binlog a replica has yet to apply. */
public final class BytesBehind {

    private BytesBehind() {
    }

    /**
     * @param sourceFiles the source's SHOW BINARY LOGS
     * @param sourceAt    the source's current position
     * @param applied     what the replica has applied
     * @return the bytes between them, across file boundaries; -1 when the applied file is no longer listed
     */
    public static long of(List<ServerInfo.BinaryLogFile> sourceFiles, BinlogCoordinates sourceAt, BinlogCoordinates applied) {
        if (applied.file().equals(sourceAt.file())) {
            return Math.max(0, sourceAt.position() - applied.position());
        }
        long behind = 0;
        boolean counting = false;
        for (ServerInfo.BinaryLogFile f : sourceFiles) {
            if (f.name().equals(applied.file())) {
                counting = true;
                behind += Math.max(0, f.size() - applied.position());
            } else if (f.name().equals(sourceAt.file())) {
                return counting ? behind + sourceAt.position() : -1;
            } else if (counting) {
                behind += f.size();
            }
        }
        return -1;
    }
}
