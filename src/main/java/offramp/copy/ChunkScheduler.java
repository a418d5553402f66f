package offramp.copy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Hands chunks to workers so that, as long as there are enough tables, no two workers load the same table at
 * once: LOAD DATA into an AUTO_INCREMENT table holds its table-level AUTO-INC lock for the whole statement, so
 * two loads into one table run one after the other. Among free tables the one with the most chunks left goes
 * first, so the largest tables do not end up last.
 */
final class ChunkScheduler<T> {

    private final Map<String, Deque<T>> byTable = new LinkedHashMap<>();
    private final Map<String, Integer> loading = new HashMap<>();

    synchronized void add(String table, T chunk) {
        byTable.computeIfAbsent(table, t -> new ArrayDeque<>()).add(chunk);
    }

    /** The next chunk to copy, preferring a table no worker is loading; empty when none is left. */
    synchronized Optional<Claim<T>> next() {
        String best = null;
        boolean bestFree = false;
        for (var e : byTable.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            boolean free = loading.getOrDefault(e.getKey(), 0) == 0;
            if (best == null || (free && !bestFree)
                || (free == bestFree && e.getValue().size() > byTable.get(best).size())) {
                best = e.getKey();
                bestFree = free;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        loading.merge(best, 1, Integer::sum);
        return Optional.of(new Claim<>(best, byTable.get(best).poll()));
    }

    /** The worker is done with a chunk of {@code table}. */
    synchronized void release(String table) {
        loading.merge(table, -1, Integer::sum);
    }

    record Claim<T>(String table, T chunk) {
    }
}
