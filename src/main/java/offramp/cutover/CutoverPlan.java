package offramp.cutover;

import offramp.binlog.BinlogCoordinates;
import offramp.replication.ReplicationSource;
import offramp.server.Account;
import offramp.server.Dialect;
import offramp.server.Secret;

import java.io.PrintStream;
import java.util.List;

/** {@code offramp cutover --plan}: every step with the statements it runs and what it checks. */
final class CutoverPlan {

    private final Side from;
    private final Side to;
    private final CutoverSettings settings;
    private final PrintStream out;

    CutoverPlan(Side from, Side to, CutoverSettings settings, PrintStream out) {
        this.from = from;
        this.to = to;
        this.settings = settings;
        this.out = out;
    }

    void print(Dialect ff, Dialect tf, boolean fromRds, boolean toRds) {
        List<Account> accounts = settings.accounts();
        out.println("plan: move the writes from " + from + " to " + to + "; budget " + settings.budget().toSeconds()
            + " s from the fence until " + to.name() + " opens, undone in reverse order on any failure");
        if (settings.verify().equals("full")) {
            step("0 verify", "before the fence: a live verification of " + to.name() + " against " + from.name()
                + " (offramp verify), each chunk's source position journalled; a difference ends the cutover, nothing fenced");
        }
        step("1 fence", "on " + from.name() + ", journalled first with what was there before:");
        accounts.forEach(a -> statement(ff.accountLock(a, true)));
        if (fromRds) {
            statement("(read_only belongs to the RDS parameter group: not set)");
        } else {
            ff.fenceReadOnly().forEach(this::statement);
        }
        statement(ff.killSession(0, fromRds).replace("0", "<id>") + "   for each session of "
            + accounts.stream().map(Account::user).distinct().toList());
        step("2 prove", settings.fenceProof().equals("sessions")
            ? "on " + from.name() + ": no session left but offramp's and the server's (information_schema.PROCESSLIST), and "
                + "its binlog since the fence holds no write but to mysql.rds_* tables; where it stands is F"
            : ff.showBinaryLogStatus() + " on " + from.name() + ": for " + settings.fenceProofSeconds() + " s its binlog "
                + "holds no write but to mysql.rds_* tables (the server's own heartbeats); where it stands is F");
        step("3 wait", "on " + to.name() + ": " + tf.waitForSourcePosition("<F file>", 0, 5).replace(", 0,", ", <F pos>,")
            + " until it returns 0 or more");
        step("4 verify", switch (settings.verify()) {
            case "none" -> "skipped (verify: none)";
            case "sample" -> "compare a sample of each table's chunks, " + from.name() + " against " + to.name()
                + "; any difference rolls back";
            default -> "compare the chunks the binlogs changed since the live verification (the source's from each chunk's "
                + "position to F, the target's own writes) and the definitions; a table whose changes cannot be placed in "
                + "chunks whole; any difference rolls back";
        });
        step("5 stop", "on " + to.name() + ":");
        statement(toRds ? tf.rdsReplication(false) : tf.stopReplica());
        statement("check Exec_Master_Log_Pos = F");
        accounts.forEach(a -> statement(tf.accountLock(a, false) + "   if locked there"));
        statement(tf.showBinaryLogStatus() + "   -> T0");
        if (settings.reverse()) {
            step("6 way back", "on " + from.name() + ":");
            ReplicationSource back = new ReplicationSource(to.address().host(), to.address().port(),
                settings.replicationUser(), new Secret("****"), new BinlogCoordinates("<T0 file>", 4), settings.replicationTls(),
                settings.connectRetry(), settings.heartbeat(), false);
            if (fromRds) {
                statement(ff.rdsSetExternalSource(back.host(), back.port(), back.user(), "****", "<T0 file>", 4, false)
                    .replace(", 4, ", ", <T0 pos>, "));
                statement(ff.rdsReplication(true));
            } else {
                statement(ff.changeSource(back.channel()).replace("_LOG_POS=4", "_LOG_POS=<T0 pos>"));
                statement(ff.startReplica());
            }
            statement("check both replication threads run, without errors");
        } else {
            step("6 way back", "skipped (--no-reverse)");
        }
        step("7 open", "on " + to.name() + ", journalled first: from here a rerun completes the cutover");
        tf.setReadOnly(false, false).forEach(this::statement);
        statement(toRds ? tf.rdsResetExternalSource() : tf.resetReplicaAll());
        if (settings.switchCommand() != null) {
            statement("sh -c '" + settings.switchCommand() + "'   (OFFRAMP_NEW_PRIMARY, OFFRAMP_OLD_PRIMARY; at most "
                + settings.switchTimeout().toSeconds() + " s)");
        }
        step("rollback", "in reverse order: " + (settings.reverse() ? "the way back removed; " : "") + to.name()
            + " relocked and replicating again; " + from.name() + "'s accounts unlocked and read_only as it was");
    }

    private void step(String name, String what) {
        out.printf("  %-11s %s%n", name, what);
    }

    private void statement(String sql) {
        out.println("              " + sql);
    }
}
