package offramp.cutover;

import offramp.binlog.BinlogCoordinates;
import offramp.pipeline.Check;
import offramp.pipeline.Config;
import offramp.pipeline.ConfigLoader;
import offramp.pipeline.DataDiffers;
import offramp.pipeline.Journal;
import offramp.pipeline.Refused;
import offramp.replication.Replica;
import offramp.replication.ReplicationSource;
import offramp.replication.ReplicationStatus;
import offramp.server.Connections;
import offramp.server.Dialect;
import offramp.server.Endpoint;
import offramp.server.ServerIdentity;
import offramp.server.ServerInfo;
import offramp.verify.live.Verified;
import offramp.workdir.WorkDirectory;
import offramp.workdir.WorkDirectoryInUse;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code offramp cutover}: moves the writes from the current primary to its replica. Preflight; fence the old
 * primary (application accounts locked, read_only, their sessions ended); prove the fence (its binlog holds no
 * write but the server's own heartbeats); record its final position F; wait until the replica has applied F; compare both while they are still;
 * stop replication and record the new primary's position T0; arm the way back (the old primary replicates from
 * T0); open the new primary and run the switch command. Steps from the fence to the way back share one time
 * budget and are undone in reverse order on any failure. Every change is journalled in {@code cutover.json}
 * before it is made: a rerun after a kill rolls back an attempt that had not begun to open the new primary, and
 * completes one that had, so the two servers are never both writable, nor both closed, once a run has ended.
 */
public final class Cutover {

    /** Where the journal is kept in the work directory. */
    public static final String JOURNAL = "cutover.json";

    /** What a finished cutover did. */
    public record Summary(String direction, String oldPrimary, String newPrimary, double writesStoppedSeconds,
                          String finalPosition, String t0, String reverseReplication, String goBack, String switchResult,
                          int chunksComparedUnderFence, double estimatedSeconds, Map<String, String> writeStopPhases) {
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
    /** A live verification at most this old is reused before the fence; null or zero: one is always run. */
    private Duration verifiedWithin;

    /** Has a guard process watch over each attempt, rerunning it with these arguments if offramp dies. */
    public Cutover guardedBy(List<String> arguments) {
        this.rerunArguments = List.copyOf(arguments);
        return this;
    }

    /** Reuses a live verification at most this old instead of running one before the fence. */
    public Cutover verifiedWithin(Duration age) {
        this.verifiedWithin = age;
        return this;
    }

    /**
     * {@code --recover-orphaned}, what the guard runs: waits until offramp's pipe closes; unless offramp said the
     * attempt is over, takes the work directory's lock once offramp has let go of it and finishes the attempt as a
     * rerun would (rolled back before the commit, completed after it).
     */
    public void recoverOrphaned(InputStream fromOfframp) throws Exception {
        String said = new String(fromOfframp.readAllBytes(), StandardCharsets.UTF_8).trim();
        if (said.equals(CutoverGuard.OVER)) {
            return;
        }
        out.println(Instant.now() + " offramp's cutover process ended without saying its attempt was over: looking for it in "
            + workDir.resolve(JOURNAL));
        WorkDirectory lock = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lock == null) {
            try {
                lock = WorkDirectory.lock(workDir);
            } catch (WorkDirectoryInUse held) {
                if (System.nanoTime() > deadline) {
                    out.println("the work directory stayed locked for 60 s (" + held.getMessage() + "): leaving the attempt to that process");
                    return;
                }
                Thread.sleep(200);
            }
        }
        try (WorkDirectory ignored = lock) {
            AttemptLog log = new AttemptLog(Journal.open(workDir, JOURNAL), out);
            Attempt interrupted = log.inFlight();
            if (interrupted == null) {
                out.println("nothing in flight: the attempt was finished meanwhile");
                return;
            }
            out.println("an attempt is in flight: finishing it as a rerun would");
            finishInterrupted(log, interrupted);
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
        Side from = reverse ? target : source;
        Side to = reverse ? source : target;
        if (new AttemptLog(Journal.open(workDir, JOURNAL), out).inFlight() != null) {
            out.println("an interrupted cutover is in " + workDir.resolve(JOURNAL) + ": running the command finishes it first");
        }
        List<Check> checks;
        try (Connection f = Connections.open(from.endpoint()); Connection t = Connections.open(to.endpoint())) {
            checks = new CutoverPreflight(from, to, settings).run(f, t);
            checks.forEach(c -> out.println("  " + c.line()));
            new CutoverPlan(from, to, settings, out).print(ServerInfo.read(f).dialect(), ServerInfo.read(t).dialect(),
                Fence.isRds(f), Fence.isRds(t));
        }
        boolean ready = checks.stream().noneMatch(c -> !c.passed() && c.fatal());
        out.println(ready ? "ready: offramp cutover" + (reverse ? " --reverse" : "") : "not ready: fix the FAIL lines first");
        return ready;
    }

    /** Moves the writes: to the target, or with {@code reverse} back to the source. */
    public Summary run(boolean reverse) throws Exception {
        try (WorkDirectory ignored = WorkDirectory.lock(workDir)) {
            AttemptLog log = new AttemptLog(Journal.open(workDir, JOURNAL), out);
            Journal journal = log.journal();
            trustServers(journal);
            String direction = reverse ? "reverse" : "forward";
            Attempt interrupted = log.inFlight();
            if (interrupted != null) {
                Summary finished = finishInterrupted(log, interrupted);
                if (!interrupted.direction.equals(direction)) {
                    throw new IllegalStateException("finished the interrupted " + interrupted.direction + " cutover first; "
                        + "run the command again for the " + direction + " one");
                }
                return finished;
            }
            Side from = reverse ? target : source;
            Side to = reverse ? source : target;
            String primary = log.primary();
            if (primary.equals(to.name())) {
                out.println("nothing to do: " + to + " is already the primary (" + workDir.resolve(JOURNAL) + ")");
                JsonNode last = journal.fact("last-summary");
                return last.isMissingNode() ? null : Journal.as(last, Summary.class);
            }
            if (!journal.fact("completed").isMissingNode()) {
                throw new Refused("the cutover was completed (--complete): " + to + " no longer replicates from " + from
                    + ", so there is no way back to switch to");
            }
            return attempt(log, direction, from, to);
        }
    }

    /** {@code --complete}: the one irreversible step; the old primary stops replicating from the new one. */
    public String complete() throws Exception {
        try (WorkDirectory ignored = WorkDirectory.lock(workDir)) {
            AttemptLog log = new AttemptLog(Journal.open(workDir, JOURNAL), out);
            Journal journal = log.journal();
            trustServers(journal);
            if (log.inFlight() != null) {
                throw new IllegalStateException("an interrupted cutover is in " + workDir.resolve(JOURNAL)
                    + ": run offramp cutover (or --reverse) again to finish it first");
            }
            if (journal.fact("primary").isMissingNode()) {
                throw new Refused("nothing to complete: no cutover has been made from " + workDir);
            }
            Side primary = log.primary().equals("target") ? target : source;
            Side old = primary == target ? source : target;
            try (Connection o = Connections.open(old.endpoint())) {
                ReplicationStatus status = new Replica(o).replicationStatus();
                if (status != null && status.sourceHost() != null && !(primary.address().host().equalsIgnoreCase(status.sourceHost())
                    && primary.address().port() == status.sourcePort())) {
                    throw new Refused(old + " replicates from " + status.sourceHost() + ":" + status.sourcePort() + ", not from "
                        + primary + ": offramp leaves that replication alone");
                }
                if (status != null) {
                    new Replica(o).forget(Fence.isRds(o));
                }
            }
            journal.note("completed", Map.of("primary", primary.name(), "at", Instant.now().toString()));
            String done = "completed: " + old + " no longer replicates from " + primary + "; there is no way back any more";
            out.println(done);
            return done;
        }
    }

    // ---- one attempt ----

    private Summary attempt(AttemptLog log, String direction, Side from, Side to) throws Exception {
        out.println("== preflight (" + from + " -> " + to + ")");
        Attempt a = new Attempt();
        a.direction = direction;
        CutoverGuard guard = CutoverGuard.start(rerunArguments, workDir, out);
        try {
            try (Connection f = Connections.open(from.endpoint()); Connection t = Connections.open(to.endpoint())) {
                CutoverPreflight preflight = new CutoverPreflight(from, to, settings);
                List<Check> checks = preflight.run(f, t);
                checks.forEach(c -> out.println("  " + c.line()));
                List<Check> failed = checks.stream().filter(c -> !c.passed() && c.fatal()).toList();
                if (!failed.isEmpty()) {
                    throw new Refused("preflight failed, nothing was changed: " + String.join("; ", failed.stream().map(Check::line).toList()));
                }
                Dialect ff = ServerInfo.read(f).dialect();
                Dialect tf = ServerInfo.read(t).dialect();
                a.estimatedSeconds = preflight.estimate().phases();
                a.oldPrimaryRds = Fence.isRds(f);
                a.newPrimaryRds = Fence.isRds(t);
                a.newReadOnlyWas = Fence.readOnly(t, tf).readOnly();
                Verified verified = settings.verify().equals("full")
                    ? LiveProof.before(from, to, direction, settings, verifiedWithin, workDir, rerunArguments, out) : null;
                if (settings.verify().equals("full") && verified == null) {
                    // Every table is compared under the fence after all: the budget must fit that, before the fence.
                    WriteStopEstimate whole = preflight.withoutLiveVerification();
                    Check fits = preflight.budgetCheck(whole);
                    out.println("  " + fits.line());
                    if (!fits.passed()) {
                        throw new Refused("nothing was changed: " + fits.line());
                    }
                    a.estimatedSeconds = whole.phases();
                }
                Budget budget = new Budget(settings.budget());
                BinlogCoordinates finalPosition;
                try {
                    WriteStop stop = new WriteStop(log, settings, out, source, target);
                    stop.fence(a, f, ff, budget);
                    finalPosition = stop.proveFence(a, f, ff, budget);
                    stop.waitFor(a, t, tf, finalPosition, budget);
                    stop.verify(a, from, to, budget, verified, finalPosition);
                    stop.stopReplication(a, t, tf, finalPosition, budget);
                    if (settings.reverse()) {
                        stop.armReverse(a, f, ff, to, budget);
                    }
                    budget.check("the way back was armed");
                } catch (Exception e) {
                    String why = e.getMessage() == null ? e.toString() : e.getMessage();
                    new Rollback(log, out).run(a, from, to, why);
                    String message = "the cutover was rolled back: " + why + "; " + from + " takes writes again, " + to
                        + " replicates from it as before";
                    if (e instanceof DataDiffers) {
                        throw new DataDiffers(message);
                    }
                    throw new RolledBack(message);
                }
            }
            return finish(log, a, from, to);
        } finally {
            guard.release(log.inFlight() == null);
        }
    }

    // ---- the point of no return, and after ----

    /** Opens the new primary and runs the switch command; journalled as committed first, so a rerun completes it. */
    private Summary finish(AttemptLog log, Attempt a, Side from, Side to) throws Exception {
        if (!a.committed) {
            a.committed = true;
            log.phase(a, "opening");
        }
        String switchFailure = null;
        try (Connection t = Connections.open(to.endpoint())) {
            Dialect tf = ServerInfo.read(t).dialect();
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
                    new Replica(t).forget(a.newPrimaryRds);
                    out.println("  " + (a.newPrimaryRds ? tf.rdsResetExternalSource() : tf.resetReplicaAll()));
                }
                a.openedAtMillis = System.currentTimeMillis();
                log.phase(a, "opened");
            }
        }
        if (!a.reached("switched") && settings.switchCommand() != null) {
            // A run killed while its switch command ran left that command running: never two at once.
            SwitchCommand.settleOrphan(a.switchProcess, settings.switchTimeout(), out);
            log.phase(a, "switching");
            out.println("== switch: " + settings.switchCommand());
            try {
                a.switchResult = SwitchCommand.run(settings.switchCommand(), settings.switchTimeout(), Map.of(
                    "OFFRAMP_NEW_PRIMARY", to.endpoint().uri().host() + ":" + to.endpoint().uri().port(),
                    "OFFRAMP_OLD_PRIMARY", from.endpoint().uri().host() + ":" + from.endpoint().uri().port(),
                    "OFFRAMP_DIRECTION", a.direction), out, started -> {
                        a.switchProcess = started;
                        log.save(a);
                    });
            } catch (Exception e) {
                switchFailure = e.getMessage();
                a.switchResult = "failed: " + switchFailure;
            }
            log.phase(a, "switched");
        }
        Summary summary = summary(a, from, to);
        log.journal().note("primary", to.name());
        log.journal().note("last-summary", summary);
        log.archive(a, "done");
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
        WriteStopEstimate estimate = new WriteStopEstimate(a.estimatedSeconds, "");
        double stopped = ((a.openedAtMillis == 0 ? System.currentTimeMillis() : a.openedAtMillis) - a.fencedAtMillis) / 1000.0;
        return new Summary(a.direction, from.toString(), to.toString(), stopped, a.finalPosition, a.t0, reverseState,
            settings.reverse() ? "offramp cutover --config <offramp.yaml>" + (a.direction.equals("forward") ? " --reverse" : "")
                : "no way back was armed", a.switchResult, a.chunksUnderFence, estimate.total(),
            a.estimatedSeconds.isEmpty() ? null : estimate.besideActual(a.phaseSeconds()));
    }

    // ---- rollback and recovery ----

    /** A rerun finds an attempt a kill interrupted: it completes one that had begun to open, and rolls back the rest. */
    private Summary finishInterrupted(AttemptLog log, Attempt a) throws Exception {
        Side from = a.direction.equals("forward") ? source : target;
        Side to = a.direction.equals("forward") ? target : source;
        out.println("an interrupted " + a.direction + " cutover is in " + workDir.resolve(JOURNAL) + " at '" + a.phase + "'");
        if (a.committed) {
            out.println("it had begun to open " + to + ": completing it");
            return finish(log, a, from, to);
        }
        String why = a.rollingBack != null ? a.rollingBack : "the run was interrupted at '" + a.phase + "'";
        new Rollback(log, out).run(a, from, to, why);
        throw new RolledBack("the interrupted cutover was rolled back (" + why + "): " + from + " takes writes again; "
            + "run the command again to try the cutover anew");
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
        Map<String, ServerIdentity> before = new LinkedHashMap<>();
        now.keySet().forEach(role -> before.put(role, Journal.as(recorded.path(role), ServerIdentity.class)));
        List<String> changes = ServerIdentity.changes(before, now);
        if (!changes.isEmpty()) {
            throw new IllegalStateException(workDir.resolve(JOURNAL) + " was written for other servers: "
                + String.join("; ", changes) + ". Use the work directory of these servers");
        }
    }
}
