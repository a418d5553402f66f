package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.server.Connections;
import offramp.server.Dialect;
import offramp.server.Endpoint;
import offramp.server.Queries;
import offramp.server.ServerInfo;
import offramp.text.Units;

import java.io.EOFException;
import java.io.PrintStream;
import java.net.SocketException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Follows a replica until it has caught up with its source: lag in seconds and in bytes of binlog not yet
 * applied, shown as it shrinks. A replica that stops with an error ends the wait with the error explained.
 * A lost connection to either server (a restart, a failover, a network blip) does not end it: the replica's own
 * threads reconnect by themselves, and so does the wait, for at most the reconnect limit.
 */
public final class CatchUp {

    /**
     * One look at the replica.
     *
     * @param transactions transactions applied since the first look (from the replica's GTID state, against the
     *                     state at the position it had applied up to at the first look); null when not counted
     * @param appliedBytes binlog bytes applied since the first look; -1 when unknown
     */
    public record Sample(double atSeconds, long bytesBehind, Long secondsBehind, String applied, Long transactions,
                         long appliedBytes) {
    }

    /** Replication stopped with an error, or the wait gave up; the message says what to do. */
    public static final class ReplicationFailed extends Exception {
        public ReplicationFailed(String message) {
            super(message);
        }
    }

    /** Lost connections: server gone away, lost during query, shutdown in progress, killed, closed for inactivity. */
    private static final Set<Integer> CONNECTION_LOST = Set.of(2006, 2013, 1053, 1927, 4031);

    private final Endpoint replicaEndpoint;
    private final PrintStream out;
    private final Duration reconnectLimit;
    private final List<Sample> samples = new ArrayList<>();
    private final Link replica;
    private final Link source;
    /** The replica's dialect, once offramp has reached it. */
    private Dialect replicaDialect;

    /**
     * @param reconnectLimit how long the wait keeps trying to reach a server it lost before it gives up
     */
    public CatchUp(Endpoint replica, Endpoint source, PrintStream out, Duration reconnectLimit) {
        this.replicaEndpoint = replica;
        this.out = out;
        this.reconnectLimit = reconnectLimit;
        this.replica = new Link("replica", replica);
        this.source = new Link("source", source);
    }

    /** The statement that shows the replica's state, in its dialect where offramp has reached it. */
    private String showReplicaStatus() {
        return replicaDialect == null ? Dialect.showReplicaStatusOnAnyServer() : replicaDialect.showReplicaStatus();
    }

    /** Waits until caught up; returns the samples taken, for the report. */
    public List<Sample> await(Duration timeout, Duration every) throws SQLException, ReplicationFailed, InterruptedException {
        try {
            return follow(timeout, every);
        } finally {
            replica.close();
            source.close();
        }
    }

    private List<Sample> follow(Duration timeout, Duration every) throws SQLException, ReplicationFailed, InterruptedException {
        long start = System.nanoTime();
        boolean terminal = System.console() != null && out == System.out;
        BinlogCoordinates previousSourceAt = null;
        BinlogCoordinates firstApplied = null;
        String baseline = null;
        while (true) {
            double at = (System.nanoTime() - start) / 1e9;
            ReplicationStatus status;
            String appliedGtids;
            BinlogCoordinates sourceAt;
            List<ServerInfo.BinaryLogFile> sourceFiles;
            Link looking = replica;
            try {
                Replica r = new Replica(replica.connection());
                replicaDialect = r.dialect();
                status = r.replicationStatus();
                if (status == null) {
                    throw new ReplicationFailed("replication is not configured on the replica " + replicaEndpoint.uri());
                }
                appliedGtids = r.appliedGtids();
                looking = source;
                Connection s = source.connection();
                sourceAt = Replica.currentPosition(s);
                ServerInfo sourceInfo = ServerInfo.read(s);
                sourceFiles = sourceInfo.binaryLogs(s);
                if (baseline == null) {
                    baseline = baseline(s, sourceInfo.dialect(), status.applied(), appliedGtids);
                }
            } catch (SQLException e) {
                if (!connectionLost(e)) {
                    throw e;
                }
                Link lost = looking;
                lost.lost(e);
                if (at > timeout.toSeconds()) {
                    throw new ReplicationFailed("the replica did not catch up within " + timeout.toSeconds() + " s; "
                        + lost.describeLoss());
                }
                Thread.sleep(every.toMillis());
                continue;
            }
            if (ReplicationErrors.fatal(status)) {
                throw new ReplicationFailed(ReplicationErrors.explain(status, sourceFiles));
            }
            long behind = status.applied() == null ? -1 : BytesBehind.of(sourceFiles, sourceAt, status.applied());
            if (firstApplied == null) {
                firstApplied = status.applied();
            }
            long appliedBytes = status.applied() == null || firstApplied == null ? -1
                : BytesBehind.of(sourceFiles, status.applied(), firstApplied);
            Sample sample = new Sample(at, behind, status.secondsBehind(), String.valueOf(status.applied()),
                AppliedGtids.since(replicaDialect, appliedGtids, baseline), appliedBytes);
            samples.add(sample);
            String line = String.format("catch-up: %s behind, %s s lag, applied %s (source at %s)%s",
                behind < 0 ? "?" : Units.bytes(behind),
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
                    + "); it keeps replicating: follow it with " + showReplicaStatus() + " or run offramp replicate --wait again");
            }
            Thread.sleep(every.toMillis());
        }
    }

    /**
     * The GTID state the count of applied transactions starts from: the source's state at the position the replica
     * had applied up to at the first look, where the source can tell (a MariaDB replica started from a file and
     * position has an empty gtid_slave_pos until its first transaction, which then carries the source's whole
     * sequence); otherwise the replica's own state at the first look.
     */
    private static String baseline(Connection source, Dialect sourceDialect, BinlogCoordinates applied, String replicaState)
        throws SQLException {
        String query = applied == null ? null : sourceDialect.gtidStateAtQuery(applied.file(), applied.position());
        if (query != null) {
            try {
                String at = Queries.string(source, query);
                if (at != null) {
                    return at;
                }
            } catch (SQLException e) {
                if (connectionLost(e)) {
                    throw e;
                }
                // a file the source no longer has: count from the replica's own state
            }
        }
        return replicaState == null ? "" : replicaState;
    }

    /**
     * Whether the server went away (restart, failover, network), as opposed to refusing what was asked. The
     * driver marks a lost link with SQLState class 08; a wrapped error keeps it in its cause.
     */
    static boolean connectionLost(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLNonTransientConnectionException || t instanceof SQLTransientConnectionException
                || t instanceof SQLRecoverableException || t instanceof SocketException || t instanceof EOFException) {
                return true;
            }
            if (t instanceof SQLException sql && ((sql.getSQLState() != null && sql.getSQLState().startsWith("08"))
                || CONNECTION_LOST.contains(sql.getErrorCode()))) {
                return true;
            }
        }
        return false;
    }

    /** The wait's connection to one of the servers, reopened after a loss within the reconnect limit. */
    private final class Link {
        private final String role;
        private final Endpoint endpoint;
        private Connection connection;
        private long lostAt = -1;
        private String cause;

        Link(String role, Endpoint endpoint) {
            this.role = role;
            this.endpoint = endpoint;
        }

        Connection connection() throws SQLException {
            if (connection == null || connection.isClosed()) {
                connection = Connections.open(endpoint);
                if (lostAt >= 0) {
                    out.printf("reconnected to the %s %s after %.0f s%n", role, endpoint.uri(), (System.nanoTime() - lostAt) / 1e9);
                    lostAt = -1;
                }
            }
            return connection;
        }

        void lost(SQLException e) throws ReplicationFailed {
            close();
            cause = e.getMessage();
            if (lostAt < 0) {
                lostAt = System.nanoTime();
                out.println("lost the connection to the " + role + " " + endpoint.uri() + " (" + cause + "); "
                    + (role.equals("source") ? "the replica's receiver thread reconnects by itself, "
                        : "the replica keeps replicating without offramp, ")
                    + "and offramp keeps trying for up to " + reconnectLimit.toSeconds() + " s");
            } else if ((System.nanoTime() - lostAt) / 1e9 > reconnectLimit.toSeconds()) {
                throw new ReplicationFailed(describeLoss());
            }
        }

        String describeLoss() {
            return "lost the connection to the " + role + " " + endpoint.uri() + " and could not reconnect within "
                + reconnectLimit.toSeconds() + " s (" + cause + "). Replication itself is not stopped: the replica's "
                + "threads keep retrying. Once the " + role + " is back, run offramp replicate --wait again (it resumes "
                + "without reconfiguring the replica), or follow it with " + showReplicaStatus();
        }

        void close() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the link is gone either way
                }
                connection = null;
            }
        }
    }
}
