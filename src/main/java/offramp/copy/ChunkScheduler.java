package offramp.copy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Hands chunks to workers so that, as long as there are enough tables, no two workers load the same table at
 * once: LOAD DATA into an AUTO_INCREMENT table holds its table-level AUTO-INC lock for the whole statement, so
 * two loads into one table run one after the other.
 *
 * <p>A worker stays with a table it has started until its chunks are all claimed, and a table is started only when
 * no started one is free. So each table is finished early and its secondary indexes are built while other tables
 * load, instead of every table finishing near the end with its index build after it (on 4 x 500k sysbench rows,
 * a durable target on a core of its own, 5 interleaved rounds: 9.8 s against 10.2 s). Among tables not yet
 * started the one with the most chunks goes first, so the largest tables do not end up last.
 *
 * <p>Tables of huge rows (BLOBs of many MiB) are loaded a few chunks at a time (one when the target's redo log is
 * small for them), and not while an index build runs:
 * their loads fill the redo log in large steps, and beside other loads and an index build they drove a target
 * with a small redo log into a state where its checkpoint could not advance and nothing moved at all.
 */
final class ChunkScheduler<T> {

    private final Map<String, Deque<T>> byTable = new LinkedHashMap<>();
    private final Map<String, Integer> loading = new HashMap<>();
    private final Set<String> started = new HashSet<>();
    private final Set<String> hugeRows = new HashSet<>();
    private final Set<String> planning = new HashSet<>();
    private final BooleanSupplier indexBuildsRunning;
    private final int hugeAtOnce;
    private int hugeInFlight;

    /**
     * @param indexBuildsRunning whether an index build runs now
     * @param hugeAtOnce         how many chunks of huge rows may load at once (see {@link RedoLogCheck})
     */
    ChunkScheduler(BooleanSupplier indexBuildsRunning, int hugeAtOnce) {
        this.indexBuildsRunning = indexBuildsRunning;
        this.hugeAtOnce = hugeAtOnce;
    }

    ChunkScheduler() {
        this(() -> false, 1);
    }

    synchronized void add(String table, T chunk) {
        byTable.computeIfAbsent(table, t -> new ArrayDeque<>()).add(chunk);
        notifyAll();
    }

    /** A table whose chunks are still being planned: workers with nothing else to do wait for them. */
    synchronized void planning(String table) {
        planning.add(table);
    }

    /** A table's chunks are all added (or its planning failed, which {@code stop} of {@link #next} then says). */
    synchronized void planned(String table) {
        planning.remove(table);
        notifyAll();
    }

    /** Marks a table whose rows are huge: its chunks load one at a time and never beside an index build. */
    synchronized void hugeRows(String table) {
        hugeRows.add(table);
    }

    /**
     * The next chunk to copy, preferring a table no worker is loading; empty when none is left (and no table is
     * being planned) or {@code stop} says so. When only huge-row chunks are left and they must wait, or only tables
     * still being planned, waits for them in short steps.
     */
    synchronized Optional<Claim<T>> next(BooleanSupplier stop) throws InterruptedException {
        while (!stop.getAsBoolean()) {
            boolean hugeAllowed = hugeInFlight < hugeAtOnce && !indexBuildsRunning.getAsBoolean();
            String best = null;
            int bestRank = -1;
            boolean anyLeft = false;
            for (var e : byTable.entrySet()) {
                if (e.getValue().isEmpty()) {
                    continue;
                }
                anyLeft = true;
                if (hugeRows.contains(e.getKey()) && !hugeAllowed) {
                    continue;
                }
                int rank = rank(e.getKey());
                if (rank > bestRank || (rank == bestRank && e.getValue().size() > byTable.get(best).size())) {
                    best = e.getKey();
                    bestRank = rank;
                }
            }
            if (!anyLeft && planning.isEmpty()) {
                return Optional.empty();
            }
            if (best != null) {
                loading.merge(best, 1, Integer::sum);
                started.add(best);
                if (hugeRows.contains(best)) {
                    hugeInFlight++;
                }
                return Optional.of(new Claim<>(best, byTable.get(best).poll()));
            }
            wait(200); // a huge-row chunk waits for the load or index build before it, or a plan is not made yet
        }
        return Optional.empty();
    }

    /** Which table goes first: a free one already started, then a free one not yet started, then a busy one. */
    private int rank(String table) {
        boolean free = loading.getOrDefault(table, 0) == 0;
        return !free ? 0 : started.contains(table) ? 2 : 1;
    }

    /** The next chunk, never held back by a stop. */
    Optional<Claim<T>> next() throws InterruptedException {
        return next(() -> false);
    }

    /** The worker is done with a chunk of {@code table}. */
    synchronized void release(String table) {
        loading.merge(table, -1, Integer::sum);
        if (hugeRows.contains(table)) {
            hugeInFlight--;
        }
        notifyAll();
    }

    record Claim<T>(String table, T chunk) {
    }
}
