package offramp.cutover;

import offramp.binlog.BinlogCoordinates;
import offramp.binlog.BinlogReadException;
import offramp.pipeline.DataDiffers;
import offramp.replication.ParallelApply;
import offramp.replication.Replica;
import offramp.replication.ReplicationErrors;
import offramp.replication.ReplicationSource;
import offramp.replication.ReplicationStatus;
import offramp.server.Account;
import offramp.server.Dialect;
import offramp.server.Queries;
import offramp.server.Secret;
import offramp.server.ServerInfo;
import offramp.verify.ChecksumReport;
import offramp.verify.Checksummer;
import offramp.verify.live.FencedComparison;
import offramp.verify.live.Verified;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The phases of an attempt that share its time budget, each journalled before its action: fence the old primary,
 * prove the fence (F), wait until the new primary has applied F, compare both, stop replication (T0) and arm the
 * way back. Any failure among them is undone by {@link Rollback}.
 */
final class WriteStop {

    /** Chunks of each table that {@code verify: sample} compares. */
    static final int SAMPLE_CHUNKS = 8;

    private final AttemptLog log;
    private final CutoverSettings settings;
    private final PrintStream out;
    private final Side source;
    private final Side target;

    WriteStop(AttemptLog log, CutoverSettings settings, PrintStream out, Side source, Side target) {
        this.log = log;
        this.settings = settings;
        this.out = out;
        this.source = source;
        this.target = target;
    }

    /** The application accounts are locked, read_only set, their sessions ended: each change journalled first. */
    void fence(Attempt a, Connection f, Dialect flavor, Budget budget) throws Exception {
        out.println("== fence " + (a.direction.equals("forward") ? source : target));
        Fence.ReadOnly was = Fence.readOnly(f, flavor);
        a.readOnlyWas = was.readOnly();
        a.superReadOnlyWas = was.superReadOnly();
        a.outOfBinlog = Fence.keepOutOfBinlog(f);
        for (Account account : settings.accounts()) {
            if (Boolean.FALSE.equals(Fence.locked(f, account))) {
                a.lockedOnOldPrimary.add(account.toString());
            }
        }
        a.fencedAtMillis = System.currentTimeMillis();
        log.phase(a, "fencing");
        for (String account : a.lockedOnOldPrimary) {
            Fence.setLocked(f, flavor, Account.parse(account), true);
            out.println("  locked " + account);
        }
        Fence.ReadOnly wanted = Fence.ReadOnly.fence(flavor);
        if (!was.equals(wanted)) {
            a.readOnlySet = Fence.setReadOnly(f, flavor, wanted, budget.remaining());
            out.println(a.readOnlySet ? "  " + String.join("; ", flavor.fenceReadOnly())
                : "  read_only may not be set by this account (RDS, Aurora: the parameter group's): the locked accounts fence it");
        }
        List<String> users = settings.accounts().stream().map(Account::user).distinct().toList();
        List<Long> sessions = Fence.sessionsOf(f, users);
        for (long id : sessions) {
            Fence.kill(f, flavor, id, a.oldPrimaryRds);
        }
        out.println("  ended " + sessions.size() + " session(s) of " + users + (a.oldPrimaryRds ? " with mysql.rds_kill" : ""));
        log.phase(a, "fenced");
    }

    /**
     * The fence holds when the binlog shows no write but the server's own heartbeats (Aurora's and RDS's
     * {@code mysql.rds_*} tables): for {@code fence-proof-seconds}, or, with {@code fence-proof: sessions}, as soon as no
     * session is left but offramp's and the server's. A write to any other table fails it at once, naming the table and
     * the sessions that could have made it. Where the binlog cannot be read (no REPLICATION SLAVE), it must stand still
     * for the proof's seconds. F is where it stands.
     */
    BinlogCoordinates proveFence(Attempt a, Connection f, Dialect flavor, Budget budget) throws Exception {
        Side from = a.direction.equals("forward") ? source : target;
        boolean bySessions = settings.fenceProof().equals("sessions");
        out.println("== prove the fence: " + (bySessions ? "no session left but offramp's, and "
            : "for " + settings.fenceProofSeconds() + " s ") + "no write in the binlog but the server's own heartbeats");
        log.phase(a, "proving-fence");
        List<String> users = settings.accounts().stream().map(Account::user).distinct().toList();
        while (!Fence.sessionsOf(f, users).isEmpty()) {
            // A session the fence ended may still be finishing its statement: its write belongs before the proof.
            budget.check("waiting for the ended sessions to go: " + Fence.sessionsOf(f, users));
            Thread.sleep(50);
        }
        BinlogCoordinates last = Replica.currentPosition(f);
        boolean readable = true;
        Set<String> heartbeats = new TreeSet<>();
        long stillSince = System.nanoTime();
        while (true) {
            if (bySessions && readable) {
                List<String> others = FenceWrites.otherSessions(f, from.endpoint().uri().user());
                if (others.isEmpty() && Replica.currentPosition(f).equals(last)) {
                    out.println("  no session left but offramp's and the server's");
                    break;
                }
            } else if (System.nanoTime() - stillSince >= TimeUnit.SECONDS.toNanos(settings.fenceProofSeconds())) {
                break;
            }
            try {
                budget.check("proving the fence at " + last);
            } catch (Budget.Exceeded e) {
                throw new Budget.Exceeded(e.getMessage() + "; still writing: " + Fence.busySessions(f, 0)
                    + (bySessions ? "; still connected: " + FenceWrites.otherSessions(f, from.endpoint().uri().user()) : ""));
            }
            Thread.sleep(bySessions ? 50 : 200);
            BinlogCoordinates now = Replica.currentPosition(f);
            if (now.equals(last)) {
                continue;
            }
            if (readable) {
                try {
                    FenceWrites writes = FenceWrites.between(from.endpoint(), last, now);
                    if (!writes.others.isEmpty()) {
                        List<String> writers = FenceWrites.otherSessions(f, from.endpoint().uri().user());
                        throw new FenceBroken("the fence does not hold: " + String.join(", ", writes.others) + " written on "
                            + from + " after the fence, between " + last + " and " + now + "; " + (writers.isEmpty()
                                ? "no session of another account than offramp's (" + from.endpoint().uri().user() + ") is "
                                    + "connected: a session of that account wrote it, or one that has gone"
                                : "sessions that could write: " + writers)
                            + " (add their accounts to cutover.application-accounts, or stop them)");
                    }
                    if (heartbeats.addAll(writes.heartbeats)) {
                        out.println("  the server's own writes since the fence, harmless: " + writes.heartbeats);
                    }
                    last = now;
                    continue;
                } catch (IOException cannotRead) {
                    readable = false;
                    out.println("  the binlog cannot be read here (" + cannotRead.getMessage() + "): it must stand still for "
                        + settings.fenceProofSeconds() + " s");
                }
            }
            out.println("  the binlog moved from " + last + " to " + now + ": waiting for it to stand still");
            last = now;
            stillSince = System.nanoTime();
        }
        a.finalPosition = last.toString();
        a.finalGtid = ServerInfo.read(f).gtidState(f);
        out.println("  F = " + last + (a.finalGtid.isEmpty() ? "" : " (" + flavor.gtidStateName() + " " + a.finalGtid + ")"));
        log.phase(a, "fence-proven");
        return last;
    }

    /** A write after the fence by a writer it did not stop. */
    static final class FenceBroken extends Exception {
        FenceBroken(String message) {
            super(message);
        }
    }

    /** Waits, in short server-side waits that each say where the replica is, until it has applied F. */
    void waitFor(Attempt a, Connection t, Dialect flavor, BinlogCoordinates at, Budget budget)
        throws Exception {
        out.println("== wait until the new primary has applied F = " + at);
        log.phase(a, "waiting");
        Replica replica = new Replica(t);
        while (true) {
            budget.check("waiting for the replica to apply " + at + ": " + replica.progress(at));
            int seconds = Math.min(5, budget.remainingSeconds());
            Long result = Queries.nullableNumber(t, flavor.waitForSourcePosition(at.file(), at.position(), seconds));
            if (result != null && result >= 0) {
                break;
            }
            ReplicationStatus status = replica.replicationStatus();
            if (result == null || status == null || status.failed()) {
                throw new SQLException("replication stopped before it reached " + at + ": "
                    + (status == null ? "not configured" : ReplicationErrors.explain(status)));
            }
            out.println("  " + replica.progress(at));
        }
        out.println("  applied " + at);
        log.phase(a, "caught-up");
    }

    /**
     * The final proof while both are still, within the budget: with a live verification made before the fence, only
     * what the binlogs say changed since (and the definitions); without one, or when the binlogs cannot be read back
     * that far, every table chunk by chunk.
     */
    void verify(Attempt a, Side from, Side to, Budget budget, Verified verified, BinlogCoordinates f) throws Exception {
        if (settings.verify().equals("none")) {
            out.println("== verify: skipped (verify: none)");
            return;
        }
        boolean sample = settings.verify().equals("sample");
        log.phase(a, "verifying");
        List<String> differences = null;
        if (verified != null && !sample) {
            out.println("== verify: compare " + from + " and " + to + " where the binlogs changed them since the live verification");
            try {
                FencedComparison.Outcome outcome = withinBudget(budget, () -> FencedComparison.compare(from.endpoint(),
                    to.endpoint(), verified, settings.schemas(), settings.excludeTables(), f, settings.threads(), 100_000));
                a.chunksUnderFence = outcome.compared();
                out.println("  " + outcome.compared() + " chunks compared under the fence: " + outcome.found().chunkCount()
                    + " changed since their verification (" + outcome.found().rowEvents() + " rows events read)"
                    + (outcome.found().wholeTables().isEmpty() ? "" : "; compared whole: " + outcome.found().wholeTables()));
                differences = new ArrayList<>(outcome.differences().stream().map(Object::toString).toList());
                if (!outcome.rows().isEmpty()) {
                    differences.add("rows: " + String.join("; ", outcome.rows()));
                }
            } catch (BinlogReadException e) {
                out.println("  the binlogs since the live verification cannot be read (" + e.getMessage() + "): every table is compared");
            }
        }
        if (differences == null) {
            out.println("== verify: compare " + from + " and " + to + " while both are still"
                + (sample ? ": a sample of " + SAMPLE_CHUNKS + " chunks of each table (the first, the last, others at random)" : ""));
            Checksummer checksummer = new Checksummer(from.endpoint(), to.endpoint(), settings.threads(), 100_000)
                .withoutAutoIncrementCounters();
            Checksummer comparison = sample ? checksummer.sampled(SAMPLE_CHUNKS) : checksummer;
            ChecksumReport report = withinBudget(budget, () -> comparison.compare(settings.schemas(), settings.excludeTables()));
            a.chunksUnderFence = report.chunks();
            out.println("  " + report.tables().size() + " tables, " + report.chunks() + " chunks: "
                + (report.identical() ? "identical" : report.differences().size() + " differences"));
            differences = report.differences();
        }
        if (!differences.isEmpty()) {
            throw new DataDiffers("the servers differ at F: " + String.join("; ", differences));
        }
        log.phase(a, "verified");
    }

    /** Runs a comparison on a thread of its own, given up when the budget runs out. */
    private <T> T withinBudget(Budget budget, Callable<T> comparison) throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "cutover-verify");
            thread.setDaemon(true); // a comparison that ignores its interrupt never holds the JVM
            return thread;
        });
        try {
            Future<T> compared = worker.submit(comparison);
            try {
                return compared.get(budget.remaining().toMillis() + 1, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                compared.cancel(true);
                throw new Budget.Exceeded("the time budget of " + settings.budget().toSeconds() + " s ran out while comparing "
                    + "the servers (cutover.verify: sample compares a bounded part, none skips the comparison)");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        } finally {
            // Not waited for: the budget is the write stop's, and the rollback must not wait on a query the driver
            // may not give up. The worker is a daemon thread; its connections close with the comparison or at exit.
            worker.shutdownNow();
        }
    }

    /**
     * Replication stops exactly at F; the application accounts are unlocked on the new primary before T0 is read,
     * so that neither that change nor the fence's lock ever replicates back; T0 is the position after them.
     */
    void stopReplication(Attempt a, Connection t, Dialect flavor, BinlogCoordinates at, Budget budget)
        throws Exception {
        budget.check("about to stop replication");
        Side to = a.direction.equals("forward") ? target : source;
        out.println("== stop replication on " + to + ", record T0");
        for (Account account : settings.accounts()) {
            if (Boolean.TRUE.equals(Fence.locked(t, account))) {
                a.unlockedOnNewPrimary.add(account.toString());
            }
        }
        log.phase(a, "stopping-replication");
        try (Statement s = t.createStatement()) {
            s.execute(a.newPrimaryRds ? flavor.rdsReplication(false) : flavor.stopReplica());
        }
        ReplicationStatus status = new Replica(t).replicationStatus();
        if (status == null || status.applied() == null || status.applied().isBefore(at)) {
            throw new SQLException("replication stopped at " + (status == null ? "?" : status.applied()) + ", before F = " + at);
        }
        Fence.keepOutOfBinlog(t);
        Fence.setLocked(t, flavor, a.unlockedOnNewPrimary, false);
        BinlogCoordinates t0 = Replica.currentPosition(t);
        a.t0 = t0.toString();
        a.t0Gtid = ServerInfo.read(t).gtidState(t);
        out.println("  stopped at F = " + at + (a.unlockedOnNewPrimary.isEmpty() ? "" : "; unlocked " + a.unlockedOnNewPrimary)
            + "; T0 = " + t0 + (a.t0Gtid.isEmpty() ? "" : " (" + flavor.gtidStateName() + " " + a.t0Gtid + ")"));
        log.phase(a, "replication-stopped");
    }

    /** The old primary replicates from the new one at T0; it must be running before the new primary opens. */
    void armReverse(Attempt a, Connection f, Dialect flavor, Side to, Budget budget) throws Exception {
        budget.check("about to arm the way back");
        out.println("== arm the way back: the old primary replicates from " + to.address() + " at T0 = " + a.t0);
        log.phase(a, "arming-reverse");
        ReplicationSource settings = reverseSource(to, BinlogCoordinates.parse(a.t0), this.settings.replicationPassword());
        if (a.oldPrimaryRds) {
            try (Statement s = f.createStatement()) {
                s.execute(flavor.rdsSetExternalSource(settings.host(), settings.port(), settings.user(),
                    settings.password().reveal(), settings.at().file(), settings.at().position(),
                    settings.tls().enabled()));
                s.execute(flavor.rdsReplication(true));
            } catch (SQLException e) {
                String message = settings.password().isEmpty() ? e.getMessage() : e.getMessage().replace(settings.password().reveal(), "****");
                throw new SQLException("configuring the way back failed: " + message, e.getSQLState(), e.getErrorCode());
            }
        } else {
            // From RDS or Aurora, the way back must skip their own writes to mysql.rds_* tables, as provision does.
            new Replica(f).start(settings, a.newPrimaryRds, false, null, ParallelApply.keep());
        }
        Replica reverse = new Replica(f);
        long deadline = System.nanoTime() + Math.min(budget.remaining().toNanos(), TimeUnit.SECONDS.toNanos(30));
        ReplicationStatus status = reverse.replicationStatus();
        while (status == null || !"Yes".equals(status.ioRunning()) || !"Yes".equals(status.sqlRunning())) {
            if (status != null && (status.ioErrno() != 0 || status.sqlErrno() != 0 || "No".equals(status.sqlRunning()))) {
                throw new SQLException("the way back does not run: " + ReplicationErrors.explain(status));
            }
            if (System.nanoTime() > deadline) {
                throw new Budget.Exceeded("the way back did not connect within the budget: " + (status == null ? "not configured" : status));
            }
            Thread.sleep(200);
            status = reverse.replicationStatus();
        }
        out.println("  the old primary replicates from " + to.address() + ": " + status);
        log.phase(a, "reverse-armed");
    }

    private ReplicationSource reverseSource(Side to, BinlogCoordinates at, Secret password) {
        return new ReplicationSource(to.address().host(), to.address().port(), settings.replicationUser(), password, at,
            settings.replicationTls(), settings.connectRetry(), settings.heartbeat(), false);
    }
}
