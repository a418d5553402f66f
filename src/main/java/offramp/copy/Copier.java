package offramp.copy;

import offramp.server.Queries;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.server.Dialect;
import offramp.server.ServerIdentity;
import offramp.server.ServerInfo;
import offramp.usage.BadUsage;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Copies schemas from a still server (a clone) to a target: tables with their primary keys first, the rows in
 * parallel key-range chunks, secondary indexes as each table completes, then foreign keys, views, routines,
 * triggers and events. Every finished step is journalled, so a rerun after any interruption continues.
 */
public final class Copier {

    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;

    private final Endpoint from;
    private final Endpoint to;
    private final CopyOptions options;
    private final PrintStream log;
    private final CopyProgress progress = new CopyProgress();
    /** How every session of this copy on the target loads; set once the target is known. */
    private volatile Sessions.Loading loading;
    /** How many chunks of huge rows may load at once: from the target's redo log and the largest rows. */
    private int hugeAtOnce = 1;

    public Copier(Endpoint from, Endpoint to, CopyOptions options, PrintStream log) {
        this.from = from;
        this.to = to;
        this.options = options;
        this.log = log;
    }

    public CopyProgress progress() {
        return progress;
    }

    public CopyResult run() throws SQLException, IOException, InterruptedException {
        long started = System.nanoTime();
        // The work directory's lock first: a second process on it stops before it touches either server.
        try (CopyJournal journal = CopyJournal.open(options.workDir());
             Connection source = Connections.open(from); Connection target = Connections.open(to)) {
            Sessions.forReading(source);
            ServerInfo sourceInfo = ServerInfo.read(source);
            ServerInfo targetInfo = ServerInfo.read(target);
            ServerIdentity toServer = ServerIdentity.read(target, to.uri());
            ServerIdentity recordedTo = journal.recordedServer("to");
            if (recordedTo == null || toServer.changesSince(recordedTo, "target").isEmpty()) {
                // Before anything that could refuse this run: settings a killed fast load relaxed go back first.
                FastLoad.restoreLeftover(journal, to, targetInfo.dialect()).ifPresent(m -> log.println("copy: " + m));
            } else if (journal.relaxed() != null) {
                log.println("copy: warning: " + FastLoad.leftoverElsewhere(journal, recordedTo, targetInfo.dialect()));
            }
            boolean logBin = options.logBin() || !Sessions.maySkipBinlog(target);
            if (logBin && !options.logBin()) {
                log.println("copy: warning: " + Sessions.binlogWarning(to.uri().user(), targetInfo.dialect()));
            }
            loading = Sessions.Loading.of(targetInfo, logBin);
            if (loading.uniqueChecks()) {
                log.println("copy: note: " + bulkPathNote(targetInfo.version()));
            }
            loading.apply(target);
            Sessions.boundLockWaits(target, options.stallSeconds());
            Catalog catalog = new Catalog(source);
            List<String> schemas = catalog.schemas(options.schemas());
            List<TableSpec> tables = catalog.tables(schemas, options.excludeTables());
            boolean resuming = journal.resuming();
            ServerIdentity fromServer = ServerIdentity.read(source, from.uri());
            journal.begin(from.uri() + " -> " + to.uri() + " schemas " + schemas + " excluding " + options.excludeTables(),
                fromServer, toServer);
            CollationMap collations = new CollationMap(CollationMap.neededFor(sourceInfo.dialect(), targetInfo.dialect()));
            JournalTrust.check(journal, fromServer, toServer, target, tables, collations.active());
            if (journal.stepDone("done")) {
                log.println("copy: the work directory records this copy as complete; nothing to do");
                return result(tables, journal, started, true, new CollationMap(false), List.of(), null);
            }
            CopyRequirements.check(source, from, target, to, targetInfo, schemas, log);
            refuseTablesWeDidNotCreate(target, tables, journal);
            FastLoad fastLoad = null;
            if (options.fastLoad()) {
                fastLoad = FastLoad.relax(journal, to, target, targetInfo);
                log.println("copy: fast load: " + fastLoad.describe() + " until the copy ends; a crash of the target "
                    + "before then means starting the copy over");
            }
            try {
                return copy(source, target, targetInfo, collations, schemas, tables, journal, resuming, started, fastLoad);
            } finally {
                if (fastLoad != null) {
                    fastLoad.restoreAfterFailure(log); // nothing to do when the copy restored them itself
                }
            }
        }
    }

    private CopyResult copy(Connection source, Connection target, ServerInfo targetInfo, CollationMap collations,
                            List<String> schemas, List<TableSpec> tables, CopyJournal journal, boolean resuming,
                            long started, FastLoad fastLoad) throws SQLException, IOException, InterruptedException {
        long largestRow = tables.stream().mapToLong(TableSpec::avgRowLength).max().orElse(0);
        long redoCapacity = TargetDiagnosis.redoCapacity(target, targetInfo.dialect());
        RedoLogCheck.warning(redoCapacity, targetInfo.dialect(), largestRow, options.threads(), options.indexThreads())
            .ifPresent(w -> log.println("copy: warning: " + w));
        hugeAtOnce = RedoLogCheck.hugeLoadsAtOnce(redoCapacity, largestRow, options.threads(), options.indexThreads());
        createSchemas(source, target, schemas, collations);
        long bufferPool = bufferPool(target);
        for (TableSpec table : tables) {
            createTable(target, table, journal, collations);
            if (indexesFitDuringLoad(table, bufferPool) && !journal.indexed(table.id())) {
                addMissing(target, table, table.definition().secondaryIndexes(), "indexes");
            }
        }
        Map<TableSpec, List<Chunk>> plans = plan(source, tables, journal);
        log.println("copy: " + tables.size() + " tables, " + plans.values().stream().mapToInt(List::size).sum()
            + " chunks, " + options.threads() + " threads" + (resuming ? " (resuming)" : ""));
        try (AutoCloseable reporter = progress.report(log, 5)) {
            copyRows(plans, journal, resuming, targetInfo.dialect());
        } catch (SQLException | IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (!journal.stepDone("foreign-keys")) {
            for (TableSpec table : tables) {
                addMissing(target, table, table.definition().foreignKeys(), "foreign keys");
            }
            journal.markStep("foreign-keys");
        }
        List<String> notes = new ArrayList<>();
        if (!journal.stepDone("objects")) {
            try (ClientCharsetConnections sessions = new ClientCharsetConnections(to, target, loading, options.stallSeconds())) {
                SchemaObjects objects = new SchemaObjects(target, sessions, targetInfo.dialect(), options.definers(), collations);
                objects.create(new ObjectCatalog(source).read(schemas));
                notes.addAll(objects.notes());
            }
            journal.markStep("objects");
        }
        if (fastLoad != null) {
            fastLoad.restore(); // before the copy counts as done: nothing may replicate on relaxed settings
            log.println("copy: fast load over: the target's settings are back as they were");
        }
        journal.markStep("done");
        collations.mappings().forEach((a, b) -> notes.add("collation " + a + " mapped to " + b + " (MariaDB has no " + a + ")"));
        notes.forEach(n -> log.println("copy: note: " + n));
        return result(tables, journal, started, resuming, collations, notes, fastLoad == null ? null : fastLoad.describe());
    }

    /** Why a target of this version loads with unique checks on, and what to do about it. */
    public static String bulkPathNote(String version) {
        return "MariaDB " + version + " would load the first chunk of each table through InnoDB's bulk-insert path, "
            + "which before 10.11.11, 11.4.5 and 11.7.2 writes the clustered index to temporary files, loads about half as "
            + "fast and aborts when tmpdir fills (MDEV-34703); the copy keeps unique_checks on to stay off that path. "
            + "Upgrade the target for the fastest load";
    }

    private CopyResult result(List<TableSpec> tables, CopyJournal journal, long started, boolean resumed,
                              CollationMap collations, List<String> notes, String fastLoad) {
        Map<String, Long> rows = new LinkedHashMap<>();
        tables.forEach(t -> rows.put(t.id(), journal.rows(t.id())));
        return new CopyResult(rows, progress.rows(), progress.bytes(), (System.nanoTime() - started) / 1e9, resumed,
            collations.mappings(), notes, fastLoad);
    }

    private static void refuseTablesWeDidNotCreate(Connection target, List<TableSpec> tables, CopyJournal journal)
        throws SQLException {
        Set<String> existing = new HashSet<>();
        try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery(
            "SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA NOT IN ("
                + SystemSchemas.sqlList() + ")")) {
            while (rs.next()) {
                existing.add(rs.getString(1));
            }
        }
        List<String> foreign = tables.stream().map(TableSpec::id)
            .filter(id -> existing.contains(id) && !journal.createdByUs(id)).toList();
        if (!foreign.isEmpty()) {
            throw new BadUsage("the target already holds " + foreign + ", which this copy did not create "
                + "(its work directory has no record of them). offramp copy loads only into tables it creates: drop them "
                + "on the target, or copy to an empty server");
        }
    }

    private static void createSchemas(Connection source, Connection target, List<String> schemas, CollationMap collations)
        throws SQLException {
        for (String schema : schemas) {
            String create;
            try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery("SHOW CREATE DATABASE " + Sql.name(schema))) {
                Queries.requireRow(rs, "SHOW CREATE DATABASE " + Sql.name(schema));
                create = rs.getString(2).replaceFirst("(?i)^CREATE DATABASE ", "CREATE DATABASE IF NOT EXISTS ")
                    .replace("/*!32312 IF NOT EXISTS*/ ", "");
            }
            try (Statement s = target.createStatement()) {
                s.execute(collations.apply(create));
            } catch (SQLException e) {
                throw explained(e, "creating the schema " + schema);
            }
        }
    }

    private static long bufferPool(Connection target) throws SQLException {
        try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery("SELECT @@GLOBAL.innodb_buffer_pool_size")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Whether a table gets its secondary indexes before its rows: when the indexes of as many such tables as there
     * are loads at once stay within half the target's buffer pool, keeping them up to date during the load costs
     * less than reading the table again to sort them afterwards. Larger ones are built after the load by one sort
     * instead of a random insert per row into indexes that no longer fit in memory. An index entry is taken as 48
     * bytes (key, primary key, record overhead). FULLTEXT and SPATIAL indexes are always built afterwards.
     */
    private boolean indexesFitDuringLoad(TableSpec table, long bufferPool) {
        List<String> indexes = table.definition().secondaryIndexes();
        if (indexes.stream().anyMatch(c -> c.contains("FULLTEXT ") || c.contains("SPATIAL "))) {
            return false; // kept up to date row by row, these cost far more than one build afterwards
        }
        long entries = Math.max(0, table.rowsEstimate()) * indexes.size();
        return entries > 0 && entries * 48 * options.threads() < bufferPool / 2;
    }

    private static void createTable(Connection target, TableSpec table, CopyJournal journal, CollationMap collations)
        throws SQLException, IOException {
        if (journal.created(table.id())) {
            return;
        }
        try (Statement s = target.createStatement()) {
            if (journal.createdByUs(table.id())) {
                s.execute("DROP TABLE IF EXISTS " + table.qualified()); // created by a run killed right after
            }
            journal.markCreating(table.id());
            s.execute("USE " + Sql.name(table.schema()));
            s.execute(collations.apply(table.definition().createWithoutSecondary()));
        } catch (SQLException e) {
            throw explained(e, "creating " + table.id());
        }
        journal.markCreated(table.id());
    }

    private Map<TableSpec, List<Chunk>> plan(Connection source, List<TableSpec> tables, CopyJournal journal)
        throws SQLException, IOException {
        Map<TableSpec, List<Chunk>> plans = new LinkedHashMap<>();
        List<TableSpec> bySize = new ArrayList<>(tables);
        bySize.sort(Comparator.comparingLong((TableSpec t) -> t.rowsEstimate() * Math.max(1, t.avgRowLength())).reversed());
        ChunkPlanner planner = new ChunkPlanner(source);
        for (TableSpec table : bySize) {
            List<KeyRange> ranges = journal.plan(table.id());
            List<Chunk> chunks;
            if (ranges == null) {
                chunks = planner.plan(table, options.rowsPerChunk(table));
                journal.markPlanned(table.id(), chunks);
            } else {
                chunks = new ArrayList<>();
                for (KeyRange r : ranges) {
                    chunks.add(new Chunk(table.id(), chunks.size(), r));
                }
            }
            plans.put(table, chunks);
            progress.expect(table);
        }
        return plans;
    }

    private void copyRows(Map<TableSpec, List<Chunk>> plans, CopyJournal journal, boolean resuming, Dialect targetFlavor)
        throws SQLException, IOException, InterruptedException {
        record Work(TableSpec table, Chunk chunk) {
        }
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (StallWatch watch = new StallWatch(to, targetFlavor, progress, Duration.ofSeconds(options.stallSeconds()),
            Duration.ofSeconds(Math.min(5, options.stallSeconds())), e -> failure.compareAndSet(null, e))) {
            ChunkScheduler<Work> queue = new ChunkScheduler<>(() -> watch.indexBuildsRunning() > 0, hugeAtOnce);
            Map<String, AtomicInteger> remaining = new ConcurrentHashMap<>();
            List<TableSpec> complete = new ArrayList<>();
            Set<String> reload = resuming ? reloadWhole(plans, journal) : Set.of();
            plans.forEach((table, chunks) -> {
                int left = 0;
                for (Chunk chunk : chunks) {
                    if (reload.contains(table.id()) || !journal.chunkDone(table.id(), chunk.number())) {
                        queue.add(table.id(), new Work(table, chunk));
                        left++;
                    }
                }
                if (CopyOptions.hugeRows(table)) {
                    queue.hugeRows(table.id());
                }
                remaining.put(table.id(), new AtomicInteger(left));
                if (left == 0) {
                    complete.add(table);
                }
            });
            ExecutorService indexBuilds = Executors.newFixedThreadPool(Math.max(1, options.indexThreads()));
            List<Future<?>> builds = new ArrayList<>();
            complete.forEach(t -> builds.add(indexBuilds.submit(() -> buildIndexes(t, journal, failure, watch))));
            ExecutorService workers = Executors.newFixedThreadPool(options.threads());
            try {
                for (int i = 0; i < options.threads(); i++) {
                    workers.submit(() -> {
                        try (ChunkCopier copier = new ChunkCopier(Connections.openForLongWork(from), Connections.openForLoading(to),
                            progress::streamed, loading)) {
                            copier.watchedBy(watch);
                            Optional<ChunkScheduler.Claim<Work>> claim;
                            while ((claim = queue.next(() -> failure.get() != null)).isPresent()) {
                                Work work = claim.get().chunk();
                                ChunkCopier.Moved moved;
                                try {
                                    moved = copier.copy(work.table(), work.chunk(), resuming && !reload.contains(work.table().id()));
                                } finally {
                                    queue.release(claim.get().table());
                                }
                                journal.markChunkDone(work.chunk(), moved.rows());
                                progress.moved(work.table().id(), moved.rows(), moved.bytes());
                                if (remaining.get(work.table().id()).decrementAndGet() == 0) {
                                    TableSpec done = work.table();
                                    synchronized (builds) {
                                        builds.add(indexBuilds.submit(() -> buildIndexes(done, journal, failure, watch)));
                                    }
                                }
                            }
                        } catch (Exception e) {
                            failure.compareAndSet(null, e);
                        }
                        return null;
                    });
                }
                workers.shutdown();
                workers.awaitTermination(Long.MAX_VALUE, java.util.concurrent.TimeUnit.DAYS); // the watchdog bounds it
                synchronized (builds) {
                    indexBuilds.shutdown();
                }
                indexBuilds.awaitTermination(Long.MAX_VALUE, java.util.concurrent.TimeUnit.DAYS);
            } finally {
                workers.shutdownNow();
                indexBuilds.shutdownNow();
            }
        }
        Exception e = failure.get();
        if (e instanceof SQLException se) {
            throw se;
        }
        if (e instanceof IOException io) {
            throw io;
        }
        if (e != null) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Empties the tables {@link WholeReload} names, saying why, and returns them: all their chunks load again. */
    private Set<String> reloadWhole(Map<TableSpec, List<Chunk>> plans, CopyJournal journal) throws SQLException, IOException {
        try (Connection target = Connections.openForLongWork(to)) {
            loading.apply(target);
            Set<String> reload = WholeReload.tables(target, plans, journal);
            for (TableSpec table : plans.keySet()) {
                if (reload.contains(table.id())) {
                    log.println("copy: " + table.id() + ": its key compares in a collation the target does not have, so its "
                        + "chunks cannot be cleared one by one: the table is emptied and loaded again whole");
                    journal.markReloading(table.id()); // before the rows go: a kill now leaves a journal that expects none
                    WholeReload.empty(target, table);
                }
            }
            return reload;
        }
    }

    private Void buildIndexes(TableSpec table, CopyJournal journal, AtomicReference<Exception> failure, StallWatch watch) {
        if (failure.get() != null || journal.indexed(table.id())) {
            return null;
        }
        watch.indexBuildStarted();
        try (Connection target = Connections.openForLongWork(to)) {
            watch.watch(target, true);
            loading.apply(target);
            addMissing(target, table, table.definition().secondaryIndexes(), "indexes");
            journal.markIndexed(table.id());
            watch.forget(target);
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        } finally {
            watch.indexBuildEnded();
        }
        return null;
    }

    /**
     * Adds the clauses whose index or constraint the target does not have yet: a rerun after a kill that came
     * between the ALTER and its journal line must not add them twice.
     */
    private static void addMissing(Connection target, TableSpec table, List<String> clauses, String what) throws SQLException {
        if (clauses.isEmpty()) {
            return;
        }
        Set<String> existing = new HashSet<>();
        try (PreparedStatement ps = target.prepareStatement("SELECT INDEX_NAME FROM information_schema.STATISTICS "
            + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? UNION SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS "
            + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.name());
            ps.setString(3, table.schema());
            ps.setString(4, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    existing.add(rs.getString(1));
                }
            }
        }
        List<String> missing = clauses.stream().filter(c -> !existing.contains(TableDefinition.nameOf(c))).toList();
        if (missing.isEmpty()) {
            return;
        }
        try (Statement s = target.createStatement()) {
            s.execute("ALTER TABLE " + table.qualified() + " " + String.join(", ", missing));
        } catch (SQLException e) {
            SQLException explained = explained(e, "adding the " + what + " of " + table.id());
            throw explained != e ? explained : new SQLException("adding the " + what + " of " + table.id() + " failed: "
                + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        }
    }

    /**
     * A DDL statement that gave up waiting for a metadata lock, said with its cause and what to do; any other
     * error as it is.
     */
    private static SQLException explained(SQLException e, String doing) {
        if (e.getErrorCode() != ER_LOCK_WAIT_TIMEOUT) {
            return e;
        }
        return new SQLException(doing + " on the target gave up after --stall-seconds waiting for a metadata lock another "
            + "session holds (a backup's FLUSH TABLES WITH READ LOCK or BACKUP STAGE, a long transaction): SHOW PROCESSLIST "
            + "on the target names it. Rerun the same command to resume", e.getSQLState(), e.getErrorCode(), e);
    }
}
