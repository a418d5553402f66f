package offramp.coordinates;

import offramp.binlog.BinlogCoordinates;
import offramp.binlog.BinlogReader;
import offramp.binlog.ReadResult;
import offramp.binlog.ServerBinlogReader;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.server.ServerInfo;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds, on a clone restored from a snapshot, the binlog coordinates that match its data: the end of the last
 * complete transaction in the last binlog file that came with the snapshot.
 */
public final class CoordinatesFinder {

    /** How many of the final transactions the proof compares with the source. */
    static final int COMPARED_TRANSACTIONS = 3;

    private final Endpoint clone;

    public CoordinatesFinder(Endpoint clone) {
        this.clone = clone;
    }

    public CloneCoordinates find(Optional<String> historyFile) throws NotProvenException, IOException, SQLException {
        ServerInfo info;
        List<ServerInfo.BinaryLogFile> files;
        String gtidState;
        try (Connection c = Connections.open(clone)) {
            info = ServerInfo.read(c);
            if (!info.logBin()) {
                throw new NotProvenException("binary logging is off on the clone (log_bin=0), so it holds no binlog "
                    + "files: restore the clone with binlog on (Aurora: a cluster parameter group with binlog_format set)");
            }
            files = info.binaryLogs(c);
            gtidState = info.gtidState(c);
        }
        BinlogReader reader = new ServerBinlogReader(clone);
        HistoryChoice history = HistoryChoice.choose(origins(reader, files, info.serverId(), historyFile),
            info.serverId(), historyFile);

        String file = history.lastHistoryFile().name();
        long size = history.lastHistoryFile().size();
        HistoryTail.Finding tail = HistoryTail.read(reader, file, size, COMPARED_TRANSACTIONS);
        ReadResult read = tail.read();

        List<String> evidence = new ArrayList<>();
        evidence.add("history: " + history.rule());
        evidence.addAll(tail.evidence());
        evidence.add("clone: " + info.version() + ", server_id " + info.serverId() + ", "
            + info.dialect().gtidStateName() + " '" + gtidState + "'");
        return new CloneCoordinates(new BinlogCoordinates(file, tail.position()), file,
            history.cloneFiles().stream().map(BinlogFileOrigin::name).toList(), history.rule(), size,
            read.lastEnd(), read.ending() == ReadResult.Ending.TORN ? read.detail() : null, tail.unfinished(),
            tail.last(), info.serverId(), info.version(), info.dialect().gtidStateName(), gtidState, evidence,
            tail.compared());
    }

    /** Reads who wrote each file, newest first, until the first file not written by the clone. */
    private static List<BinlogFileOrigin> origins(BinlogReader reader, List<ServerInfo.BinaryLogFile> files,
                                                  long cloneServerId, Optional<String> historyFile) throws IOException {
        BinlogFileOrigin[] origins = new BinlogFileOrigin[files.size()];
        boolean foundHistory = historyFile.isPresent();
        for (int i = files.size() - 1; i >= 0; i--) {
            ServerInfo.BinaryLogFile f = files.get(i);
            long creator = -1;
            if (!foundHistory) {
                long[] serverId = {-1};
                reader.read(f.name(), 4, event -> {
                    serverId[0] = event.serverId();
                    return false;
                });
                creator = serverId[0];
                foundHistory = creator != cloneServerId;
            }
            origins[i] = new BinlogFileOrigin(f.name(), f.size(), creator);
        }
        return List.of(origins);
    }
}
