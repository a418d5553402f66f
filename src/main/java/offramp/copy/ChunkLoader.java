package offramp.copy;

import offramp.catalog.Chunk;
import offramp.catalog.TableSpec;
import offramp.server.Connections;
import offramp.server.Dialect;
import offramp.server.Endpoint;
import offramp.work.WorkerPool;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads the planned chunks: {@code threads} chunk workers, each with one connection to each server, take chunks
 * from a {@link ChunkScheduler} and journal each one loaded; the last chunk of a table starts the build of its
 * deferred indexes on an index worker. A watchdog fails the load when nothing moves. The first failure stops the
 * workers; each closes its own connections, so none stays open on either server.
 */
final class ChunkLoader {

    private record Work(TableSpec table, Chunk chunk) {
    }

    private final Endpoint from;
    private final Endpoint to;
    private final CopyOptions options;
    private final Sessions.Loading loading;
    private final CopyJournal journal;
    private final CopyProgress progress;
    private final PrintStream log;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    ChunkLoader(Endpoint from, Endpoint to, CopyOptions options, Sessions.Loading loading, CopyJournal journal,
                CopyProgress progress, PrintStream log) {
        this.from = from;
        this.to = to;
        this.options = options;
        this.loading = loading;
        this.journal = journal;
        this.progress = progress;
        this.log = log;
    }

    /**
     * Loads what the journal does not record as loaded, and builds each table's deferred indexes after its rows.
     * The tables still to be walked are planned one after another on a thread of their own while the others load.
     *
     * @param hugeAtOnce how many chunks of huge rows may load at once
     */
    void load(CopyPlanner.Plans plans, CopyPlanner walker, boolean resuming, Dialect targetFlavor, int hugeAtOnce)
        throws SQLException, IOException, InterruptedException {
        try (StallWatch watch = new StallWatch(to, targetFlavor, progress, Duration.ofSeconds(options.stallSeconds()),
            Duration.ofSeconds(Math.min(5, options.stallSeconds())), e -> failure.compareAndSet(null, e))) {
            ChunkScheduler<Work> queue = new ChunkScheduler<>(() -> watch.indexBuildsRunning() > 0, hugeAtOnce);
            Set<String> reload = resuming ? reloadWhole(plans.ready()) : Set.of();
            Map<String, AtomicInteger> remaining = new ConcurrentHashMap<>();
            plans.toWalk().forEach(table -> queue.planning(table.id()));
            try (WorkerPool indexBuilds = new WorkerPool("copy-index", options.indexThreads(),
                     "an ALTER TABLE on the target (the watchdog kills it when it stalls)");
                 WorkerPool walks = new WorkerPool("copy-plan", 1, "a SELECT on the source that walks a table's key");
                 WorkerPool workers = new WorkerPool("copy-chunk", options.threads(),
                     "a chunk's SELECT on the source or LOAD DATA on the target (the watchdog aborts them when they stall)")) {
                plans.ready().forEach((table, chunks) -> enqueue(table, chunks, reload, queue, remaining, indexBuilds, watch));
                walks.submit(() -> walk(plans.toWalk(), walker, queue, remaining, indexBuilds, watch));
                for (int i = 0; i < options.threads(); i++) {
                    workers.submit(() -> work(queue, watch, remaining, indexBuilds, resuming, reload));
                }
                workers.finish(); // the watchdog bounds it
                walks.finish();
                indexBuilds.finish();
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

    /** Queues a planned table's chunks that are left to load; a table with none left gets its index build now. */
    private void enqueue(TableSpec table, List<Chunk> chunks, Set<String> reload, ChunkScheduler<Work> queue,
                         Map<String, AtomicInteger> remaining, WorkerPool indexBuilds, StallWatch watch) {
        List<Chunk> left = CopyPlanner.remaining(Map.of(table, chunks), journal::chunkDone, reload).get(table);
        if (CopyOptions.hugeRows(table)) {
            queue.hugeRows(table.id());
        }
        remaining.put(table.id(), new AtomicInteger(left.size())); // before a worker can take (and count) a chunk
        left.forEach(chunk -> queue.add(table.id(), new Work(table, chunk)));
        if (left.isEmpty()) {
            indexBuilds.submit(() -> buildIndexes(table, watch));
        }
    }

    /**
     * Walks the tables' keys one after another on the planner's source connection, each table's chunks queued as
     * soon as its plan is made. Each step of a walk counts as movement for the watchdog, which aborts the
     * connection when a step stalls.
     */
    private void walk(List<TableSpec> tables, CopyPlanner walker, ChunkScheduler<Work> queue,
                      Map<String, AtomicInteger> remaining, WorkerPool indexBuilds, StallWatch watch) {
        if (tables.isEmpty()) {
            return;
        }
        try {
            watch.watch(walker.source(), false);
            try {
                for (TableSpec table : tables) {
                    if (failure.get() != null) {
                        return;
                    }
                    enqueue(table, walker.plan(table, journal, progress::markMoved), Set.of(), queue, remaining,
                        indexBuilds, watch);
                    queue.planned(table.id());
                }
            } finally {
                watch.forget(walker.source());
            }
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        } finally {
            tables.forEach(t -> queue.planned(t.id())); // after a failure, the workers stop waiting (and stop)
        }
    }

    /** One chunk worker: chunks until none is left or the load failed. */
    private void work(ChunkScheduler<Work> queue, StallWatch watch, Map<String, AtomicInteger> remaining,
                      WorkerPool indexBuilds, boolean resuming, Set<String> reload) {
        try (ChunkCopier copier = ChunkCopier.open(from, to, progress::streamed, loading)) {
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
                    indexBuilds.submit(() -> buildIndexes(work.table(), watch));
                }
            }
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Empties the tables {@link WholeReload} names, saying why, and returns them: all their chunks load again. */
    private Set<String> reloadWhole(Map<TableSpec, List<Chunk>> plans) throws SQLException, IOException {
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

    private void buildIndexes(TableSpec table, StallWatch watch) {
        if (failure.get() != null || journal.indexed(table.id())) {
            return;
        }
        watch.indexBuildStarted();
        try (Connection target = Connections.openForLongWork(to)) {
            watch.watch(target, true);
            try {
                loading.apply(target);
                TargetApplier.addIndexes(target, table);
                journal.markIndexed(table.id());
            } finally {
                watch.forget(target);
            }
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        } finally {
            watch.indexBuildEnded();
        }
    }
}
