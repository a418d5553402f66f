package offramp.cutover;

import com.fasterxml.jackson.databind.JsonNode;
import offramp.binlog.BinlogCoordinates;
import offramp.pipeline.Check;
import offramp.pipeline.Config;
import offramp.pipeline.ConfigLoader;
import offramp.pipeline.DataDiffers;
import offramp.pipeline.Journal;
import offramp.pipeline.Refused;
import offramp.replication.Replica;
import offramp.replication.ReplicationErrors;
import offramp.replication.ReplicationSource;
import offramp.replication.ReplicationStatus;
import offramp.server.Account;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.server.Flavor;
import offramp.server.Secret;
import offramp.server.ServerIdentity;
import offramp.server.ServerInfo;
import offramp.verify.ChecksumReport;
import offramp.verify.Checksummer;
import offramp.workdir.WorkDirectory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code offramp cutover}: moves the writes from the current primary to its replica. Preflight; fence the old
 * primary (application accounts locked, read_only, their sessions ended); prove the fence (its binlog stands
 * still); record its final position F; wait until the replica has applied F; compare both while they are still;
 * stop replication and record the new primary's position T0; arm the way back (the old primary replicates from
 * T0); open the new primary and run the switch command. Steps from the fence to the way back share one time
 * budget and are undone in reverse order on any failure. Every change is journalled in {@code cutover.json}
 * before it is made: a rerun after a kill rolls back an attempt that had not begun to open the new primary, and
 * completes one that had, so the two servers are never both writable, nor both closed, once a run has ended.
 */
public final class Cutover {

    /** Where the journal is kept in the work directory. */
    public static final String JOURNAL = "cutover.json";
    /** Test seam: the phase after whose journal record the run stops for a while, so that a test can kill it there. */
    static final String PAUSE_PROPERTY = "offramp.cutover.pause-after";

    /** What a finished cutover did. */
    public record Summary(String direction, String oldPrimary, String newPrimary, double writesStoppedSeconds,
                          String finalPosition, String t0, String reverseReplication, String goBack, String switchResult) {
    }

    /** The attempt was rolled back; both servers are as they were before it. */
    public static final class RolledBack extends Exception {
        public RolledBack(String message) {
            super(message);
        }
    }

    private final Path workDir;
    private final PrintStream out;
    private final Side source;
    private final Side target;
    private final CutoverSettings settings;

    /** The command line that reruns this cutover, for its guard; null for no guard. */
    private List<String> rerunArguments;

    /** Has a guard process watch over each attempt, rerunning it with these arguments if offramp dies. */
    public Cutover guardedBy(List<String> arguments) {
        this.rerunArguments = List.copyOf(arguments);
        return this;
    }

    /**
     * {@code --recover-orphaned}, what the guard runs: waits until offramp's pipe closes; unless offramp said the
     * attempt is over, takes the work directory's lock once offramp has let go of it and finishes the attempt as a
     * rerun would (rolled back before the commit, completed after it).
     */
    public void recoverOrphaned(java.io.InputStream fromOfframp) throws Exception {
        String said = new String(fromOfframp.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        if (said.equals(CutoverGuard.OVER)) {
            return;
        }
        out.println(Instant.now() + " offramp's cutover process ended with an attempt in flight: finishing it as a rerun would");
        WorkDirectory lock = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lock == null) {
            try {
                lock = WorkDirectory.lock(workDir);
            } catch (offramp.workdir.WorkDirectoryInUse held) {
                if (System.nanoTime() > deadline) {
                    out.println("the work directory stayed locked for 60 s (" + held.getMessage() + "): leaving the attempt to that process");
                    return;
                }
                Thread.sleep(200);
            }
        }
        try (WorkDirectory ignored = lock) {
            Journal journal = Journal.open(workDir, JOURNAL);
            Attempt interrupted = attempt(journal);
            if (interrupted == null) {
                out.println("nothing in flight: the attempt was finished meanwhile");
                return;
            }
            finishInterrupted(journal, interrupted);
        }
    }

    public Cutover(Config config, Path configFile, PrintStream out, CutoverSettings.Overrides overrides) {
        this.out = out;
        this.workDir = ConfigLoader.resolve(configFile, config.workDir() == null ? "offramp-work" : config.workDir());
        Endpoint s = ConfigLoader.endpoint("source", config.source(), configFile);
        Endpoint t = ConfigLoader.endpoint("target", config.target(), configFile);
        this.source = new Side("source", s, ReplicationSource.Address.of(s.uri(), config.replication().sourceHost()));
        this.target = new Side("target", t, ReplicationSource.Address.of(t.uri(),
            config.cutover() == null ? null : config.cutover().targetHost()));
        this.settings = CutoverSettings.of(config, ConfigLoader.replicationPassword(config, configFile, s.uri()),
            ConfigLoader.replicationTls(config.replication().tls()), overrides);
    }

    // ---- the commands ----

    /** {@code --plan}: preflight and every step with its statements; changes nothing. True when preflight passed. */
    public boolean plan(boolean reverse) throws Exception {
        Journal journal = Journal.open(workDir, JOURNAL);
        Side from = reverse ? target : source;
        Side to = reverse ? source : target;
        if (attempt(journal) != null) {
            out.println("an interrupted cutover is in " + workDir.resolve(JOURNAL) + ": running the command finishes it first");
        }
        List<Check> checks;
        try (Connection f = Connections.open(from.endpoint()); Connection t = Connections.open(to.endpoint())) {
            checks = new CutoverPreflight(from, to, settings).run(f, t);
            checks.forEach(c -> out.println("  " + c.line()));
            new CutoverPlan(from, to, settings, out).print(ServerInfo.read(f).flavor(), ServerInfo.read(t).flavor(),
                Fence.isRds(f), Fence.isRds(t));
        }
        boolean ready = checks.stream().noneMatch(c -> !c.passed() && c.fatal());
        out.println(ready ? "ready: offramp cutover" + (reverse ? " --reverse" : "") : "not ready: fix the FAIL lines first");
        return ready;
    }

    /** Moves the writes: to the target, or with {@code reverse} back to the source. */
    public Summary run(boolean reverse) throws Exception {
        try (WorkDirectory ignored = WorkDirectory.lock(workDir)) {
            Journal journal = Journal.open(workDir, JOURNAL);
            trustServers(journal);
            String direction = reverse ? "reverse" : "forward";
            Attempt interrupted = attempt(journal);
            if (interrupted != null) {
                Summary finished = finishInterrupted(journal, interrupted);
                if (!interrupted.direction.equals(direction)) {
                    throw new IllegalStateException("finished the interrupted " + interrupted.direction + " cutover first; "
                        + "run the command again for the " + direction + " one");
                }
                return finished;
            }
            Side from = reverse ? target : source;
            Side to = reverse ? source : target;
            String primary = primary(journal);
            if (primary.equals(to.name())) {
                out.println("nothing to do: " + to + " is already the primary (" + workDir.resolve(JOURNAL) + ")");
                JsonNode last = journal.fact("last-summary");
                return last.isMissingNode() ? null : Journal.as(last, Summary.class);
            }
            if (!journal.fact("completed").isMissingNode()) {
                throw new Refused("the cutover was completed (--complete): " + to + " no longer replicates from " + from
                    + ", so there is no way back to switch to");
            }
            return attempt(journal, direction, from, to);
        }
    }

    /** {@code --complete}: the one irreversible step; the old primary stops replicating from the new one. */
    public String complete() throws Exception {
        try (WorkDirectory ignored = WorkDirectory.lock(workDir)) {
            Journal journal = Journal.open(workDir, JOURNAL);
            trustServers(journal);
            if (attempt(journal) != null) {
                throw new IllegalStateException("an interrupted cutover is in " + workDir.resolve(JOURNAL)
                    + ": run offramp cutover (or --reverse) again to finish it first");
            }
            if (journal.fact("primary").isMissingNode()) {
                throw new Refused("nothing to complete: no cutover has been made from " + workDir);
            }
            Side primary = primary(journal).equals("target") ? target : source;
            Side old = primary == target ? source : target;
            try (Connection o = Connections.open(old.endpoint())) {
                ReplicationStatus status = new Replica(o).replicationStatus();
                if (status != null && status.sourceHost() != null && !(primary.address().host().equalsIgnoreCase(status.sourceHost())
                    && primary.address().port() == status.sourcePort())) {
                    throw new Refused(old + " replicates from " + status.sourceHost() + ":" + status.sourcePort() + ", not from "
                        + primary + ": offramp leaves that replication alone");
                }
                if (status != null) {
                    removeReplication(o, ServerInfo.read(o).flavor(), Fence.isRds(o));
                }
            }
            journal.note("completed", Map.of("primary", primary.name(), "at", Instant.now().toString()));
            String done = "completed: " + old + " no longer replicates from " + primary + "; there is no way back any more";
            out.println(done);
            return done;
        }
    }

    // ---- one attempt ----

    private Summary attempt(Journal journal, String direction, Side from, Side to) throws Exception {
        out.println("== preflight (" + from + " -> " + to + ")");
        Attempt a = new Attempt();
        a.direction = direction;
        CutoverGuard guard = CutoverGuard.start(rerunArguments, workDir, out);
        try {
            try (Connection f = Connections.open(from.endpoint()); Connection t = Connections.open(to.endpoint())) {
                List<Check> checks = new CutoverPreflight(from, to, settings).run(f, t);
                checks.forEach(c -> out.println("  " + c.line()));
                List<Check> failed = checks.stream().filter(c -> !c.passed() && c.fatal()).toList();
                if (!failed.isEmpty()) {
                    throw new Refused("preflight failed, nothing was changed: " + String.join("; ", failed.stream().map(Check::line).toList()));
                }
                Flavor ff = ServerInfo.read(f).flavor();
                Flavor tf = ServerInfo.read(t).flavor();
                a.oldPrimaryRds = Fence.isRds(f);
                a.newPrimaryRds = Fence.isRds(t);
                a.newReadOnlyWas = Fence.readOnly(t, tf).readOnly();
                Budget budget = new Budget(settings.budget());
                BinlogCoordinates finalPosition;
                try {
                    fence(journal, a, f, ff, budget);
                    finalPosition = proveFence(journal, a, f, ff, budget);
                    waitFor(journal, a, t, tf, finalPosition, budget);
                    verify(journal, a, from, to, budget);
                    stopReplication(journal, a, t, tf, finalPosition, budget);
                    if (settings.reverse()) {
                        armReverse(journal, a, f, ff, to, budget);
                    }
                    budget.check("the way back was armed");
                } catch (Exception e) {
                    String why = e.getMessage() == null ? e.toString() : e.getMessage();
                    rollback(journal, a, from, to, why);
                    String message = "the cutover was rolled back: " + why + "; " + from + " takes writes again, " + to
                        + " replicates from it as before";
                    if (e instanceof DataDiffers) {
                        throw new DataDiffers(message);
                    }
                    throw new RolledBack(message);
                }
            }
            return finish(journal, a, from, to);
        } finally {
            guard.release(attempt(journal) == null);
        }
    }

    /** The application accounts are locked, read_only set, their sessions ended: each change journalled first. */
    private void fence(Journal journal, Attempt a, Connection f, Flavor flavor, Budget budget) throws Exception {
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
        phase(journal, a, "fencing");
        for (String account : a.lockedOnOldPrimary) {
            Fence.setLocked(f, flavor, Account.parse(account), true);
            out.println("  locked " + account);
        }
        Fence.ReadOnly wanted = new Fence.ReadOnly(true, !flavor.isMariaDb());
        if (!was.equals(wanted)) {
            a.readOnlySet = Fence.setReadOnly(f, flavor, wanted, budget.remaining());
            out.println(a.readOnlySet ? "  " + String.join("; ", flavor.setReadOnly(true, !flavor.isMariaDb()))
                : "  read_only may not be set by this account (RDS, Aurora: the parameter group's): the locked accounts fence it");
        }
        List<String> users = settings.accounts().stream().map(Account::user).distinct().toList();
        List<Long> sessions = Fence.sessionsOf(f, users);
        for (long id : sessions) {
            Fence.kill(f, flavor, id, a.oldPrimaryRds);
        }
        out.println("  ended " + sessions.size() + " session(s) of " + users + (a.oldPrimaryRds ? " with mysql.rds_kill" : ""));
        phase(journal, a, "fenced");
    }

    /** The fence holds when the binlog stands still for the proof's seconds; F is where it stands. */
    private BinlogCoordinates proveFence(Journal journal, Attempt a, Connection f, Flavor flavor, Budget budget) throws Exception {
        out.println("== prove the fence: the binlog must stand still for " + settings.fenceProofSeconds() + " s");
        phase(journal, a, "proving-fence");
        BinlogCoordinates last = Replica.currentPosition(f);
        long stillSince = System.nanoTime();
        while (System.nanoTime() - stillSince < TimeUnit.SECONDS.toNanos(settings.fenceProofSeconds())) {
            try {
                budget.check("proving the fence: the binlog still moved at " + last);
            } catch (Budget.Exceeded e) {
                throw new Budget.Exceeded(e.getMessage() + "; still writing: " + Fence.busySessions(f, 0));
            }
            Thread.sleep(200);
            BinlogCoordinates now = Replica.currentPosition(f);
            if (!now.equals(last)) {
                out.println("  the binlog moved from " + last + " to " + now + ": waiting for it to stand still");
                last = now;
                stillSince = System.nanoTime();
            }
        }
        a.finalPosition = last.toString();
        a.finalGtid = ServerInfo.read(f).gtidState(f);
        out.println("  F = " + last + (a.finalGtid.isEmpty() ? "" : " (" + flavor.gtidStateName() + " " + a.finalGtid + ")"));
        phase(journal, a, "fence-proven");
        return last;
    }

    /** Waits, in short server-side waits that each say where the replica is, until it has applied F. */
    private void waitFor(Journal journal, Attempt a, Connection t, Flavor flavor, BinlogCoordinates at, Budget budget)
        throws Exception {
        out.println("== wait until the new primary has applied F = " + at);
        phase(journal, a, "waiting");
        Replica replica = new Replica(t);
        while (true) {
            budget.check("waiting for the replica to apply " + at + ": " + replica.progress(at));
            int seconds = Math.min(5, budget.remainingSeconds());
            try (Statement s = t.createStatement();
                 ResultSet rs = s.executeQuery(flavor.waitForSourcePosition(at.file(), at.position(), seconds))) {
                rs.next();
                long result = rs.getLong(1);
                if (!rs.wasNull() && result >= 0) {
                    break;
                }
                ReplicationStatus status = replica.replicationStatus();
                if (rs.wasNull() || status == null || status.failed()) {
                    throw new SQLException("replication stopped before it reached " + at + ": "
                        + (status == null ? "not configured" : ReplicationErrors.explain(status)));
                }
                out.println("  " + replica.progress(at));
            }
        }
        out.println("  applied " + at);
        phase(journal, a, "caught-up");
    }

    /** The final proof while both are still: every table compared chunk by chunk, within the budget. */
    /** Chunks of each table that {@code verify: sample} compares. */
    private static final int SAMPLE_CHUNKS = 8;

    private void verify(Journal journal, Attempt a, Side from, Side to, Budget budget) throws Exception {
        if (settings.verify().equals("none")) {
            out.println("== verify: skipped (verify: none)");
            return;
        }
        boolean sample = settings.verify().equals("sample");
        out.println("== verify: compare " + from + " and " + to + " while both are still"
            + (sample ? ": a sample of " + SAMPLE_CHUNKS + " chunks of each table (the first, the last, others at random)" : ""));
        phase(journal, a, "verifying");
        Checksummer checksummer = new Checksummer(from.endpoint(), to.endpoint(), settings.threads(), 100_000)
            .withoutAutoIncrementCounters();
        Checksummer comparison = sample ? checksummer.sampled(SAMPLE_CHUNKS) : checksummer;
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            Future<ChecksumReport> compared = worker.submit(() -> comparison.compare(settings.schemas(), settings.excludeTables()));
            ChecksumReport report;
            try {
                report = compared.get(budget.remaining().toMillis() + 1, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                compared.cancel(true);
                throw new Budget.Exceeded("the time budget of " + settings.budget().toSeconds() + " s ran out while comparing "
                    + "the servers (cutover.verify: sample compares a bounded part, none skips the comparison)");
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            out.println("  " + report.tables().size() + " tables, " + report.chunks() + " chunks: "
                + (report.identical() ? "identical" : report.differences().size() + " differences"));
            if (!report.identical()) {
                throw new DataDiffers("the servers differ at F: " + String.join("; ", report.differences()));
            }
        } finally {
            worker.shutdownNow();
        }
        phase(journal, a, "verified");
    }

    /**
     * Replication stops exactly at F; the application accounts are unlocked on the new primary before T0 is read,
     * so that neither that change nor the fence's lock ever replicates back; T0 is the position after them.
     */
    private void stopReplication(Journal journal, Attempt a, Connection t, Flavor flavor, BinlogCoordinates at, Budget budget)
        throws Exception {
        budget.check("about to stop replication");
        Side to = a.direction.equals("forward") ? target : source;
        out.println("== stop replication on " + to + ", record T0");
        for (Account account : settings.accounts()) {
            if (Boolean.TRUE.equals(Fence.locked(t, account))) {
                a.unlockedOnNewPrimary.add(account.toString());
            }
        }
        phase(journal, a, "stopping-replication");
        try (Statement s = t.createStatement()) {
            s.execute(a.newPrimaryRds ? flavor.rdsReplication(false) : flavor.stopReplica());
        }
        ReplicationStatus status = new Replica(t).replicationStatus();
        if (status == null || status.applied() == null || status.applied().isBefore(at)) {
            throw new SQLException("replication stopped at " + (status == null ? "?" : status.applied()) + ", before F = " + at);
        }
        Fence.keepOutOfBinlog(t);
        changeAccounts(t, flavor, a.unlockedOnNewPrimary, false);
        BinlogCoordinates t0 = Replica.currentPosition(t);
        a.t0 = t0.toString();
        a.t0Gtid = ServerInfo.read(t).gtidState(t);
        out.println("  stopped at F = " + at + (a.unlockedOnNewPrimary.isEmpty() ? "" : "; unlocked " + a.unlockedOnNewPrimary)
            + "; T0 = " + t0 + (a.t0Gtid.isEmpty() ? "" : " (" + flavor.gtidStateName() + " " + a.t0Gtid + ")"));
        phase(journal, a, "replication-stopped");
    }

    /** The old primary replicates from the new one at T0; it must be running before the new primary opens. */
    private void armReverse(Journal journal, Attempt a, Connection f, Flavor flavor, Side to, Budget budget) throws Exception {
        budget.check("about to arm the way back");
        out.println("== arm the way back: the old primary replicates from " + to.address() + " at T0 = " + a.t0);
        phase(journal, a, "arming-reverse");
        ReplicationSource settings = reverseSource(to, BinlogCoordinates.parse(a.t0), this.settings.replicationPassword());
        if (a.oldPrimaryRds) {
            try (Statement s = f.createStatement()) {
                s.execute(flavor.rdsSetExternalSource(settings.host(), settings.port(), settings.user(),
                    settings.password().reveal(), settings.at().file(), settings.at().position(),
                    settings.tls().mode() != ReplicationSource.Tls.Mode.DISABLED));
                s.execute(flavor.rdsReplication(true));
            } catch (SQLException e) {
                String message = settings.password().isEmpty() ? e.getMessage() : e.getMessage().replace(settings.password().reveal(), "****");
                throw new SQLException("configuring the way back failed: " + message, e.getSQLState(), e.getErrorCode());
            }
        } else {
            // From RDS or Aurora, the way back must skip their own writes to mysql.rds_* tables, as provision does.
            new Replica(f).start(settings, a.newPrimaryRds, false, null, offramp.replication.ParallelApply.keep());
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
        phase(journal, a, "reverse-armed");
    }

    private ReplicationSource reverseSource(Side to, BinlogCoordinates at, Secret password) {
        return new ReplicationSource(to.address().host(), to.address().port(), settings.replicationUser(), password, at,
            settings.replicationTls(), settings.connectRetry(), settings.heartbeat(), false);
    }

    // ---- the point of no return, and after ----

    /** Opens the new primary and runs the switch command; journalled as committed first, so a rerun completes it. */
    private Summary finish(Journal journal, Attempt a, Side from, Side to) throws Exception {
        if (!a.committed) {
            a.committed = true;
            phase(journal, a, "opening");
        }
        String switchFailure = null;
        try (Connection t = Connections.open(to.endpoint())) {
            Flavor tf = ServerInfo.read(t).flavor();
            if (!a.reached("opened")) {
                out.println("== open " + to + " for writes");
                if (Fence.readOnly(t, tf).readOnly()) {
                    if (!Fence.setReadOnly(t, tf, new Fence.ReadOnly(false, false), Duration.ofSeconds(30))) {
                        throw new SQLException(to + " is read_only and this account may not change it (RDS, Aurora: set "
                            + "read_only = 0 in its parameter group); rerun the same command once it is writable");
                    }
                    out.println("  " + String.join("; ", tf.setReadOnly(false, false)));
                }
                if (new Replica(t).replicationStatus() != null) {
                    // A restart would start the old replication again, from the server that now follows this one.
                    removeReplication(t, tf, a.newPrimaryRds);
                    out.println("  " + (a.newPrimaryRds ? tf.rdsResetExternalSource() : tf.resetReplicaAll()));
                }
                a.openedAtMillis = System.currentTimeMillis();
                phase(journal, a, "opened");
            }
        }
        if (!a.reached("switched") && settings.switchCommand() != null) {
            phase(journal, a, "switching");
            out.println("== switch: " + settings.switchCommand());
            try {
                a.switchResult = SwitchCommand.run(settings.switchCommand(), settings.switchTimeout(), Map.of(
                    "OFFRAMP_NEW_PRIMARY", to.endpoint().uri().host() + ":" + to.endpoint().uri().port(),
                    "OFFRAMP_OLD_PRIMARY", from.endpoint().uri().host() + ":" + from.endpoint().uri().port(),
                    "OFFRAMP_DIRECTION", a.direction), out);
            } catch (Exception e) {
                switchFailure = e.getMessage();
                a.switchResult = "failed: " + switchFailure;
            }
            phase(journal, a, "switched");
        }
        Summary summary = summary(a, from, to);
        journal.note("primary", to.name());
        journal.note("last-summary", summary);
        archive(journal, a, "done");
        CutoverReport.print(summary, out);
        CutoverReport.write(summary, a.phaseSeconds(), workDir, out);
        if (switchFailure != null) {
            throw new IllegalStateException("the cutover is done and " + to + " takes writes, but the switch command failed: "
                + switchFailure + "; move the application by hand");
        }
        return summary;
    }

    private Summary summary(Attempt a, Side from, Side to) {
        String reverseState = "not armed (--no-reverse)";
        if (settings.reverse()) {
            try (Connection f = Connections.open(from.endpoint())) {
                ReplicationStatus s = new Replica(f).replicationStatus();
                reverseState = s == null ? "not configured" : s + (s.secondsBehind() == null ? "" : ", " + s.secondsBehind() + " s behind");
            } catch (SQLException e) {
                reverseState = "unknown: " + e.getMessage();
            }
        }
        double stopped = ((a.openedAtMillis == 0 ? System.currentTimeMillis() : a.openedAtMillis) - a.fencedAtMillis) / 1000.0;
        return new Summary(a.direction, from.toString(), to.toString(), stopped, a.finalPosition, a.t0, reverseState,
            settings.reverse() ? "offramp cutover --config <offramp.yaml>" + (a.direction.equals("forward") ? " --reverse" : "")
                : "no way back was armed", a.switchResult);
    }

    // ---- rollback and recovery ----

    /** Undoes, in reverse order, whatever the journal says the attempt may have changed; each undo is idempotent. */
    private void rollback(Journal journal, Attempt a, Side from, Side to, String why) throws Exception {
        out.println("== roll back: " + why);
        a.rollingBack = why;
        save(journal, a);
        try (Connection f = Connections.open(from.endpoint()); Connection t = Connections.open(to.endpoint())) {
            Flavor ff = ServerInfo.read(f).flavor();
            Flavor tf = ServerInfo.read(t).flavor();
            if (a.reached("arming-reverse")) {
                removeReplication(f, ff, a.oldPrimaryRds);
                out.println("  the way back removed from " + from);
            }
            if (a.reached("stopping-replication")) {
                Fence.keepOutOfBinlog(t);
                changeAccounts(t, tf, a.unlockedOnNewPrimary, true);
                ReplicationStatus s = new Replica(t).replicationStatus();
                if (s != null && !s.running()) {
                    try (Statement st = t.createStatement()) {
                        st.execute(a.newPrimaryRds ? tf.rdsReplication(true) : tf.startReplica());
                    }
                }
                out.println("  " + to + " replicates from " + from + " again");
            }
            if (a.newReadOnlyWas && !Fence.readOnly(t, tf).readOnly()) {
                Fence.setReadOnly(t, tf, new Fence.ReadOnly(true, !tf.isMariaDb()), Duration.ofSeconds(30));
            }
            if (a.reached("fencing")) {
                if (a.outOfBinlog) {
                    Fence.keepOutOfBinlog(f);
                }
                changeAccounts(f, ff, a.lockedOnOldPrimary, false);
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
        archive(journal, a, "rolled back");
    }

    /** A rerun finds an attempt a kill interrupted: it completes one that had begun to open, and rolls back the rest. */
    private Summary finishInterrupted(Journal journal, Attempt a) throws Exception {
        Side from = a.direction.equals("forward") ? source : target;
        Side to = a.direction.equals("forward") ? target : source;
        out.println("an interrupted " + a.direction + " cutover is in " + workDir.resolve(JOURNAL) + " at '" + a.phase + "'");
        if (a.committed) {
            out.println("it had begun to open " + to + ": completing it");
            return finish(journal, a, from, to);
        }
        String why = a.rollingBack != null ? a.rollingBack : "the run was interrupted at '" + a.phase + "'";
        rollback(journal, a, from, to, why);
        throw new RolledBack("the interrupted cutover was rolled back (" + why + "): " + from + " takes writes again; "
            + "run the command again to try the cutover anew");
    }

    // ---- the servers' replication and accounts ----

    /** Stops and forgets replication, with RDS's procedures where the account may not use the statements. */
    private static void removeReplication(Connection c, Flavor flavor, boolean rds) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (rds) {
                s.execute(flavor.rdsReplication(false));
                s.execute(flavor.rdsResetExternalSource());
            } else {
                s.execute(flavor.stopReplica());
                s.execute(flavor.resetReplicaAll());
            }
        }
    }

    /**
     * Locks or unlocks accounts. MySQL's super_read_only refuses ALTER USER even to SUPER, so it is lifted for the
     * change (read_only stays on, which holds the application back) and put back.
     */
    private static void changeAccounts(Connection c, Flavor flavor, List<String> accounts, boolean lock) throws SQLException {
        if (accounts.isEmpty()) {
            return;
        }
        Fence.ReadOnly was = Fence.readOnly(c, flavor);
        if (was.superReadOnly()) {
            Fence.setReadOnly(c, flavor, new Fence.ReadOnly(true, false), Duration.ofSeconds(30));
        }
        try {
            for (String account : accounts) {
                Fence.setLocked(c, flavor, Account.parse(account), lock);
            }
        } finally {
            if (was.superReadOnly()) {
                Fence.setReadOnly(c, flavor, was, Duration.ofSeconds(30));
            }
        }
    }

    // ---- the journal ----

    private void phase(Journal journal, Attempt a, String phase) throws IOException {
        a.phase = phase;
        a.phaseAtMillis.putIfAbsent(phase, System.currentTimeMillis());
        save(journal, a);
        if (phase.equals(System.getProperty(PAUSE_PROPERTY))) {
            out.println("paused after '" + phase + "' (" + PAUSE_PROPERTY + ")");
            out.flush();
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void save(Journal journal, Attempt a) throws IOException {
        journal.note("attempt", a);
    }

    private static Attempt attempt(Journal journal) {
        JsonNode node = journal.fact("attempt");
        return node.isMissingNode() || node.isNull() ? null : Journal.as(node, Attempt.class);
    }

    private static String primary(Journal journal) {
        JsonNode p = journal.fact("primary");
        return p.isMissingNode() ? "source" : p.asText();
    }

    /** The attempt's record joins the history; the journal then holds no attempt in flight. */
    private static void archive(Journal journal, Attempt a, String outcome) throws IOException {
        List<Object> history = new ArrayList<>();
        journal.fact("history").forEach(history::add);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("direction", a.direction);
        entry.put("outcome", outcome);
        entry.put("at", Instant.now().toString());
        entry.put("phase", a.phase);
        if (a.rollingBack != null) {
            entry.put("why", a.rollingBack);
        }
        entry.put("final-position", a.finalPosition);
        entry.put("t0", a.t0);
        history.add(entry);
        journal.note("history", history);
        journal.forget("attempt");
    }

    /** The journal speaks of the servers it was written for: a rerun against others is refused. */
    private void trustServers(Journal journal) throws Exception {
        Map<String, ServerIdentity> now = new LinkedHashMap<>();
        for (Side side : List.of(source, target)) {
            try (Connection c = Connections.open(side.endpoint())) {
                now.put(side.name(), ServerIdentity.read(c, side.endpoint().uri()));
            }
        }
        JsonNode recorded = journal.fact("servers");
        if (recorded.isMissingNode()) {
            journal.note("servers", now);
            return;
        }
        List<String> changes = new ArrayList<>();
        for (Map.Entry<String, ServerIdentity> e : now.entrySet()) {
            changes.addAll(e.getValue().changesSince(Journal.as(recorded.path(e.getKey()), ServerIdentity.class), e.getKey()));
        }
        if (!changes.isEmpty()) {
            throw new IllegalStateException(workDir.resolve(JOURNAL) + " was written for other servers: "
                + String.join("; ", changes) + ". Use the work directory of these servers");
        }
    }
}
