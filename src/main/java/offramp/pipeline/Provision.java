package offramp.pipeline;

import offramp.copy.Copier;
import offramp.copy.CopyOptions;
import offramp.server.Connections;
import offramp.snapshot.Clone;
import offramp.snapshot.Removal;
import offramp.snapshot.SnapshotProvider;
import offramp.snapshot.StateLog;
import offramp.usage.BadUsage;
import offramp.workdir.WorkDirectory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code offramp provision}: preflight, snapshot, coordinates, copy, verify, replicate, cleanup, report. Each
 * step's outputs go to the journal when it finishes; a rerun skips finished steps and resumes the unfinished
 * one (the copy from its own journal, the catch-up without configuring replication twice). Closing it closes the
 * snapshot provider's own resources.
 */
public final class Provision implements AutoCloseable {

    public static final List<String> STEPS = List.of("preflight", "snapshot", "coordinates", "copy", "verify",
        "replicate", "cleanup", "report");

    private final RunSettings settings;
    private final PrintStream out;
    private final SnapshotProvider provider;

    public Provision(Config config, Path configFile, PrintStream out) {
        this.settings = new RunSettings(config, configFile);
        this.out = out;
        this.provider = Providers.create(config.snapshot(), configFile, settings.source, settings.workDir);
    }

    /** What {@code plan} found. */
    public enum PlanOutcome {
        /** The checks passed: provision may run. */
        READY,
        /** A check failed, or the recorded run cannot be resumed. */
        NOT_READY,
        /** The work directory records a finished run: the target is a provisioned replica. */
        PROVISIONED,
        /** The work directory records an interrupted run, which provision resumes. */
        RESUMES
    }

    /**
     * {@code offramp plan}: the preflight checks and the steps; changes nothing. When the work directory records
     * a run, what that run did instead: the preflight of a new run would take its replica for a fault.
     */
    public PlanOutcome plan() throws Exception {
        boolean journalled = Files.exists(settings.workDir.resolve("journal.json"));
        Journal journal = journalled ? Journal.open(settings.workDir) : null;
        provider.releaseLeftovers(journalled ? new JournalStateLog(journal) : null, out);
        RecordedRun recorded = journalled ? RecordedRun.of(journal) : null;
        if (recorded != null && recorded.standing() != RecordedRun.Standing.NEW) {
            return planRecorded(recorded, journal);
        }
        List<Check> checks = preflight(null);
        checks.forEach(c -> out.println("  " + c.line()));
        CopyOptions copy = settings.copyOptions();
        out.println("plan:");
        out.println("  snapshot     " + provider.describe());
        out.println("  coordinates  find them on the clone, prove them against " + settings.source.uri());
        out.println("  copy         " + copy.threads() + " threads into " + settings.target.uri()
            + (copy.schemas().isEmpty() ? ", every application schema" : ", schemas " + copy.schemas()));
        out.println("  verify       compare every table, clone against target");
        out.println("  replicate    start " + settings.target.uri() + " replicating from " + settings.replicationHost() + " as "
            + settings.replicationUser() + ", " + (settings.parallelApply().keeps() ? "applying with the server's own settings"
            : "applying with " + settings.parallelApply().workers() + " parallel workers") + ", wait until caught up");
        out.println("  cleanup      remove what the snapshot step created");
        out.println("  report       " + settings.workDir.resolve("report.json") + " and report.html");
        boolean ready = checks.stream().noneMatch(c -> !c.passed() && c.fatal());
        if (ready) {
            estimate();
        }
        return ready ? PlanOutcome.READY : PlanOutcome.NOT_READY;
    }

    /** What the run the journal records did, and what provision would do with it. */
    private PlanOutcome planRecorded(RecordedRun recorded, Journal journal) {
        Path file = settings.workDir.resolve("journal.json");
        switch (recorded.standing()) {
            case PROVISIONED -> {
                out.println("provisioned: " + settings.target.uri() + " replicates from " + settings.replicationHost()
                    + ", started at " + journal.outputs("replicate").path("started-at").asText() + " (the run recorded in "
                    + file + (recorded.resumesAt() == null ? "" : "; provision finishes its remaining steps from "
                    + recorded.resumesAt()) + ")");
                out.println("  nothing to plan for this work directory; to provision another target, use a new work-dir "
                    + "and an empty target");
                return PlanOutcome.PROVISIONED;
            }
            case ABANDONED -> {
                out.println("the run recorded in " + file + " cannot be resumed: " + recorded.abandoned()
                    + ". Use a new work-dir and an empty target");
                return PlanOutcome.NOT_READY;
            }
            default -> {
                out.println("an interrupted run is recorded in " + file + ": done " + String.join(", ", recorded.done())
                    + "; provision resumes it at " + recorded.resumesAt() + " (its preflight passed before it began, and "
                    + "the target holds what it has copied so far)");
                return PlanOutcome.RESUMES;
            }
        }
    }

    /** The whole run on paper: copy, verify, backlog, catch-up, and whether retention covers them. */
    private void estimate() throws Exception {
        Config.Estimate estimate = settings.estimate();
        double minutes = estimate.snapshotMinutes() != null ? estimate.snapshotMinutes()
            : switch (provider.name()) {
                case "aurora" -> 45;    // snapshot, restore, reboot with binlog on: tens of minutes
                case "rds-replica", "local", "mariadb-backup" -> 1;
                default -> 0;
            };
        RunEstimate e;
        try (Connection s = Connections.open(settings.source)) {
            e = EstimateProbe.measure(s, estimate, Duration.ofSeconds(5), Duration.ofSeconds((long) (minutes * 60)));
        }
        out.println("estimate (the rates under 'estimate:' in the configuration; the source's write rate measured over 5 s):");
        e.lines().forEach(l -> out.println("  " + l));
        if (!e.retentionCovers()) {
            out.println("  " + Check.warn("binlog retention", RunEstimate.time(e.retentionSeconds()) + " is short for the "
                + RunEstimate.time(e.untilReplicationSeconds()) + " until replication starts",
                "keep binlogs for at least " + RunEstimate.time(e.untilReplicationSeconds() * 1.5) + " ("
                + "CALL mysql.rds_set_configuration('binlog retention hours', N) on RDS and Aurora, binlog_expire_logs_seconds "
                + "or expire_logs_days elsewhere)").line());
        }
    }

    /** Runs the pipeline while holding the work directory's lock: one process per work directory. */
    public Report run() throws Exception {
        try (WorkDirectory ignored = WorkDirectory.lock(settings.workDir)) {
            Journal journal = Journal.open(settings.workDir);
            if (!journal.fact("abandoned").isMissingNode()) {
                throw new BadUsage("the run in " + settings.workDir + " cannot be resumed: "
                    + journal.fact("abandoned").asText() + ". Use a new work-dir and an empty target");
            }
            if (!journal.isNew()) {
                out.println("resuming the run recorded in " + settings.workDir.resolve("journal.json"));
            }
            provider.releaseLeftovers(new JournalStateLog(journal), out);
            LeftoverClones.retry(journal, provider, out);
            try {
                return steps(journal);
            } catch (Exception e) {
                FailureCleanup.after(e, journal, provider, settings.workDir, out);
                throw e;
            }
        }
    }

    /** The operation: each step runs unless the journal has it done, and hands its recorded outputs on. */
    private Report steps(Journal journal) throws Exception {
        Steps steps = new Steps(journal, out);
        List<Check> checks = List.of(steps.run("preflight", Check[].class, () -> passedPreflight()));
        TargetTrust.require(journal, settings.target, settings.workDir);
        StateLog state = new JournalStateLog(journal);
        Clone clone = null;
        if (!journal.done("snapshot")) {
            clone = steps.timed("snapshot", () -> provider.create(state), Clone::state);
        } else if (!journal.done("verify")) {
            clone = provider.resume(state.all()); // once the copy is verified, nothing needs the clone
        }
        Clone c = clone;
        CoordinatesStep.Proven coordinates = steps.run("coordinates", CoordinatesStep.Proven.class,
            () -> new CoordinatesStep(provider, settings.source, out).run(c, state.all()));
        Copied copied = steps.run("copy", Copied.class,
            () -> new Copier(c.endpoint(), settings.target, settings.copyOptions(), out).run());
        VerifyStep.Verified verified = steps.run("verify", VerifyStep.Verified.class,
            () -> VerifyStep.run(c.endpoint(), settings.target, settings.copyOptions(), out));
        ReplicateStep.Replicated replicated = steps.run("replicate", ReplicateStep.Replicated.class,
            () -> new ReplicateStep(settings, journal, out).run(coordinates));
        steps.run("cleanup", Map.class, () -> {
            if (!CleanupPolicy.removeAfterSuccess(provider.keepsClone())) {
                out.println("cleanup: the clone stays in place (keep-clone); remove it by hand when done with it");
                return Map.of("removed", "nothing (keep-clone)");
            }
            Removal removal = provider.cleanup(state.all());
            FailureCleanup.print(removal, out);
            if (LeftoverClones.recordIfLeft(journal, provider, state.all(), removal)) {
                out.println("cleanup: a rerun of the same command tries again to remove what is left");
            }
            return Map.of("removed", String.join("; ", removal.lines()));
        });
        ReportFiles files = new ReportFiles(settings.workDir, out);
        Report report = ReportFiles.of(steps.seconds(STEPS), checks, provider.sourcePause(state.all()), coordinates, copied,
            verified, replicated, files.tableBytes(settings.target, copied.tables().keySet()));
        files.summarize(report, settings.target, settings.replicationHost());
        steps.run("report", Map.class, () -> files.write(report, settings.target.uri() + " replicating from "
            + settings.replicationHost()));
        return report;
    }

    private List<Check> preflight(Integer raiseRetentionHours) throws Exception {
        return new Preflight(settings.source, settings.target, settings.replicationUser(), settings.replicationPassword(),
            provider, raiseRetentionHours, settings.copyOptions()).run();
    }

    /** The preflight checks, printed; refuses the run, before anything is created or changed, when one fails. */
    private List<Check> passedPreflight() throws Exception {
        List<Check> checks = preflight(settings.raiseRetentionHours());
        checks.forEach(c -> out.println("  " + c.line()));
        List<Check> failed = checks.stream().filter(c -> !c.passed() && c.fatal()).toList();
        if (!failed.isEmpty()) {
            throw new Refused("preflight failed, nothing was created or changed: "
                + String.join("; ", failed.stream().map(Check::line).toList()));
        }
        return checks;
    }

    /** Releases the snapshot provider's own resources (an API client); what it made stays. */
    @Override
    public void close() {
        provider.close();
    }

    /** Where the run recorded in {@code workDir} started replication. */
    public static String startedAt(Path workDir) throws IOException {
        return Journal.open(workDir).outputs("coordinates").path("coordinates").asText();
    }
}
