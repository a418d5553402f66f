package offramp.coordinates;

import java.util.List;
import java.util.Optional;

/**
 * Which binlog files on a clone are the source's history and which the clone's own starts created, decided
 * from who wrote each file.
 *
 * <p>A clone's storage carries the source's binlog files as of the snapshot; every start of the clone then
 * opens a new file, written by the clone's own server id. Walking back from the newest file, the clone's files
 * come first; the first file written by another server is the last file of the source's history. When the clone
 * runs with the source's server id the two cannot be told apart this way and the file must be named.
 *
 * @param lastHistoryFile the last file of the source's history
 * @param cloneFiles      the files the clone's starts created, oldest first
 * @param rule            how the choice was made, for the evidence
 */
public record HistoryChoice(BinlogFileOrigin lastHistoryFile, List<BinlogFileOrigin> cloneFiles, String rule) {

    /**
     * @param files          the clone's files, oldest first, as SHOW BINARY LOGS lists them
     * @param cloneServerId  the clone's {@code @@server_id}
     * @param namedFile      the file the user named as the last of the history, if any
     */
    public static HistoryChoice choose(List<BinlogFileOrigin> files, long cloneServerId, Optional<String> namedFile)
        throws NotProvenException {
        if (files.size() < 2) {
            throw new NotProvenException("the clone lists " + files.size() + " binlog file(s); a clone restored "
                + "from a snapshot has the source's files plus at least one of its own. Is --clone really a clone, "
                + "and was binary logging on when the snapshot was taken?");
        }
        if (namedFile.isPresent()) {
            return byName(files, namedFile.get());
        }
        BinlogFileOrigin newest = files.get(files.size() - 1);
        if (newest.creatorServerId() != cloneServerId) {
            throw new NotProvenException("the newest binlog file " + newest.name() + " was written by server_id "
                + newest.creatorServerId() + ", not by the clone (server_id " + cloneServerId + "), yet every start "
                + "of a server opens a new file. Is --clone a clone, and not a server that writes on?");
        }
        for (int i = files.size() - 2; i >= 0; i--) {
            BinlogFileOrigin file = files.get(i);
            if (file.creatorServerId() != cloneServerId) {
                List<BinlogFileOrigin> own = files.subList(i + 1, files.size());
                return new HistoryChoice(file, List.copyOf(own), "server-id: " + file.name()
                    + " is the last file written by server_id " + file.creatorServerId() + " (the source); "
                    + own.size() + " newer file(s) were created by the clone's own starts (server_id "
                    + cloneServerId + ")");
            }
        }
        throw new Ambiguous("every binlog file on the clone was written by server_id " + cloneServerId
            + ", the clone's own, so the source's files cannot be told from the clone's. Start the clone with "
            + "another server_id, or name the last file of the source's history with --history-file.");
    }

    private static HistoryChoice byName(List<BinlogFileOrigin> files, String name) throws NotProvenException {
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).name().equals(name)) {
                if (i == files.size() - 1) {
                    throw new NotProvenException(name + " is the clone's current binlog file, which its own start "
                        + "created; name the file before it that came with the snapshot");
                }
                return new HistoryChoice(files.get(i), List.copyOf(files.subList(i + 1, files.size())),
                    "named: " + name + " was given with --history-file");
            }
        }
        throw new NotProvenException("the clone has no binlog file " + name + "; SHOW BINARY LOGS lists "
            + files.stream().map(BinlogFileOrigin::name).toList());
    }

    /** The clone runs with the source's server id: its own files and the history look alike. */
    public static final class Ambiguous extends NotProvenException {
        public Ambiguous(String message) {
            super(message);
        }
    }
}
