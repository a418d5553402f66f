package offramp.replication;

import offramp.server.Connections;
import offramp.server.Endpoint;

import java.io.PrintStream;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

/**
 * Makes a server replicate from a source: configures and starts it at proven coordinates (or leaves a replica that
 * already replicates from there where it is), then, when asked, follows it until it has caught up. The
 * {@code replicate} command and the provision pipeline's replicate step both go through here.
 */
public final class Replicate {

    /** How often the catch-up looks at the replica. */
    private static final Duration POLL = Duration.ofSeconds(2);

    /**
     * How long to follow the replica.
     *
     * @param timeout        how long it may take to catch up
     * @param reconnectLimit how long to keep trying to reach a server it lost (a restart, a failover)
     */
    public record Wait(Duration timeout, Duration reconnectLimit) {
    }

    /** What to start: where from, and how. */
    public record Start(ReplicationSource source, ReplicationStart.Options options) {
    }

    /** Decides what to start once both servers are connected; may read them (and record what it read) first. */
    @FunctionalInterface
    public interface Planner {
        Start plan(Connection replica, Connection source) throws Exception;
    }

    /**
     * The catch-up, sample by sample, and the rate the replica applied at.
     *
     * @param rate null when it was caught up at the first look, too soon to measure
     */
    public record CaughtUp(List<CatchUp.Sample> lag, ApplyRate rate) {
    }

    private final Endpoint replica;
    private final Endpoint source;
    private final PrintStream out;

    public Replicate(Endpoint replica, Endpoint source, PrintStream out) {
        this.replica = replica;
        this.source = source;
        this.out = out;
    }

    /** Connects to both servers, plans, and configures and starts the replica (or leaves it running where it is). */
    public ReplicationStart.Outcome start(Planner planner) throws Exception {
        try (Connection r = Connections.open(replica); Connection s = Connections.open(source)) {
            Start start = planner.plan(r, s);
            return new ReplicationStart(replica, source, out).run(r, s, start.source(), start.options());
        }
    }

    /** Follows the replica until it has caught up with the source. */
    public CaughtUp awaitCaughtUp(Wait wait) throws Exception {
        List<CatchUp.Sample> samples = new CatchUp(replica, source, out, wait.reconnectLimit()).await(wait.timeout(), POLL);
        return new CaughtUp(samples, ApplyRate.of(samples));
    }
}
