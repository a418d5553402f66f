package offramp.verify.live;

import java.nio.file.Path;
import java.util.List;

/**
 * What a live verification compares and the bounds of its impact on the servers.
 *
 * @param schemas            schemas to compare; empty: all but the server's own
 * @param excludeTables      {@code schema.table} patterns left out
 * @param chunkRows          rows per chunk
 * @param maxSnapshotSeconds the longest a consistent read stays open on the source (Aurora's undo history grows
 *                           while one is)
 * @param maxPauseMillis     the longest the replica's applier stands still per synchronisation
 * @param maxLagSeconds      no synchronisation starts while the replica is further behind than this
 * @param lagWaitSeconds     how long to wait for a replica further behind than that before giving up
 * @param maxRowsPerSecond   rows compared per second at most; 0: no limit
 * @param maxRowFindings     differing rows listed per chunk at most
 * @param workDir            where the journal, the guard's log and the last verification's summary live
 * @param restart            discard an unfinished verification instead of resuming it
 * @param repairSql          where to write the statements that would bring the replica in line; null: nowhere
 */
public record VerifySettings(List<String> schemas, List<String> excludeTables, long chunkRows, int maxSnapshotSeconds,
                             long maxPauseMillis, int maxLagSeconds, int lagWaitSeconds, long maxRowsPerSecond, int maxRowFindings,
                             Path workDir, boolean restart, Path repairSql) {
}
