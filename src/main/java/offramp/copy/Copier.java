package offramp.copy;

import offramp.accounts.AccountCopy;
import offramp.catalog.ObjectCatalog;
import offramp.catalog.ReadingSession;
import offramp.catalog.TableSpec;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.server.ServerIdentity;
import offramp.server.ServerInfo;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies schemas from a still server (a clone) to a target: tables with their primary keys first, the rows in
 * parallel key-range chunks, secondary indexes as each table completes, then foreign keys, views, routines,
 * triggers and events. Every finished step is journalled, so a rerun after any interruption continues.
 *
 * <p>The coordinator of the copy's roles: the {@link CopyPlanner} reads the source and decides the work, the
 * {@link TargetApplier} owns the DDL on the target, and the {@link ChunkLoader} runs the chunk workers and the
 * index builds that follow each table's last chunk.
 */
public final class Copier {

    private final Endpoint from;
    private final Endpoint to;
    private final CopyOptions options;
    private final PrintStream log;
    private final CopyProgress progress = new CopyProgress();
    /** How every session of this copy on the target loads; set once the target is known. */
    private volatile Sessions.Loading loading;

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
            ReadingSession.apply(source);
            ServerInfo sourceInfo = ServerInfo.read(source);
            ServerInfo targetInfo = ServerInfo.read(target);
            ServerIdentity toServer = ServerIdentity.read(target, to.uri());
            restoreLeftoverFastLoad(journal, toServer, targetInfo);
            loading = loading(target, targetInfo);
            loading.apply(target);
            Sessions.boundLockWaits(target, options.stallSeconds());
            CopyPlanner planner = new CopyPlanner(source, options);
            List<String> schemas = planner.schemas();
            List<TableSpec> tables = planner.tables(schemas);
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
            CopyRequirements.check(source, from, target, to, targetInfo, schemas, options.excludeTables(),
                loading.logBin() && targetInfo.logBin(), log);
            AccountStep accounts = AccountStep.plan(new AccountCopy(source, sourceInfo.dialect(), target,
                targetInfo.dialect(), options.accounts()), journal, log);
            TargetApplier applier = new TargetApplier(target, journal, collations);
            applier.refuseTablesItDidNotCreate(tables);
            FastLoad fastLoad = null;
            if (options.fastLoad()) {
                fastLoad = FastLoad.relax(journal, to, target, targetInfo);
                log.println("copy: fast load: " + fastLoad.describe() + " until the copy ends; a crash of the target "
                    + "before then means starting the copy over");
            }
            try {
                return copy(planner, applier, target, targetInfo, collations, schemas, tables, journal, resuming,
                    started, fastLoad, accounts);
            } finally {
                if (fastLoad != null) {
                    fastLoad.restoreAfterFailure(log); // nothing to do when the copy restored them itself
                }
            }
        }
    }

    /** Before anything that could refuse this run: settings a killed fast load relaxed on this target go back first. */
    private void restoreLeftoverFastLoad(CopyJournal journal, ServerIdentity toServer, ServerInfo targetInfo)
        throws SQLException, IOException {
        ServerIdentity recordedTo = journal.recordedServer("to");
        if (recordedTo == null || toServer.changesSince(recordedTo, "target").isEmpty()) {
            FastLoad.restoreLeftover(journal, to, targetInfo.dialect()).ifPresent(m -> log.println("copy: " + m));
        } else if (journal.relaxed() != null) {
            log.println("copy: warning: " + FastLoad.leftoverElsewhere(journal, recordedTo, targetInfo.dialect()));
        }
    }

    /** How the copy's target sessions load: into the binlog or not; said when it costs. */
    private Sessions.Loading loading(Connection target, ServerInfo targetInfo) throws SQLException {
        boolean logBin = options.logBin() || !Sessions.maySkipBinlog(target);
        if (logBin && !options.logBin()) {
            log.println("copy: warning: " + Sessions.binlogWarning(to.uri().user(), targetInfo.dialect()));
        }
        return new Sessions.Loading(logBin);
    }

    private CopyResult copy(CopyPlanner planner, TargetApplier applier, Connection target, ServerInfo targetInfo,
                            CollationMap collations, List<String> schemas, List<TableSpec> tables, CopyJournal journal,
                            boolean resuming, long started, FastLoad fastLoad, AccountStep accounts)
        throws SQLException, IOException, InterruptedException {
        long largestRow = tables.stream().mapToLong(TableSpec::avgRowLength).max().orElse(0);
        long redoCapacity = TargetDiagnosis.redoCapacity(target, targetInfo.dialect());
        RedoLogCheck.warning(redoCapacity, targetInfo.dialect(), largestRow, options.threads(), options.indexThreads())
            .ifPresent(w -> log.println("copy: warning: " + w));
        int hugeAtOnce = RedoLogCheck.hugeLoadsAtOnce(redoCapacity, largestRow, options.threads(), options.indexThreads());
        applier.createSchemas(planner.schemaDefinitions(schemas));
        applier.createTables(tables);
        // A rerun plans every table first: which tables it reloads whole depends on all the plans.
        CopyPlanner.Plans plans = planner.chunks(tables, journal, !resuming);
        tables.forEach(progress::expect);
        log.println("copy: " + tables.size() + " tables, " + plans.ready().values().stream().mapToInt(List::size).sum()
            + " chunks" + (plans.toWalk().isEmpty() ? "" : " (" + plans.toWalk().size() + " of the tables still to be"
            + " cut, their keys walked while the others load)") + ", " + options.threads() + " threads"
            + (resuming ? " (resuming)" : ""));
        ChunkLoader loader = new ChunkLoader(from, to, options, loading, journal, progress, log);
        try (AutoCloseable reporter = progress.report(log, 5)) {
            loader.load(plans, planner, resuming, targetInfo.dialect(), hugeAtOnce);
        } catch (SQLException | IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (!journal.stepDone("foreign-keys")) {
            applier.addForeignKeys(tables);
            journal.markStep("foreign-keys");
        }
        List<String> notes = new ArrayList<>();
        accounts.create(); // before the objects, whose definers they may be
        if (!journal.stepDone("objects")) {
            try (ClientCharsetConnections sessions = new ClientCharsetConnections(to, target, loading, options.stallSeconds())) {
                SchemaObjects objects = new SchemaObjects(target, sessions, targetInfo.dialect(), options.definers(), collations);
                objects.create(new ObjectCatalog(planner.source()).read(schemas));
                notes.addAll(objects.notes());
            }
            journal.markStep("objects");
        }
        notes.addAll(accounts.grant()); // after the objects: grants on tables, columns and routines need them
        if (fastLoad != null) {
            fastLoad.restore(); // before the copy counts as done: nothing may replicate on relaxed settings
            log.println("copy: fast load over: the target's settings are back as they were");
        }
        journal.markStep("done");
        collations.mappings().forEach((a, b) -> notes.add("collation " + a + " mapped to " + b + " (MariaDB has no " + a + ")"));
        notes.forEach(n -> log.println("copy: note: " + n));
        return result(tables, journal, started, resuming, collations, notes, fastLoad == null ? null : fastLoad.describe());
    }

    private CopyResult result(List<TableSpec> tables, CopyJournal journal, long started, boolean resumed,
                              CollationMap collations, List<String> notes, String fastLoad) {
        Map<String, Long> rows = new LinkedHashMap<>();
        tables.forEach(t -> rows.put(t.id(), journal.rows(t.id())));
        return new CopyResult(rows, progress.rows(), progress.bytes(), (System.nanoTime() - started) / 1e9, resumed,
            collations.mappings(), notes, fastLoad);
    }
}
