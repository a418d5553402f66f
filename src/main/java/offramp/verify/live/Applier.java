package offramp.verify.live;

import offramp.binlog.BinlogCoordinates;
import offramp.replication.Replica;
import offramp.replication.ReplicationStatus;
import offramp.server.Dialect;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The replica's applier (SQL) thread as a live verification drives it: paused, brought to exactly a position of
 * the source's binlog, and resumed; the receiver keeps running throughout. It tells the guard before each pause and
 * after each resume, so that a replica is never left paused by an offramp that died, and it measures each pause:
 * the time the applier stood still, not the time it spent applying up to the position.
 */
final class Applier {

    private static final long POLL_MILLIS = 10;
    /** A seam for the kill tests: runs each time the applier has just been paused. */
    static volatile Runnable whilePaused = () -> { };

    private final Connection replica;
    private final Dialect dialect;
    private final Replica status;
    private final ReplicationGuard guard;
    private long pausedSince;
    private long pausedMillis;
    private long longestPauseMillis;

    Applier(Connection replica, Dialect dialect, ReplicationGuard guard) throws SQLException {
        this.replica = replica;
        this.dialect = dialect;
        this.status = new Replica(replica);
        this.guard = guard;
    }

    /** Stops the applier: from now on the replica's data stands still at some position not after the source's. */
    void pause() throws SQLException {
        guard.paused();
        SourceRead.execute(replica, dialect.stopApplier());
        pausedSince = System.nanoTime();
        pausedMillis = 0;
        whilePaused.run();
    }

    /**
     * Applies exactly up to {@code at} and stops there. Returns false when the applier did not get there within
     * {@code timeoutMillis} (it is then paused again, wherever it got to).
     *
     * @throws SQLException when the applier stopped with an error, or past {@code at}
     */
    boolean applyUntil(BinlogCoordinates at, long timeoutMillis) throws SQLException {
        BinlogCoordinates applied = applied();
        if (applied.equals(at)) {
            return true;
        }
        if (applied.compareTo(at) > 0) {
            throw new SQLException("the replica has applied " + applied + ", past the source's " + at
                + ": it does not replicate from this source, or the source's binlog was reset");
        }
        pausedMillis += elapsed();
        pausedSince = 0;
        SourceRead.execute(replica, dialect.startApplierUntil(at.file(), at.position()));
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            ReplicationStatus now = status.replicationStatus();
            if (now.sqlErrno() != 0) {
                throw new SQLException("the replica's applier stopped with error " + now.sqlErrno() + ": " + now.sqlError());
            }
            if ("No".equals(now.sqlRunning())) {
                pausedSince = System.nanoTime();
                if (now.applied().equals(at)) {
                    return true;
                }
                throw new SQLException("the replica's applier stopped at " + now.applied() + ", not at " + at);
            }
            if (System.nanoTime() > deadline) {
                SourceRead.execute(replica, dialect.stopApplier());
                pausedSince = System.nanoTime();
                return false;
            }
            sleep();
        }
    }

    /** Starts the applier again without a stop condition, and tells the guard. */
    void resume() throws SQLException {
        SourceRead.execute(replica, dialect.startApplier());
        pausedMillis += elapsed();
        pausedSince = 0;
        longestPauseMillis = Math.max(longestPauseMillis, pausedMillis);
        guard.resumed();
    }

    /** The time the applier stood still in the last pause so far. */
    long pausedMillis() {
        return pausedMillis + elapsed();
    }

    long longestPauseMillis() {
        return longestPauseMillis;
    }

    /** The source position the replica has applied up to. */
    BinlogCoordinates applied() throws SQLException {
        ReplicationStatus now = status.replicationStatus();
        if (now == null || now.applied() == null) {
            throw new SQLException("the replica is not replicating: " + (now == null ? "replication is not configured" : now));
        }
        return now.applied();
    }

    /** Seconds_Behind_Master; null when the server cannot say. */
    Long lagSeconds() throws SQLException {
        ReplicationStatus now = status.replicationStatus();
        return now == null ? null : now.secondsBehind();
    }

    private long elapsed() {
        return pausedSince == 0 ? 0 : (System.nanoTime() - pausedSince) / 1_000_000;
    }

    private static void sleep() throws SQLException {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the replica applied up to a position", e);
        }
    }
}
