package offramp.cutover;

import offramp.replication.Replica;
import offramp.replication.ReplicationStatus;
import offramp.server.Connections;
import offramp.server.Dialect;
import offramp.server.ServerInfo;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Puts both servers back as they were before an attempt that failed or was interrupted before it committed. */
final class Rollback {

    private final AttemptLog log;
    private final PrintStream out;

    Rollback(AttemptLog log, PrintStream out) {
        this.log = log;
        this.out = out;
    }

    /** Undoes, in reverse order, whatever the journal says the attempt may have changed; each undo is idempotent. */
    void run(Attempt a, Side from, Side to, String why) throws Exception {
        out.println("== roll back: " + why);
        a.rollingBack = why;
        log.save(a);
        try (Connection f = Connections.open(from.endpoint()); Connection t = Connections.open(to.endpoint())) {
            Dialect ff = ServerInfo.read(f).dialect();
            Dialect tf = ServerInfo.read(t).dialect();
            if (a.reached("arming-reverse")) {
                new Replica(f).forget(a.oldPrimaryRds);
                out.println("  the way back removed from " + from);
            }
            if (a.reached("stopping-replication")) {
                Fence.keepOutOfBinlog(t);
                Fence.setLocked(t, tf, a.unlockedOnNewPrimary, true);
                ReplicationStatus s = new Replica(t).replicationStatus();
                if (s != null && !s.running()) {
                    try (Statement st = t.createStatement()) {
                        st.execute(a.newPrimaryRds ? tf.rdsReplication(true) : tf.startReplica());
                    }
                }
                out.println("  " + to + " replicates from " + from + " again");
            }
            if (a.newReadOnlyWas && !Fence.readOnly(t, tf).readOnly()) {
                Fence.setReadOnly(t, tf, Fence.ReadOnly.fence(tf), Duration.ofSeconds(30));
            }
            if (a.reached("fencing")) {
                if (a.outOfBinlog) {
                    Fence.keepOutOfBinlog(f);
                }
                Fence.setLocked(f, ff, a.lockedOnOldPrimary, false);
                Fence.ReadOnly was = new Fence.ReadOnly(a.readOnlyWas, a.superReadOnlyWas);
                if (!Fence.readOnly(f, ff).equals(was) && !Fence.setReadOnly(f, ff, was, Duration.ofSeconds(30))) {
                    throw new SQLException("read_only on " + from + " may not be set back by this account");
                }
                out.println("  " + from + " unfenced: " + (a.lockedOnOldPrimary.isEmpty() ? "" : a.lockedOnOldPrimary + " unlocked, ")
                    + "read_only " + (a.readOnlyWas ? "ON" : "OFF") + " as before");
            }
        } catch (Exception e) {
            out.println("the rollback did not finish: " + e.getMessage() + "; rerun the same command to finish it");
            throw e;
        }
        log.archive(a, "rolled back");
    }
}
