package offramp.coordinates;

import offramp.binlog.BinlogCoordinates;
import offramp.binlog.BinlogEvent;
import offramp.binlog.TransactionBoundaries;
import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;

/**
 * The coordinates found on a clone and how they were found.
 *
 * @param coordinates       where replication from the source must start
 * @param lastHistoryFile   the last file of the source's history on the clone
 * @param cloneFiles        the files the clone's own starts created
 * @param rule              how the history file was told from the clone's files
 * @param fileSize          its size as SHOW BINARY LOGS reports it
 * @param lastEventEnd      end of the last complete event in it
 * @param tornTail          what lies after the last complete event when the file ends inside one; null otherwise
 * @param unfinishedTransaction the transaction left open at the end of the file (its events are not in the
 *                          clone's data); null when the file ends between transactions
 * @param lastTransaction   the last complete transaction before the position; null when the file has none
 * @param cloneServerId     the clone's server id
 * @param cloneVersion      the clone's version
 * @param gtidStateName     gtid_executed (MySQL) or gtid_binlog_pos (MariaDB)
 * @param gtidState         its value on the clone
 * @param evidence          the findings, one sentence each
 * @param compared          the clone's events from the start of the last transactions up to the position
 */
public record CloneCoordinates(BinlogCoordinates coordinates, String lastHistoryFile, List<String> cloneFiles,
                               String rule, long fileSize, long lastEventEnd, String tornTail,
                               TransactionBoundaries.Transaction unfinishedTransaction,
                               TransactionBoundaries.Transaction lastTransaction,
                               long cloneServerId, String cloneVersion, String gtidStateName, String gtidState,
                               List<String> evidence, @JsonIgnore List<BinlogEvent> compared) {

    /**
     * Coordinates a provider reports itself (a stopped replica's executed position): nothing on the clone's own
     * binlog to compare, so the proof looks at what the source has at the position.
     */
    public static CloneCoordinates reported(BinlogCoordinates at, String how) {
        return new CloneCoordinates(at, at.file(), List.of(), how, at.position(), at.position(), null, null, null, 0, "",
            "", "", List.of("reported: " + how), List.of());
    }

    /** Whether the position differs from the file size, because of a partial event or an unfinished transaction. */
    public boolean boundaryBeforeFileEnd() {
        return coordinates.position() != fileSize;
    }
}
