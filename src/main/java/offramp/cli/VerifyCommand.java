package offramp.cli;

import offramp.pipeline.Config;
import offramp.pipeline.ConfigLoader;
import offramp.pipeline.ReportHtml;
import offramp.server.Endpoint;
import offramp.server.Passwords;
import offramp.server.Secret;
import offramp.text.Units;
import offramp.usage.BadUsage;
import offramp.verify.live.LiveVerifier;
import offramp.verify.live.ReplicationGuard;
import offramp.verify.live.RowDiffFindings;
import offramp.verify.live.VerifyResult;
import offramp.verify.live.VerifySettings;
import offramp.workdir.WorkDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
    footer = {OptionFileOptions.PASSWORDS_CONFIG, OptionFileOptions.PASSWORDS_OPTION_FILES, OptionFileOptions.PASSWORDS_SAID},
    description = {
    "Prove a running replica identical to its live source, with no write stop; exit 4 when they differ.",
    "Every table is compared chunk by chunk, each chunk on both servers at the same point of the source's binlog:",
    "the replica's applier is paused, a consistent read is opened on the source with the binlog position it matches",
    "(MariaDB: without a lock; MySQL and Aurora: a brief LOCK TABLES ... READ of the compared tables), the replica",
    "applies exactly up to that position, a consistent read is opened on it there, and its applier resumes; then",
    "the chunks are compared in both reads while the application goes on writing. Nothing is written on the source.",
    "A guard process starts the applier again if offramp dies while it is paused; a rerun resumes from the journal.",
    "For each differing chunk: the rows that differ, by key (missing on the replica, extra, changed: which columns).",
    "Exit codes: 0 identical, 4 the replica differs, 1 failed, 2 bad usage or missing privileges."})
final class VerifyCommand implements Callable<Integer> {

    /** How long verify waits for a replica further behind than --max-lag-seconds before it gives up. */
    private static final int LAG_WAIT_SECONDS = 600;

    @Mixin
    CommonOptions common;

    @Option(names = "--config", paramLabel = "FILE", description = "offramp.yaml of the provision run: its target is the replica")
    Path config;

    @Option(names = "--source", paramLabel = "USER@HOST:PORT", description = "the source (without --config)")
    String source;

    @Option(names = "--replica", paramLabel = "USER@HOST:PORT", description = "its replica (without --config)")
    String replica;

    @Option(names = "--source-password-file", paramLabel = "PATH")
    Path sourcePasswordFile;

    @Option(names = "--replica-password-file", paramLabel = "PATH")
    Path replicaPasswordFile;

    @Option(names = "--schemas", split = ",", paramLabel = "SCHEMA",
        description = "schemas to compare (default: copy.schemas of the configuration, else all but the server's own)")
    List<String> schemas;

    @Option(names = "--exclude-tables", split = ",", paramLabel = "PATTERN",
        description = "schema.table patterns to leave out (default: copy.exclude-tables of the configuration)")
    List<String> exclude;

    @Option(names = "--chunk-rows", paramLabel = "N", converter = PositiveNumber.Long.class, defaultValue = "100000",
        description = "rows per chunk (default: ${DEFAULT-VALUE})")
    long chunkRows;

    @Option(names = "--max-snapshot-seconds", paramLabel = "SECONDS", converter = PositiveNumber.Int.class, defaultValue = "20",
        description = "the longest a consistent read stays open on the source (Aurora's undo history grows while one is); "
            + "the work is cut into slices that fit (default: ${DEFAULT-VALUE})")
    int maxSnapshotSeconds;

    @Option(names = "--max-pause-ms", paramLabel = "MS", converter = PositiveNumber.Long.class, defaultValue = "2000",
        description = "the longest the replica's applier stands still per common point; a slower attempt is given up and "
            + "tried again (default: ${DEFAULT-VALUE})")
    long maxPauseMillis;

    @Option(names = "--max-lag-seconds", paramLabel = "SECONDS", converter = PositiveNumber.Int.class, defaultValue = "5",
        description = "start a common point only while the replica is at most this far behind (default: ${DEFAULT-VALUE})")
    int maxLagSeconds;

    @Option(names = "--max-rows-per-second", paramLabel = "N", defaultValue = "0",
        description = "compare at most N rows a second, to spare the servers (default: 0, no limit)")
    long maxRowsPerSecond;

    @Option(names = "--max-row-findings", paramLabel = "N", converter = PositiveNumber.Int.class, defaultValue = "100",
        description = "differing rows listed per chunk at most (default: ${DEFAULT-VALUE})")
    int maxRowFindings;

    @Option(names = "--work-dir", paramLabel = "DIR",
        description = "journal, guard log and last outcome (default: the configuration's work-dir/verify, else offramp-verify)")
    Path workDir;

    @Option(names = "--restart", description = "discard an unfinished verification instead of resuming it")
    boolean restart;

    @Option(names = "--repair-sql", paramLabel = "FILE",
        description = "write the statements that would bring the replica in line (SET sql_log_bin = 0 first), for you to review "
            + "and run; offramp never runs them")
    Path repairSql;

    @Option(names = "--reverse", description = "with --config: after a cutover, verify the configuration's source as the "
        + "replica of its target (the way back)")
    boolean reverse;

    @Option(names = "--guard-replication", hidden = true,
        description = "what the guard process runs: read the replica's password and offramp's states on stdin, and start the "
            + "applier again if offramp dies while it is paused")
    boolean guardReplication;

    @Override
    public Integer call() throws Exception {
        Config loaded = config == null ? null : ConfigLoader.load(config);
        if (config != null && (source != null || replica != null)) {
            throw new BadUsage("give either --config or --source and --replica, not both");
        }
        if (config == null && (source == null || replica == null)) {
            throw new BadUsage("give --config offramp.yaml, or --source USER@HOST:PORT and --replica USER@HOST:PORT");
        }
        if (reverse && config == null) {
            throw new BadUsage("--reverse goes with --config: without it, name the servers with --source and --replica");
        }
        if (maxRowsPerSecond < 0) {
            throw new BadUsage("--max-rows-per-second must be 0 (no limit) or more");
        }
        if (guardReplication) {
            ReplicationGuard.watch(System.in, password -> replicaAddress(loaded).with(password), System.out);
            return ExitCodes.DONE;
        }
        Endpoint replicaEndpoint = loaded == null ? common.endpoint("replica", replica, replicaPasswordFile)
            : configured(loaded, !reverse).withRole("replica");
        Endpoint sourceEndpoint = loaded == null ? common.endpoint("source", source, sourcePasswordFile)
            : configured(loaded, reverse).withRole("source");
        Path dir = workDir != null ? workDir : loaded == null ? Path.of("offramp-verify")
            : ConfigLoader.resolve(config, loaded.workDir() == null ? "offramp-work" : loaded.workDir())
                .resolve(reverse ? "verify-reverse" : "verify");
        VerifySettings settings = new VerifySettings(
            schemas != null ? schemas : loaded != null && loaded.copy() != null && loaded.copy().schemas() != null ? loaded.copy().schemas() : List.of(),
            exclude != null ? exclude : loaded != null && loaded.copy() != null && loaded.copy().excludeTables() != null ? loaded.copy().excludeTables() : List.of(),
            chunkRows, maxSnapshotSeconds, maxPauseMillis, maxLagSeconds, LAG_WAIT_SECONDS, maxRowsPerSecond, maxRowFindings, dir, restart, repairSql);
        PrintStream out = common.json ? System.err : System.out;
        out.println("verify: " + sourceEndpoint.uri() + " (source) against " + replicaEndpoint.uri() + " (replica)");
        VerifyResult result;
        Files.createDirectories(dir);
        try (ReplicationGuard guard = ReplicationGuard.start(guardArguments(), replicaEndpoint.password(), dir, out)) {
            result = new LiveVerifier(sourceEndpoint, replicaEndpoint, settings, new RowDiffFindings(), guard, out).run();
        }
        Path report = dir.resolve("verify-report.html");
        WorkDirectory.writePrivate(report, ReportHtml.renderVerify(summary(result), differences(result),
            sourceEndpoint.uri() + " (source) against " + replicaEndpoint.uri() + " (replica)", ZonedDateTime.now())
            .getBytes(StandardCharsets.UTF_8));
        if (common.json) {
            System.out.println(Json.of(result));
        } else {
            print(result, out);
            out.println("report: " + report);
        }
        return result.identical() ? ExitCodes.DONE : ExitCodes.DATA_DIFFERS;
    }

    /** The replica's address and TLS, without its password: what the guard is given on its command line. */
    private Endpoint replicaAddress(Config loaded) {
        if (loaded != null) {
            return configured(loaded, !reverse).withRole("replica");
        }
        return new Endpoint("replica", BadUsage.parsing(() -> Passwords.address(replica)), Secret.EMPTY,
            Passwords.tls(common.sslMode, common.sslCa));
    }

    /** The configuration's target, or its source. */
    private Endpoint configured(Config loaded, boolean target) {
        return target ? ConfigLoader.endpoint("target", loaded.target(), config) : ConfigLoader.endpoint("source", loaded.source(), config);
    }

    /** This command for the guard: where the replica is and how to reach it; its password goes on the guard's pipe. */
    private List<String> guardArguments() {
        List<String> args = new ArrayList<>(List.of("verify"));
        if (config != null) {
            args.addAll(List.of("--config", config.toAbsolutePath().toString()));
            if (reverse) {
                args.add("--reverse");
            }
        } else {
            args.addAll(List.of("--source", source, "--replica", replica));
        }
        if (common.sslMode != null) {
            args.addAll(List.of("--ssl-mode", common.sslMode));
        }
        if (common.sslCa != null) {
            args.addAll(List.of("--ssl-ca", common.sslCa.toAbsolutePath().toString()));
        }
        args.addAll(common.optionFiles.arguments());
        return args;
    }

    private static Map<String, String> summary(VerifyResult r) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("verdict", r.identical() ? "identical" : "DIFFERS");
        s.put("compared", r.tables() + " tables, " + String.format(Locale.ROOT, "%,d", r.rows()) + " rows");
        s.put("time", Units.duration(r.seconds()));
        s.put("longest applier pause", Units.precise(r.longestPauseMillis() / 1000.0));
        s.put("chunks", r.chunks() + (r.resumedChunks() > 0 ? " (" + r.resumedChunks() + " from the interrupted run)" : ""));
        s.put("common points", r.syncs() + " (" + r.retries() + " given up and tried again)");
        s.put("source positions", (r.from() == null ? "-" : r.from()) + " to " + (r.to() == null ? "-" : r.to()));
        s.put("rate", String.format(Locale.ROOT, "%,.0f rows/s", r.rowsPerSecond()));
        s.put("longest read on the source", Units.precise(r.longestReadMillis() / 1000.0));
        s.put("longest write stall by the table lock", r.longestLockMillis() > 0 ? Units.precise(r.longestLockMillis() / 1000.0)
            : "none (no lock taken)");
        s.put("differing", r.identical() ? "nothing" : String.join(", ", r.differingTables()));
        s.put("finished", r.finishedAt());
        return s;
    }

    private static List<List<String>> differences(VerifyResult r) {
        List<List<String>> rows = new ArrayList<>();
        r.differences().forEach(d -> rows.add(Arrays.asList(d.object(), d.part(), d.left(), d.right())));
        r.differingRows().forEach(row -> rows.add(Arrays.asList(row.path("table").asText(""), "row", row.toString(), "")));
        return rows;
    }

    private static void print(VerifyResult r, PrintStream out) {
        r.differences().forEach(d -> out.println("DIFFERS " + d));
        r.differingRows().forEach(row -> out.println("  row " + row));
        out.printf("%s: %d tables, %d rows in %d chunks compared at %d common points of the source's binlog (%s to %s)%s; "
                + "%.1f s, %.0f rows/s; longest applier pause %d ms, longest read on the source %.1f s%s%n",
            r.identical() ? "identical" : "different", r.tables(), r.rows(), r.chunks(), r.syncs(),
            r.from() == null ? "-" : r.from(), r.to() == null ? "-" : r.to(),
            r.resumedChunks() > 0 ? " (" + r.resumedChunks() + " chunks from the interrupted run)" : "", r.seconds(),
            r.rowsPerSecond(), r.longestPauseMillis(), r.longestReadMillis() / 1000.0,
            r.longestLockMillis() > 0 ? ", longest write stall by the table lock " + r.longestLockMillis() + " ms" : "");
        if (!r.identical()) {
            out.println("differing: " + String.join(", ", r.differingTables()));
        }
    }
}
