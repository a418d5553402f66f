package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.server.ServerInfo;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a replica until it has caught up with its source: lag in seconds and in bytes of binlog not yet
 * applied, shown as it shrinks. A replica that stops with an error ends the wait with the error explained.
 */
public final class CatchUp {

    /** One look at the replica. */
    public record Sample(double atSeconds, long bytesBehind, Long secondsBehind, String applied) {
    }

    /** Replication stopped with an error; the message says what to do. */
    public static final class ReplicationFailed extends Exception {
        public ReplicationFailed(String message) {
            super(message);
        }
    }

    private final Replica replica;
    private final Connection source;
    private final PrintStream out;
    private final List<Sample> samples = new ArrayList<>();

    public CatchUp(Replica replica, Connection source, PrintStream out) {
        this.replica = replica;
        this.source = source;
        this.out = out;
    }

    /** Waits until caught up; returns the samples taken, for the report. */
    public List<Sample> await(Duration timeout, Duration every) throws SQLException, ReplicationFailed, InterruptedException {
        long start = System.nanoTime();
        boolean terminal = System.console() != null && out == System.out;
        ServerInfo sourceInfo = ServerInfo.read(source);
        BinlogCoordinates previousSourceAt = null;
        while (true) {
            ReplicationStatus status = replica.replicationStatus();
            if (status == null) {
                throw new ReplicationFailed("replication is not configured on the replica");
            }
            if (ReplicationErrors.fatal(status)) {
                throw new ReplicationFailed(ReplicationErrors.explain(status));
            }
            BinlogCoordinates sourceAt = Replica.currentPosition(source);
            long behind = status.applied() == null ? -1
                : BytesBehind.of(sourceInfo.binaryLogs(source), sourceAt, status.applied());
            double at = (System.nanoTime() - start) / 1e9;
            Sample sample = new Sample(at, behind, status.secondsBehind(), String.valueOf(status.applied()));
            samples.add(sample);
            String line = String.format("catch-up: %s behind, %s s lag, applied %s (source at %s)%s",
                behind < 0 ? "?" : String.format("%.1f MiB", behind / 1048576.0),
                status.secondsBehind() == null ? "?" : status.secondsBehind(), status.applied(), sourceAt,
                status.ioErrno() != 0 ? "; reconnecting after error " + status.ioErrno() + ": " + status.ioError() : "");
            out.print(terminal ? "\r" + line + "   " : line + "\n");
            // A busy source never stands still: the replica has caught up once it has applied everything the
            // source had written by the previous look, one interval ago.
            boolean caughtUp = behind == 0 || (previousSourceAt != null && status.applied() != null
                && !status.applied().isBefore(previousSourceAt) && Long.valueOf(0).equals(status.secondsBehind()));
            previousSourceAt = sourceAt;
            if (caughtUp) {
                if (terminal) {
                    out.println();
                }
                return List.copyOf(samples);
            }
            if (at > timeout.toSeconds()) {
                throw new ReplicationFailed("the replica did not catch up within " + timeout.toSeconds() + " s (" + line
                    + "); it keeps replicating: follow it with SHOW SLAVE STATUS or run offramp replicate --wait again");
            }
            Thread.sleep(every.toMillis());
        }
    }
}
