package offramp.replication;

import offramp.server.Dialect;
import offramp.server.ServerIdentity;

import offramp.coordinates.NotProvenException;
import offramp.coordinates.SourceProof;
import offramp.coordinates.SourceProver;
import offramp.server.Endpoint;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Starts replication the one way both {@code replicate} and {@code provision} do it: the replica must not be
 * the source, a replica already following the source is left at its position (its stopped threads started),
 * and only a replica that is not replicating yet is configured, from coordinates proven on the source first.
 */
public final class ReplicationStart {

    /**
     * The replica's settings beyond where its source is.
     *
     * @param apply how the replica applies while it catches up: offramp's parallel workers, or its own settings
     */
    public record Options(boolean ignoreRdsTables, boolean readOnly, String gtidPurged, boolean forceReconfigure,
                          ParallelApply apply) {
    }

    /**
     * What was done, and why; {@code proof} is null when the replica was left as it was; {@code apply} is the
     * replica's apply settings before and after; {@code kept} the settings put on the replica, which must outlive
     * its restarts; {@code optionFile} the option file fragment that keeps those the server does not, null when none.
     */
    public record Outcome(StartDecision decision, List<String> proof, ParallelApply.Change apply, List<ReplicaSetting> kept,
                          String optionFile) {
        public boolean configured() {
            return decision.action() == StartDecision.Action.CONFIGURE;
        }
    }

    /** The replica was left as it was; the message says why and how to override, where that is allowed. */
    public static final class Refused extends Exception {
        private final String forgetSource;

        public Refused(String message, Dialect replica) {
            super(message);
            this.forgetSource = replica.resetReplicaAll();
        }

        /** The statement that makes the replica forget its source, for a DBA who means to configure it again. */
        public String forgetSource() {
            return forgetSource;
        }
    }

    private final Endpoint replicaEndpoint;
    private final Endpoint sourceEndpoint;
    private final PrintStream out;

    public ReplicationStart(Endpoint replicaEndpoint, Endpoint sourceEndpoint, PrintStream out) {
        this.replicaEndpoint = replicaEndpoint;
        this.sourceEndpoint = sourceEndpoint;
        this.out = out;
    }

    public Outcome run(Connection replicaConnection, Connection sourceConnection, ReplicationSource settings,
                       Options options) throws SQLException, Refused, NotProvenException, IOException {
        Replica replica = new Replica(replicaConnection);
        if (replica.redoLogOff()) {
            throw new Refused("the replica " + replicaEndpoint.uri() + " runs with InnoDB's redo log off (what copy "
                + "--fast-load does on MySQL while it loads): a crash would leave it unrecoverable. Rerun the copy with the "
                + "same --work-dir, which turns it back on, or run " + replica.dialect().switchRedoLog(true) + " on it", replica.dialect());
        }
        ServerIdentity self = replica.identity(replicaEndpoint.uri());
        ServerIdentity source = ServerIdentity.read(sourceConnection, sourceEndpoint.uri());
        ReplicationStatus status = replica.replicationStatus();
        boolean autoPosition = settings.autoPosition() && options.gtidPurged() != null;
        StartDecision decision = StartDecision.decide(self, source, status, new StartDecision.Wanted(settings.host(),
            settings.port(), settings.at(), autoPosition, options.forceReconfigure()));
        switch (decision.action()) {
            case REFUSE -> throw new Refused(decision.reason(), replica.dialect());
            case RESUME -> {
                out.println(decision.reason());
                ParallelApply.Change apply;
                if (!status.running()) {
                    if (status.failed()) {
                        out.println("its threads had stopped: " + ReplicationErrors.explain(status));
                    }
                    // One thread may still run (MariaDB refuses slave_parallel_threads then): stop both, set, start.
                    replica.stopThreads();
                    apply = replica.configureApply(options.apply());
                    replica.startThreads();
                } else {
                    apply = replica.applySettings("its threads run, so its apply settings were left as they are");
                }
                out.println("apply: " + apply.describe());
                return new Outcome(decision, null, apply, replica.kept(), replica.optionFile());
            }
            default -> {
                if (decision.warning() != null) {
                    out.println("WARNING: " + decision.warning());
                }
                List<String> proof = List.of("GTID auto-position: the replica starts after the clone's GTID state");
                if (!autoPosition) {
                    // A position inside a transaction would make the replica drop its first part without a word.
                    SourceProof proven = new SourceProver(sourceEndpoint).proveGiven(settings.at());
                    proof = proven.checks();
                    proof.forEach(line -> out.println("  proven  " + line));
                }
                // Only a source with RDS's own tables needs the filter: elsewhere it would hide the user's mysql.rds_* tables.
                boolean rdsFilter = options.ignoreRdsTables() && Replica.hasRdsTables(sourceConnection);
                ParallelApply.Change apply = replica.start(settings, rdsFilter, options.readOnly(),
                    options.gtidPurged(), options.apply());
                out.println("apply: " + apply.describe());
                return new Outcome(decision, proof, apply, replica.kept(), replica.optionFile());
            }
        }
    }
}
