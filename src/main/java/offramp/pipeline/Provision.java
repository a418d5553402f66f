package offramp.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import offramp.binlog.BinlogCoordinates;
import offramp.coordinates.CloneCoordinates;
import offramp.coordinates.CoordinatesFinder;
import offramp.coordinates.NotProvenException;
import offramp.coordinates.SourceProof;
import offramp.coordinates.SourceProver;
import offramp.copy.Copier;
import offramp.copy.CopyOptions;
import offramp.copy.DefinerPolicy;
import offramp.copy.FastLoad;
import offramp.copy.JournalTrust;
import offramp.replication.ApplyRate;
import offramp.replication.CatchUp;
import offramp.replication.ParallelApply;
import offramp.replication.Replica;
import offramp.replication.ReplicationSource;
import offramp.replication.ReplicationStart;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.server.Passwords;
import offramp.server.Secret;
import offramp.server.ServerIdentity;
import offramp.server.ServerUri;
import offramp.snapshot.Clone;
import offramp.snapshot.GivenClone;
import offramp.snapshot.LocalSnapshot;
import offramp.snapshot.SnapshotProvider;
import offramp.snapshot.StateLog;
import offramp.verify.ChecksumReport;
import offramp.verify.Checksummer;
import offramp.workdir.WorkDirectory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code offramp provision}: preflight, snapshot, coordinates, copy, verify, replicate, cleanup, report. Each
 * step's outputs go to the journal when it finishes; a rerun skips finished steps and resumes the unfinished
 * one (the copy from its own journal, the catch-up without configuring replication twice).
 */
public final class Provision {

    public static final List<String> STEPS = List.of("preflight", "snapshot", "coordinates", "copy", "verify",
        "replicate", "cleanup", "report");

    /** How long the catch-up keeps trying to reach a server it lost (a restart, a failover) before it gives up. */
    private static final Duration RECONNECT_LIMIT = Duration.ofMinutes(10);

    private final Config config;
    private final Path workDir;
    private final PrintStream out;
    private final Endpoint source;
    private final Endpoint target;
    private final Secret replicationPassword;
    private final SnapshotProvider provider;

    public Provision(Config config, Path configFile, PrintStream out) {
        this.config = config;
        this.out = out;
        this.workDir = ConfigLoader.resolve(configFile, config.workDir() == null ? "offramp-work" : config.workDir());
        this.source = ConfigLoader.endpoint("source", config.source(), configFile);
        this.target = ConfigLoader.endpoint("target", config.target(), configFile);
        Config.Replication r = config.replication();
        this.replicationPassword = Passwords.resolve("replication",
            r.passwordFile() == null ? null : ConfigLoader.resolve(configFile, r.passwordFile()), false,
            new ServerUri(r.user(), source.uri().host(), source.uri().port()));
        this.provider = provider(config.snapshot(), configFile);
    }

    private SnapshotProvider provider(Config.Snapshot snapshot, Path configFile) {
        return switch (snapshot.provider()) {
            case "clone" -> new GivenClone(ConfigLoader.endpoint("clone", snapshot.cloneServer(), configFile));
            case "local" -> {
                Config.Local l = snapshot.local();
                yield new LocalSnapshot(source, l.datadir() == null ? null : ConfigLoader.resolve(configFile, l.datadir()),
                    l.pidFile() == null ? null : ConfigLoader.resolve(configFile, l.pidFile()), l.command(), l.serverId(), workDir,
                    l.maxFreezeSeconds() == null ? LocalSnapshot.DEFAULT_MAX_FREEZE : Duration.ofSeconds(l.maxFreezeSeconds()));
            }
            case "aurora" -> aurora(snapshot.aurora());
            case "rds-replica" -> new offramp.snapshot.RdsReplicaSnapshot(ConfigLoader.endpoint("clone", snapshot.rdsReplica(), configFile));
            case "mariadb-backup" -> new offramp.snapshot.MariadbBackupSnapshot(source, workDir,
                snapshot.mariadbBackup() == null ? null : snapshot.mariadbBackup().serverId());
            default -> throw new IllegalArgumentException("key 'snapshot.provider': the " + snapshot.provider()
                + " provider is not part of this version of offramp; use aurora, rds-replica, clone (restore the snapshot "
                + "yourself and give its endpoint), local or mariadb-backup");
        };
    }

    private SnapshotProvider aurora(Config.Aurora a) {
        var builder = software.amazon.awssdk.services.rds.RdsClient.builder()
            .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder());
        if (a.region() != null) {
            builder.region(software.amazon.awssdk.regions.Region.of(a.region()));
        }
        if (a.endpoint() != null) {
            builder.endpointOverride(java.net.URI.create(a.endpoint()));
        }
        Duration poll = Duration.ofMillis((long) ((a.pollSeconds() == null ? 30 : a.pollSeconds()) * 1000));
        Duration maxWait = Duration.ofMinutes(a.maxWaitMinutes() == null ? 120 : a.maxWaitMinutes());
        return new offramp.snapshot.AuroraSnapshot(builder.build(), new offramp.snapshot.AuroraSnapshot.Settings(a.cluster(),
            a.instanceClass() == null ? "db.r6g.large" : a.instanceClass(), a.snapshotId(),
            Boolean.TRUE.equals(a.keepClone()), poll, maxWait), source);
    }

    private Integer raiseRetentionHours() {
        Config.Aurora a = config.snapshot().aurora();
        return a == null ? null : a.setRetentionHours();
    }

    /** {@code offramp plan}: the preflight checks and the steps; changes nothing. */
    public boolean plan() throws Exception {
        boolean journalled = Files.exists(workDir.resolve("journal.json"));
        provider.releaseLeftovers(journalled ? new JournalStateLog(Journal.open(workDir)) : null, out);
        List<Check> checks = new Preflight(source, target, config.replication().user(), provider, null,
            copyOptions()).run();
        checks.forEach(c -> out.println("  " + c.line()));
        out.println("plan:");
        out.println("  snapshot     " + provider.describe());
        out.println("  coordinates  find them on the clone, prove them against " + source.uri());
        out.println("  copy         " + copyOptions().threads() + " threads into " + target.uri()
            + (copyOptions().schemas().isEmpty() ? ", every application schema" : ", schemas " + copyOptions().schemas()));
        out.println("  verify       compare every table, clone against target");
        out.println("  replicate    start " + target.uri() + " replicating from " + replicationHost() + " as "
            + config.replication().user() + ", " + describe(ParallelApply.parse(config.replication().parallelWorkers()))
            + ", wait until caught up");
        out.println("  cleanup      remove what the snapshot step created");
        out.println("  report       " + workDir.resolve("report.json") + " and report.html");
        boolean ready = checks.stream().noneMatch(c -> !c.passed() && c.fatal());
        if (ready) {
            estimate();
        }
        return ready;
    }

    /** The whole run on paper: copy, verify, backlog, catch-up, and whether retention covers them. */
    private void estimate() throws Exception {
        Config.Estimate settings = config.estimate() == null ? Config.Estimate.DEFAULTS : config.estimate();
        double minutes = settings.snapshotMinutes() != null ? settings.snapshotMinutes()
            : switch (provider.name()) {
                case "aurora" -> 45;    // snapshot, restore, reboot with binlog on: tens of minutes
                case "rds-replica", "local", "mariadb-backup" -> 1;
                default -> 0;
            };
        RunEstimate e;
        try (Connection s = Connections.open(source)) {
            e = EstimateProbe.measure(s, settings, Duration.ofSeconds(5), Duration.ofSeconds((long) (minutes * 60)));
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
        try (WorkDirectory ignored = WorkDirectory.lock(workDir)) {
            return runLocked();
        }
    }

    private Report runLocked() throws Exception {
        Journal journal = Journal.open(workDir);
        if (!journal.fact("abandoned").isMissingNode()) {
            throw new IllegalArgumentException("the run in " + workDir + " cannot be resumed: " + journal.fact("abandoned").asText()
                + ". Use a new work-dir and an empty target");
        }
        if (!journal.isNew()) {
            out.println("resuming the run recorded in " + workDir.resolve("journal.json"));
        }
        provider.releaseLeftovers(new JournalStateLog(journal), out);
        Clone clone = null;
        try {
            step(journal, "preflight", () -> {
                List<Check> checks = new Preflight(source, target, config.replication().user(), provider,
                    raiseRetentionHours(), copyOptions()).run();
                checks.forEach(c -> out.println("  " + c.line()));
                List<Check> failed = checks.stream().filter(c -> !c.passed() && c.fatal()).toList();
                if (!failed.isEmpty()) {
                    throw new Refused("preflight failed, nothing was created or changed: "
                        + String.join("; ", failed.stream().map(Check::line).toList()));
                }
                return checks;
            });
            trustTarget(journal);
            StateLog state = new JournalStateLog(journal);
            if (!journal.done("snapshot")) {
                clone = timed(journal, "snapshot", () -> provider.create(state), Clone::state);
            } else if (!journal.done("verify")) {
                clone = provider.resume(state.all()); // once the copy is verified, nothing needs the clone
            }
            Clone c = clone;
            step(journal, "coordinates", () -> coordinates(c, state.all()));
            BinlogCoordinates at = BinlogCoordinates.parse(journal.outputs("coordinates").path("coordinates").asText());
            step(journal, "copy", () -> new Copier(c.endpoint(), target, copyOptions(), out).run());
            step(journal, "verify", () -> verify(c));
            step(journal, "replicate", () -> replicate(journal, at));
            step(journal, "cleanup", () -> {
                provider.cleanup(state.all());
                return Map.of("removed", provider.name());
            });
            Report report = report(journal);
            step(journal, "report", () -> {
                WorkDirectory.writePrivate(workDir.resolve("report.json"),
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(report));
                WorkDirectory.writePrivate(workDir.resolve("report.html"), ReportHtml.render(report, target.uri()
                    + " replicating from " + replicationHost(), java.time.ZonedDateTime.now())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.println("  report: " + workDir.resolve("report.json") + " and " + workDir.resolve("report.html"));
                return Map.of("file", workDir.resolve("report.json").toString(), "html", workDir.resolve("report.html").toString());
            });
            return report;
        } catch (Exception e) {
            cleanupAfter(journal, e);
            throw e;
        }
    }

    /**
     * The journal is trusted only for the target it was written for: the first run records the target's identity,
     * a rerun compares it, and once the copy is done the target must still hold the tables the copy recorded (a
     * MariaDB target rebuilt on the same host, port and server_id is told apart by nothing else), with at least
     * their rows until replication is configured. Once it replicates, its rows move with the source.
     */
    private void trustTarget(Journal journal) throws Exception {
        try (Connection t = Connections.open(target)) {
            ServerIdentity now = ServerIdentity.read(t, target.uri());
            JsonNode recorded = journal.fact("target-server");
            if (recorded.isMissingNode()) {
                journal.note("target-server", now);
                return;
            }
            List<String> changes = new ArrayList<>(now.changesSince(Journal.as(recorded, ServerIdentity.class), "target"));
            if (journal.done("copy")) {
                boolean replicating = !journal.fact("replication-configured").isMissingNode() || journal.done("replicate");
                Map<String, Long> rows = new LinkedHashMap<>();
                journal.outputs("copy").path("tables").fields().forEachRemaining(e -> rows.put(e.getKey(),
                    replicating ? 0 : e.getValue().asLong()));
                changes.addAll(JournalTrust.tableChanges(rows, JournalTrust.rowsOn(t, rows)));
            }
            JournalTrust.require(workDir, changes);
        }
    }

    /**
     * After a failure the clone goes when nothing needs it any more: before the copy started (a rerun then takes
     * a new snapshot) or once the data is verified. In between, a rerun resumes the copy from it, so it stays.
     */
    private void cleanupAfter(Journal journal, Exception failure) {
        boolean copyStarted = journal.done("coordinates") && copyJournalStarted();
        Map<String, String> state = new JournalStateLog(journal).all();
        boolean keep = copyStarted && !journal.done("verify") && provider.keepsForResume();
        if (state.isEmpty() || journal.done("cleanup") || keep) {
            if (keep) {
                out.println("the clone is kept so that rerunning the same command resumes the copy: " + failure.getMessage());
            }
            return;
        }
        try {
            provider.cleanup(state);
            out.println("cleanup: removed what the snapshot step created");
            if (!copyStarted) {
                journal.forgetSteps(List.of("snapshot", "coordinates"));
                journal.forget("snapshot-state");
                out.println("a rerun of the same command takes a new snapshot");
            } else {
                journal.finish("cleanup", Map.of("removed", provider.name(), "after", String.valueOf(failure.getMessage())), 0);
            }
            if (copyStarted && !provider.keepsForResume() && !journal.done("verify")) {
                journal.note("abandoned", "the " + provider.name() + " replicates again after the failure, so its data has "
                    + "moved on from the recorded coordinates");
                out.println("this run cannot resume: the " + provider.name() + " has moved on. Start again with a new "
                    + "work-dir and an empty target");
            }
        } catch (Exception e) {
            out.println("cleanup failed, remove the clone by hand: " + e.getMessage());
        }
    }

    /**
     * Whether the copy recorded its start. Its directory and an empty journal exist as soon as the copy takes the
     * directory's lock, before it has reached either server, so neither says the target was touched.
     */
    private boolean copyJournalStarted() {
        try {
            Path journal = workDir.resolve("copy").resolve(offramp.copy.CopyJournal.FILE);
            return Files.exists(journal) && Files.size(journal) > 0;
        } catch (IOException e) {
            return true; // when in doubt, keep what a resumed copy would need
        }
    }

    private Map<String, Object> coordinates(Clone clone, Map<String, String> state) throws Exception {
        BinlogCoordinates reported = provider.reportedCoordinates(state);
        CloneCoordinates found = provider.coordinatesFromProvider()
            ? CloneCoordinates.reported(reported, provider.name() + ": " + provider.coordinatesEvidence())
            : findOnClone(clone, reported);
        if (reported != null && !reported.equals(found.coordinates())) {
            throw new NotProvenException("the " + provider.name() + " provider reports " + reported + " for the clone, "
                + "but its binlog ends its last complete transaction at " + found.coordinates() + "; offramp will not "
                + "start replication from either (evidence: " + String.join("; ", found.evidence()) + ")");
        }
        SourceProof proof = new SourceProver(source).prove(found);
        out.println("  coordinates " + found.coordinates());
        found.evidence().forEach(l -> out.println("    found   " + l));
        proof.checks().forEach(l -> out.println("    proven  " + l));
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("coordinates", found.coordinates().toString());
        outputs.put("gtid-state-name", found.gtidStateName());
        outputs.put("gtid-state", found.gtidState());
        List<String> evidence = new ArrayList<>(found.evidence());
        if (reported != null && !provider.coordinatesFromProvider()) {
            String agreed = "provider: " + provider.name() + " reports " + reported + ", the same position";
            out.println("    proven  " + agreed);
            evidence.add(agreed);
        }
        evidence.addAll(proof.checks());
        outputs.put("evidence", evidence);
        return outputs;
    }

    /**
     * The coordinates in the clone's binlog. When the clone runs with the source's server id, the file the
     * provider names (Aurora's crash-recovery event) tells the history from the clone's own files.
     */
    private CloneCoordinates findOnClone(Clone clone, BinlogCoordinates reported) throws Exception {
        CoordinatesFinder finder = new CoordinatesFinder(clone.endpoint());
        try {
            return finder.find(Optional.empty());
        } catch (offramp.coordinates.HistoryChoice.Ambiguous e) {
            if (reported == null) {
                throw e;
            }
            out.println("  the clone runs with the source's server id; taking " + reported.file() + " from the "
                + provider.name() + " provider as the last file of the history");
            return finder.find(Optional.of(reported.file()));
        }
    }

    private CopyOptions copyOptions() {
        Config.Copy c = config.copy();
        int threads = c != null && c.threads() != null ? c.threads() : Runtime.getRuntime().availableProcessors();
        return new CopyOptions(c == null || c.schemas() == null ? List.of() : c.schemas(),
            c == null || c.excludeTables() == null ? List.of() : c.excludeTables(), threads, workDir.resolve("copy"),
            DefinerPolicy.parse(c == null || c.definer() == null ? "keep" : c.definer()),
            c != null && c.chunkMb() != null ? (long) c.chunkMb() << 20 : CopyOptions.DEFAULT_CHUNK_BYTES, 2, 0,
            c != null && c.stallSeconds() != null ? c.stallSeconds() : CopyOptions.DEFAULT_STALL_SECONDS,
            c != null && Boolean.TRUE.equals(c.logBin()), c != null && Boolean.TRUE.equals(c.fastLoad()));
    }

    /** Clone and target are both still now: compare every chunk of every table, and the schema objects. */
    private Map<String, Object> verify(Clone clone) throws Exception {
        CopyOptions options = copyOptions();
        ChecksumReport report = new Checksummer(clone.endpoint(), target, options.threads(), 100_000)
            .compare(options.schemas(), options.excludeTables());
        out.println("  verify: " + report.tables().size() + " tables, " + report.chunks() + " chunks compared, "
            + (report.identical() ? "all identical" : report.differences().size() + " differences"));
        if (!report.identical()) {
            report.differences().forEach(d -> out.println("    DIFFERS " + d));
            throw new DataDiffers("the target differs from the clone: " + String.join("; ", report.differences())
                + "; replication was not started");
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        report.tables().forEach((table, rows) -> outputs.put(table, Map.of("rows", rows[0], "identical", true)));
        return Map.of("tables", outputs, "chunks", report.chunks(), "identical", true);
    }

    private Map<String, Object> replicate(Journal journal, BinlogCoordinates at) throws Exception {
        Config.Replication r = config.replication();
        ParallelApply apply = ParallelApply.parse(r.parallelWorkers());
        if (!journal.fact("replication-configured").asBoolean(false)) {
            // The copy puts them back before it counts as done; this makes sure no replica applies on them.
            FastLoad.restoreLeftover(workDir.resolve("copy"), target).ifPresent(m -> out.println("  " + m));
            try (Connection t = Connections.open(target); Connection s = Connections.open(source)) {
                // offramp status checks, for as long as the replica stands, that the source is still this server.
                journal.note("source-server", ServerIdentity.read(s, source.uri()));
                // Recorded before anything changes, and only once: a rerun would read offramp's own values.
                if (journal.fact("apply-settings-before").isMissingNode()) {
                    journal.note("apply-settings-before", new Replica(t).applySettings(null).before());
                }
                // A run killed between CHANGE MASTER and this note finds the replica running: it is left where it is.
                String gtid = journal.outputs("coordinates").path("gtid-state-name").asText().equals("gtid_executed")
                    && gtidsOn(s) ? journal.outputs("coordinates").path("gtid-state").asText() : null;
                ReplicationStart.Outcome outcome = new ReplicationStart(target, source, out).run(t, s,
                    replicationSource(at, gtid != null), new ReplicationStart.Options(
                        r.ignoreRdsTables() == null || r.ignoreRdsTables(), r.writable() == null || !r.writable(), gtid, false,
                        apply));
                if (outcome.configured()) {
                    out.println("  replication started at " + at + " from " + replicationHost());
                }
                journal.note("apply-settings", outcome.apply().after());
                if (outcome.apply().note() != null) {
                    journal.note("apply-settings-note", outcome.apply().note());
                }
            } catch (ReplicationStart.Refused e) {
                throw new Refused("the target " + target.uri() + " was left as it was: " + e.getMessage()
                    + " (provision has no --force-reconfigure: reset replication on the target by hand, RESET SLAVE ALL, "
                    + "if it really is to be configured again)");
            }
            journal.note("replication-configured", true);
        }
        long timeout = r.catchUpTimeout() == null ? 86400 : r.catchUpTimeout();
        List<CatchUp.Sample> samples = new CatchUp(target, source, out, RECONNECT_LIMIT)
            .await(Duration.ofSeconds(timeout), Duration.ofSeconds(2));
        ApplyRate rate = ApplyRate.of(samples);
        out.println("  caught up; " + (rate == null ? "caught up at the first look, too soon to measure the apply rate"
            : rate.describe()));
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("started-at", at.toString());
        outputs.put("lag", samples);
        for (String fact : List.of("settings-before", "settings", "settings-note")) {
            if (!journal.fact("apply-" + fact).isMissingNode()) {
                outputs.put(fact, journal.fact("apply-" + fact));
            }
        }
        outputs.put("rate", rate);
        return outputs;
    }

    private static String describe(ParallelApply apply) {
        return apply.keeps() ? "applying with the server's own settings" : "applying with " + apply.workers() + " parallel workers";
    }

    private static boolean gtidsOn(Connection source) throws Exception {
        try (var st = source.createStatement(); var rs = st.executeQuery("SELECT @@GLOBAL.gtid_mode")) {
            rs.next();
            return rs.getString(1).startsWith("ON");
        } catch (java.sql.SQLException noGtidMode) {
            return false;
        }
    }

    private String replicationHost() {
        String h = config.replication().sourceHost();
        return h != null ? h : source.uri().host() + ":" + source.uri().port();
    }

    private ReplicationSource replicationSource(BinlogCoordinates at, boolean autoPosition) {
        Config.Replication r = config.replication();
        ReplicationSource.Address address = ReplicationSource.Address.of(source.uri(), r.sourceHost());
        ReplicationSource.Tls channel = ConfigLoader.replicationTls(r.tls());
        return new ReplicationSource(address.host(), address.port(), r.user(), replicationPassword, at, channel,
            r.connectRetry() == null ? 10 : r.connectRetry(), r.heartbeat() == null ? 0 : r.heartbeat(), autoPosition);
    }

    private Report report(Journal journal) {
        Map<String, Double> steps = new LinkedHashMap<>();
        for (String step : STEPS) {
            if (journal.done(step)) {
                steps.put(step, journal.seconds(step));
            }
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        journal.outputs("copy").path("tables").fields().forEachRemaining(e -> rows.put(e.getKey(), e.getValue().asLong()));
        List<String> evidence = new ArrayList<>();
        journal.outputs("coordinates").path("evidence").forEach(e -> evidence.add(e.asText()));
        List<Object> lag = new ArrayList<>();
        journal.outputs("replicate").path("lag").forEach(lag::add);
        Map<String, Object> verify = Journal.as(journal.outputs("verify"), Map.class);
        List<Object> preflight = new ArrayList<>();
        journal.outputs("preflight").forEach(preflight::add);
        Map<String, Object> catchUp = new LinkedHashMap<>();
        JsonNode replicated = journal.outputs("replicate");
        for (String key : List.of("settings-before", "settings", "settings-note", "rate")) {
            if (!replicated.path(key).isMissingNode()) {
                catchUp.put(key, replicated.path(key));
            }
        }
        Map<String, Object> load = new LinkedHashMap<>();
        JsonNode fastLoad = journal.outputs("copy").path("fastLoad");
        if (fastLoad.isTextual()) {
            load.put("fast-load", fastLoad.asText() + " while the copy ran; put back before replication started");
        }
        Report report = new Report(journal.outputs("coordinates").path("coordinates").asText(), evidence, steps, rows, verify,
            lag, preflight, tableBytes(rows.keySet()), catchUp, load);
        out.println("provisioned: " + target.uri() + " replicates from " + replicationHost() + ", started at "
            + report.coordinates() + ", caught up; " + rows.values().stream().mapToLong(Long::longValue).sum()
            + " rows in " + rows.size() + " tables copied and verified");
        steps.forEach((step, seconds) -> out.printf("  %-12s %8.1f s%n", step, seconds));
        return report;
    }

    /** Data and index bytes per copied table on the target, InnoDB's estimate; empty when it cannot be read. */
    private Map<String, Long> tableBytes(java.util.Collection<String> tables) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        try (Connection t = Connections.open(target); var st = t.createStatement(); var rs = st.executeQuery(
            "SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME), DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES")) {
            while (rs.next()) {
                if (tables.contains(rs.getString(1))) {
                    bytes.put(rs.getString(1), rs.getLong(2));
                }
            }
        } catch (java.sql.SQLException e) {
            out.println("  report: the target's table sizes could not be read (" + e.getMessage() + ")");
        }
        return bytes;
    }

    /** Runs a step unless the journal says it is done, and records its outputs and time. */
    private void step(Journal journal, String name, StepBody body) throws Exception {
        if (journal.done(name)) {
            return;
        }
        timed(journal, name, body::run, o -> o);
    }

    private <T> T timed(Journal journal, String name, StepBody.Returning<T> body, java.util.function.Function<T, Object> outputs)
        throws Exception {
        out.println("== " + name);
        long start = System.nanoTime();
        T result = body.run();
        journal.finish(name, outputs.apply(result), (System.nanoTime() - start) / 1e9);
        return result;
    }

    /** A step's work. */
    @FunctionalInterface
    interface StepBody {
        Object run() throws Exception;

        @FunctionalInterface
        interface Returning<T> {
            T run() throws Exception;
        }
    }

    /** Where the run recorded in {@code workDir} started replication. */
    public static String startedAt(Path workDir) throws java.io.IOException {
        return Journal.open(workDir).outputs("coordinates").path("coordinates").asText();
    }
}
