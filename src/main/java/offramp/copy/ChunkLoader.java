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
     *
     * @param hugeAtOnce how many chunks of huge rows may load at once
     */
    void load(Map<TableSpec, List<Chunk>> plans, boolean resuming, Dialect targetFlavor, int hugeAtOnce)
        throws SQLException, IOException, InterruptedException {
        try (StallWatch watch = new StallWatch(to, targetFlavor, progress, Duration.ofSeconds(options.stallSeconds()),
            Duration.ofSeconds(Math.min(5, options.stallSeconds())), e -> failure.compareAndSet(null, e))) {
            ChunkScheduler<Work> queue = new ChunkScheduler<>(() -> watch.indexBuildsRunning() > 0, hugeAtOnce);
            Set<String> reload = resuming ? reloadWhole(plans) : Set.of();
            Map<TableSpec, List<Chunk>> left = CopyPlanner.remaining(plans, journal::chunkDone, reload);
            Map<String, AtomicInteger> remaining = new ConcurrentHashMap<>();
            left.forEach((table, chunks) -> {
                chunks.forEach(chunk -> queue.add(table.id(), new Work(table, chunk)));
                if (CopyOptions.hugeRows(table)) {
                    queue.hugeRows(table.id());
                }
                remaining.put(table.id(), new AtomicInteger(chunks.size()));
            });
            try (WorkerPool indexBuilds = new WorkerPool("copy-index", options.indexThreads(),
                     "an ALTER TABLE on the target (the watchdog kills it when it stalls)");
                 WorkerPool workers = new WorkerPool("copy-chunk", options.threads(),
                     "a chunk's SELECT on the source or LOAD DATA on the target (the watchdog aborts them when they stall)")) {
                left.forEach((table, chunks) -> {
                    if (chunks.isEmpty()) {
                        indexBuilds.submit(() -> buildIndexes(table, watch));
                    }
                });
                for (int i = 0; i < options.threads(); i++) {
                    workers.submit(() -> work(queue, watch, remaining, indexBuilds, resuming, reload));
                }
                workers.finish(); // the watchdog bounds it
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
