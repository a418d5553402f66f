package offramp.verify.live;

import offramp.binlog.BinlogCoordinates;
import offramp.binlog.RowChangeReader;
import offramp.catalog.Catalog;
import offramp.catalog.Chunk;
import offramp.catalog.ChunkPlanner;
import offramp.catalog.KeyRange;
import offramp.catalog.ObjectCatalog;
import offramp.catalog.ReadingSession;
import offramp.catalog.TableSpec;
import offramp.replication.Replica;
import offramp.server.Connections;
import offramp.server.Dialect;
import offramp.server.Endpoint;
import offramp.server.ServerInfo;
import offramp.verify.Checksummer;
import offramp.verify.ChunkDigest;
import offramp.verify.Difference;
import offramp.verify.SchemaComparison;
import offramp.work.WorkerPool;
import offramp.workdir.WorkDirectory;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Proves a running replica identical to its live source, with no write stop: table by table, chunk by chunk, each
 * chunk read on both servers at the same point of the source's binlog. For each slice of chunks the replica's
 * applier is paused, a consistent read is opened on the source with the binlog position it matches
 * ({@link SourceRead}), the replica applies exactly up to that position and stops, a consistent read is opened on
 * it there, and its applier resumes; then the slice's chunks are compared in both reads while both servers go on.
 * A read is never held open on the source longer than {@code max-snapshot-seconds}: the slices are cut to fit.
 * Nothing is written on the source. Each chunk's verdict is journalled with its position, so that a rerun resumes.
 */
public final class LiveVerifier {

    /** The replica stayed too far behind for a common point to be reached within the bounds. */
    public static final class ReplicaBehind extends SQLException {
        ReplicaBehind(String message) {
            super(message);
        }
    }

    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    /** Synchronisations given up in a row before the verification stops with the reason. */
    private static final int MAX_RETRIES_IN_A_ROW = 20;

    private final Endpoint source;
    private final Endpoint replica;
    private final VerifySettings settings;
    private final RowFindings findings;
    private final ReplicationGuard guard;
    private final PrintStream out;

    private final ReadBudget budget;
    private int syncs;
    private int retries;
    private long longestReadMillis;
    private long longestLockMillis;
    private long longestPause;
    /** Tables already warned of a chunk that took longer than a read may stay open. */
    private final Set<String> tooLong = new LinkedHashSet<>();
    private long lastProgress = System.nanoTime();
    private String from;
    private String to;

    public LiveVerifier(Endpoint source, Endpoint replica, VerifySettings settings, RowFindings findings,
                        ReplicationGuard guard, PrintStream out) {
        this.source = source;
        this.replica = replica;
        this.settings = settings;
        this.findings = findings;
        this.guard = guard;
        this.out = out;
        this.budget = new ReadBudget(settings.maxSnapshotSeconds() * 1000L);
    }

    public VerifyResult run() throws Exception {
        long started = System.nanoTime();
        try (Connection sc = Connections.open(source); Connection rc = Connections.open(replica)) {
            ReadingSession.apply(sc);
            ReadingSession.apply(rc);
            Dialect sourceDialect = ServerInfo.read(sc).dialect();
            Dialect replicaDialect = ServerInfo.read(rc).dialect();
            Catalog catalog = new Catalog(sc);
            List<String> schemas = catalog.schemas(settings.schemas());
            VerifyRequirements.check(sc, sourceDialect, rc, replicaDialect, schemas, source.uri().user(), replica.uri().user());
            List<TableSpec> tables = catalog.tables(schemas, settings.excludeTables());
            List<Difference> differences = new ArrayList<>(definitions(sc, rc, schemas, tables));

            VerifyJournal.Scope scope = new VerifyJournal.Scope(source.uri().toString(), replica.uri().toString(),
                settings.schemas(), settings.excludeTables(), settings.chunkRows());
            try (VerifyJournal journal = VerifyJournal.open(settings.workDir(), scope, settings.restart(), out)) {
                if (!journal.resumed() && ServerInfo.read(rc).logBin()) {
                    journal.replicaBinlog(Replica.currentPosition(rc).toString());
                }
                Map<String, TableSpec> byId = new LinkedHashMap<>();
                tables.forEach(t -> byId.put(t.id(), t));
                Deque<Chunk> pending = plan(sc, tables, journal);
                int resumed = journal.verdicts().size();
                if (journal.resumed()) {
                    out.println("  resuming the verification in " + journal.directory() + ": " + resumed + " chunks already compared");
                }
                out.println("  " + tables.size() + " tables, " + (pending.size() + resumed) + " chunks; reads on the source at most "
                    + settings.maxSnapshotSeconds() + " s, the replica's applier paused at most " + settings.maxPauseMillis() + " ms a time");
                compareAll(sourceDialect, rc, replicaDialect, byId, pending, journal);
                return result(journal, tables, differences, resumed, started);
            }
        }
    }

    /**
     * Compares again, each at a new common point, the chunks the binlogs changed since the last finished verification
     * in the work directory found them identical, and appends their verdicts to its journal; so that a cutover's
     * comparison under the fence covers only what changes after this. Does nothing when at most {@code enough}
     * chunks changed. Returns the outcome, or null when it did nothing.
     */
    public VerifyResult refresh(int enough) throws Exception {
        long started = System.nanoTime();
        Verified verified = VerifyJournal.lastFinished(settings.workDir());
        if (verified == null || !verified.identical()) {
            throw new IllegalStateException("no finished verification that found the servers identical in " + settings.workDir());
        }
        try (Connection sc = Connections.open(source); Connection rc = Connections.open(replica)) {
            ReadingSession.apply(sc);
            ReadingSession.apply(rc);
            Dialect sourceDialect = ServerInfo.read(sc).dialect();
            ServerInfo replicaInfo = ServerInfo.read(rc);
            Catalog catalog = new Catalog(sc);
            List<String> schemas = catalog.schemas(settings.schemas());
            List<TableSpec> tables = catalog.tables(schemas, settings.excludeTables());
            Map<String, TableSpec> byId = new LinkedHashMap<>();
            tables.forEach(t -> byId.put(t.id(), t));
            ChangedChunks.Found changed = ChangedChunks.since(verified, byId, new RowChangeReader(source),
                Replica.currentPosition(sc), replicaInfo.logBin() ? new RowChangeReader(replica) : null,
                replicaInfo.logBin() ? Replica.currentPosition(rc) : null, replicaInfo.serverId());
            Deque<Chunk> pending = new ArrayDeque<>();
            verified.plans().forEach((table, plan) -> {
                if (byId.containsKey(table)) {
                    for (int n = 0; n < plan.size(); n++) {
                        if (changed.wholeTables().containsKey(table) || changed.chunks().getOrDefault(table, EMPTY).contains(n)) {
                            pending.add(verified.chunk(table, n));
                        }
                    }
                }
            });
            if (pending.size() <= enough) {
                return null;
            }
            out.println("  " + pending.size() + " chunks changed since their verification: comparing them again");
            try (VerifyJournal journal = VerifyJournal.reopen(settings.workDir())) {
                compareAll(sourceDialect, rc, replicaInfo.dialect(), byId, pending, journal);
                return result(journal, tables, definitions(sc, rc, schemas, tables), 0, started);
            }
        }
    }

    private static final SortedSet<Integer> EMPTY = new TreeSet<>();

    /** Definitions compared as checksum compares them, without AUTO_INCREMENT counters (a replica's may differ). */
    private static List<Difference> definitions(Connection sc, Connection rc, List<String> schemas, List<TableSpec> tables)
        throws SQLException {
        List<Difference> found = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        tables.forEach(t -> ids.add(t.id()));
        Catalog onReplica = new Catalog(rc);
        for (TableSpec t : onReplica.tablesExcluding(onReplica.schemas(List.of()).stream().filter(schemas::contains).toList(),
            List.of())) {
            if (!ids.contains(t.id())) {
                found.add(new Difference("table " + t.id(), null, null, "exists"));
            }
        }
        SchemaComparison.differences(sc, rc, schemas, new ArrayList<>(ids)).stream()
            .filter(d -> !"AUTO_INCREMENT".equals(d.part())).forEach(found::add);
        return found;
    }

    /** The chunks still to compare, in plan order: the journal's plan when resuming, else a new one, journalled. */
    private Deque<Chunk> plan(Connection sc, List<TableSpec> tables, VerifyJournal journal) throws SQLException, IOException {
        Deque<Chunk> pending = new ArrayDeque<>();
        ChunkPlanner planner = new ChunkPlanner(sc);
        for (TableSpec t : tables) {
            List<KeyRange> ranges = journal.plans().get(t.id());
            if (ranges == null) {
                ranges = planner.plan(t, settings.chunkRows()).stream().map(Chunk::range).toList();
                journal.planned(t.id(), ranges);
            }
            for (int i = 0; i < ranges.size(); i++) {
                if (!journal.verdicts().containsKey(ChunkVerdict.key(t.id(), i))) {
                    pending.add(new Chunk(t.id(), i, ranges.get(i)));
                }
            }
        }
        return pending;
    }

    private void compareAll(Dialect sourceDialect, Connection rc, Dialect replicaDialect, Map<String, TableSpec> byId,
                            Deque<Chunk> pending, VerifyJournal journal) throws Exception {
        Applier applier = new Applier(rc, replicaDialect, guard);
        Throttle throttle = new Throttle(settings.maxRowsPerSecond());
        try (Connection sourceRead = reader(source); Connection replicaRead = reader(replica);
             Connection locker = sourceDialect.snapshotPositionQuery() == null || SourceRead.lockEverywhere
                 ? Connections.open(source) : null;
             WorkerPool replicaSide = new WorkerPool("verify-replica", 1, "a chunk's checksum query on " + replica.uri())) {
            int inARow = 0;
            while (!pending.isEmpty()) {
                awaitLag(applier);
                List<Chunk> slice = slice(pending, byId);
                BinlogCoordinates at = sync(applier, sourceRead, locker, replicaRead, sourceDialect, slice, byId);
                if (at == null) {
                    if (++inARow >= MAX_RETRIES_IN_A_ROW) {
                        throw new SQLException("no common point of source and replica could be reached in " + inARow
                            + " tries: the source's lock was not granted within its wait, or the replica did not reach the "
                            + "source's position within half of --max-snapshot-seconds; raise --max-snapshot-seconds or "
                            + "--max-pause-ms, or verify at a quieter time");
                    }
                    Thread.sleep(Math.min(5_000, 100L << Math.min(inARow, 6)));
                    continue;
                }
                inARow = 0;
                long opened = System.nanoTime();
                try {
                    compareSlice(slice, pending, at, opened, byId, sourceRead, replicaRead, replicaSide, journal, throttle);
                } finally {
                    SourceRead.execute(sourceRead, "COMMIT");
                    SourceRead.execute(replicaRead, "COMMIT");
                    longestReadMillis = Math.max(longestReadMillis, (System.nanoTime() - opened) / 1_000_000);
                }
                progress(journal, pending.size());
            }
            longestPause = applier.longestPauseMillis();
        }
    }

    private void progress(VerifyJournal journal, int left) {
        if (System.nanoTime() - lastProgress > 10_000_000_000L && left > 0) {
            lastProgress = System.nanoTime();
            out.println("  " + journal.verdicts().size() + " chunks compared, " + left + " to go; " + syncs + " common points, at " + to);
        }
    }

    /** A reading session: UTC, repeatable read, for consistent snapshots. */
    private static Connection reader(Endpoint endpoint) throws SQLException {
        Connection c = Connections.openForLongWork(endpoint);
        ReadingSession.apply(c);
        SourceRead.execute(c, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        return c;
    }

    /** Waits, bounded, while the replica is further behind than max-lag-seconds: its catch-up would hold the read open. */
    private void awaitLag(Applier applier) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + settings.lagWaitSeconds() * 1_000_000_000L;
        boolean said = false;
        while (true) {
            Long lag = applier.lagSeconds();
            if (lag != null && lag <= settings.maxLagSeconds()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ReplicaBehind("the replica stayed " + (lag == null ? "an unknown time (its lag is not known)" : lag + " s")
                    + " behind its source for " + settings.lagWaitSeconds() + " s (verify starts a comparison only within "
                    + "--max-lag-seconds " + settings.maxLagSeconds() + "); see offramp status");
            }
            if (!said) {
                out.println("  waiting for the replica to catch up: " + (lag == null ? "its lag is unknown" : lag + " s behind"));
                said = true;
            }
            Thread.sleep(500);
        }
    }

    /** The next chunks that are expected to fit in one read; at least one. */
    private List<Chunk> slice(Deque<Chunk> pending, Map<String, TableSpec> byId) {
        List<Chunk> slice = new ArrayList<>();
        long expected = 0;
        for (Chunk c : pending) {
            long rows = expectedRows(byId.get(c.table()), c);
            if (!slice.isEmpty() && !budget.fits(expected, rows)) {
                break;
            }
            slice.add(c);
            expected += budget.expectedMillis(rows);
        }
        return slice;
    }

    private long expectedRows(TableSpec table, Chunk chunk) {
        return table.chunked() ? Math.min(settings.chunkRows(), Math.max(1, table.rowsEstimate())) : Math.max(1, table.rowsEstimate());
    }

    /**
     * Brings source and replica to a common point for a slice: returns the source position both reads are open at,
     * or null when this attempt was given up (the applier runs again either way).
     */
    private BinlogCoordinates sync(Applier applier, Connection sourceRead, Connection locker, Connection replicaRead,
                                   Dialect sourceDialect, List<Chunk> slice, Map<String, TableSpec> byId) throws SQLException {
        List<String> tables = slice.stream().map(Chunk::table).distinct().map(t -> byId.get(t).qualified()).toList();
        applier.pause();
        boolean resumed = false;
        try {
            SourceRead.Opened opened;
            try {
                opened = SourceRead.open(sourceRead, locker, sourceDialect, tables,
                    (int) Math.max(1, settings.maxPauseMillis() / 2000));
            } catch (SQLException e) {
                if (e.getErrorCode() == ER_LOCK_WAIT_TIMEOUT) {
                    retries++;
                    return null;
                }
                throw e;
            }
            longestLockMillis = Math.max(longestLockMillis, opened.lockedMillis());
            if (applier.pausedMillis() > settings.maxPauseMillis()
                || !applier.applyUntil(opened.at(), budget.maxMillis() / 2)) {
                SourceRead.execute(sourceRead, "ROLLBACK");
                retries++;
                return null;
            }
            SourceRead.execute(replicaRead, SourceRead.START_SNAPSHOT);
            applier.resume();
            resumed = true;
            syncs++;
            if (from == null) {
                from = opened.at().toString();
            }
            to = opened.at().toString();
            return opened.at();
        } finally {
            if (!resumed) {
                applier.resume();
            }
        }
    }

    private void compareSlice(List<Chunk> slice, Deque<Chunk> pending, BinlogCoordinates at, long opened,
                              Map<String, TableSpec> byId, Connection sourceRead, Connection replicaRead,
                              WorkerPool replicaSide, VerifyJournal journal, Throttle throttle) throws Exception {
        int done = 0;
        for (Chunk chunk : slice) {
            TableSpec table = byId.get(chunk.table());
            long openMillis = (System.nanoTime() - opened) / 1_000_000;
            if (done > 0 && !budget.fits(openMillis, expectedRows(table, chunk))) {
                break;
            }
            long began = System.nanoTime();
            Future<ChunkDigest> onReplica = replicaSide.submit(() -> Checksummer.digest(replicaRead, table, chunk));
            ChunkDigest onSource;
            try {
                onSource = Checksummer.digest(sourceRead, table, chunk);
            } finally {
                awaitQuietly(onReplica);
            }
            ChunkDigest replicaDigest = get(onReplica);
            long tookMillis = (System.nanoTime() - began) / 1_000_000;
            budget.measured(Math.max(onSource.rows(), replicaDigest.rows()), tookMillis);
            if (tookMillis > budget.maxMillis() && tooLong.add(table.id())) {
                out.println("  WARNING table " + table.id() + ": one chunk took " + tookMillis / 1000.0 + " s, longer than "
                    + "--max-snapshot-seconds " + settings.maxSnapshotSeconds() + (table.chunked() ? ": lower --chunk-rows"
                    : ": it has no primary or unique key, so it is read in one piece; give it one"));
            }
            Difference d = Checksummer.compare("table " + table.id() + " chunk " + chunk.number() + " (key "
                + Checksummer.describe(chunk) + ")", onSource, replicaDigest);
            RowFindings.Found found = d == null ? RowFindings.Found.NOTHING
                : findings.of(sourceRead, replicaRead, table, chunk, settings.maxRowFindings());
            journal.verdict(new ChunkVerdict(table.id(), chunk.number(), at.toString(), onSource.rows(), replicaDigest.rows(),
                d == null ? List.of() : List.of(d), found.rows(), found.repair()));
            done++;
            throttle.after(Math.max(0, onSource.rows()));
        }
        for (int i = 0; i < done; i++) {
            pending.removeFirst();
        }
    }

    private static void awaitQuietly(Future<?> f) throws InterruptedException {
        try {
            f.get();
        } catch (ExecutionException ignored) {
            // thrown again by get(), or hidden by the source side's own failure
        }
    }

    private static ChunkDigest get(Future<ChunkDigest> f) throws SQLException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException se) {
                throw se;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    private VerifyResult result(VerifyJournal journal, List<TableSpec> tables, List<Difference> definitions, int resumed,
                                long started) throws IOException {
        List<Difference> differences = new ArrayList<>(definitions);
        List<JsonNode> rows = new ArrayList<>();
        Set<String> differing = new LinkedHashSet<>();
        definitions.forEach(d -> differing.add(d.object()));
        long compared = 0;
        for (ChunkVerdict v : journal.verdicts().values()) {
            compared += Math.max(0, v.sourceRows());
            if (!v.identical()) {
                differences.addAll(v.differences());
                rows.addAll(v.rows());
                differing.add("table " + v.table());
            }
        }
        boolean identical = differences.isEmpty();
        if (settings.repairSql() != null) {
            writeRepair(journal, settings.repairSql(), replicaTriggers(journal, tables));
        }
        journal.finished(identical ? "identical" : "differs");
        double seconds = (System.nanoTime() - started) / 1e9;
        VerifyResult result = new VerifyResult(identical, tables.size(), compared, journal.verdicts().size(), resumed, syncs, retries,
            longestPause, longestReadMillis, longestLockMillis, seconds, from, to, differences, rows,
            new ArrayList<>(differing), Instant.now());
        LastVerification.record(journal.directory(), result);
        return result;
    }

    /** The replica's triggers on the tables that have repair statements, by {@code schema.table}. */
    private Map<String, List<String>> replicaTriggers(VerifyJournal journal, List<TableSpec> tables) {
        Set<String> repaired = new HashSet<>();
        journal.verdicts().values().stream().filter(v -> !v.repair().isEmpty()).forEach(v -> repaired.add(v.table()));
        Map<String, List<String>> triggers = new TreeMap<>();
        if (repaired.isEmpty()) {
            return triggers;
        }
        try (Connection c = Connections.open(replica)) {
            ObjectCatalog catalog = new ObjectCatalog(c);
            for (TableSpec t : tables) {
                List<String> names = repaired.contains(t.id()) ? catalog.triggersOf(t.schema(), t.name()) : List.of();
                if (!names.isEmpty()) {
                    triggers.put(t.id(), names);
                }
            }
        } catch (SQLException e) {
            triggers.put("(the replica's triggers could not be read: " + e.getMessage() + ")", List.of("check them by hand"));
        }
        return triggers;
    }

    /**
     * Writes the statements that would bring the replica in line, from every differing chunk's verdict, for the DBA
     * to review and run; offramp never runs them. Without differing rows the file says so and holds no statement.
     */
    private static void writeRepair(VerifyJournal journal, Path file, Map<String, List<String>> triggers) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("-- offramp verify: statements that bring the replica in line with the source, at the compared points.");
        lines.add("-- Review before running them on the replica. They are not written to the replica's binlog.");
        if (!triggers.isEmpty()) {
            // Row events from the source fire no trigger on the replica; these statements do, and what the triggers
            // write is then on the replica only.
            lines.add("-- The replica's triggers fire for these statements, unlike for what replication applies:");
            triggers.forEach((table, names) -> lines.add("--   " + table + ": " + String.join(", ", names)));
            lines.add("-- Their writes would make new differences: drop them for the repair and create them again after.");
        }
        lines.add("SET SESSION sql_log_bin = 0;");
        for (ChunkVerdict v : journal.verdicts().values()) {
            if (!v.repair().isEmpty()) {
                lines.add("-- " + v.table() + " chunk " + v.chunk() + ", compared at " + v.at());
                v.repair().stream().filter(st -> !st.toUpperCase().startsWith("SET SESSION SQL_LOG_BIN")
                    && !st.toUpperCase().startsWith("SET SQL_LOG_BIN")).map(st -> st.endsWith(";") ? st : st + ";")
                    .forEach(lines::add);
            }
        }
        WorkDirectory.writePrivate(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
