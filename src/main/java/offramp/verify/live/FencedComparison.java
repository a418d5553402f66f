package offramp.verify.live;

import offramp.catalog.Catalog;
import offramp.catalog.Chunk;
import offramp.catalog.ChunkPlanner;
import offramp.catalog.ReadingSession;
import offramp.catalog.TableSpec;
import offramp.binlog.BinlogCoordinates;
import offramp.binlog.RowChangeReader;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.server.ServerInfo;
import offramp.replication.Replica;
import offramp.verify.Checksummer;
import offramp.verify.ChunkDigest;
import offramp.verify.Difference;
import offramp.verify.DifferingRows;
import offramp.verify.RowDiff;
import offramp.verify.RowDifference;
import offramp.verify.SchemaComparison;
import offramp.work.WorkerPool;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The comparison of a cutover's write stop that does not grow with the data: both servers still (the source fenced,
 * the replica at the final position F), it compares only what changed since the last live verification found the
 * replica identical (see {@link ChangedChunks}), and the definitions. Every other chunk was found identical at a
 * position before F, and the binlogs say nothing touched it since.
 */
public final class FencedComparison {

    /**
     * @param differences what differs at F
     * @param compared    chunks compared under the fence
     * @param found       what the binlogs said changed, and why whole tables were compared
     * @param rows        the rows that differ in the differing chunks, one line each ({@code app.t chunk 3: CHANGED
     *                    row id='7' (columns name)}), at most {@value #ROWS_NAMED}, then how many chunks hold more
     */
    public record Outcome(List<Difference> differences, int compared, ChangedChunks.Found found, List<String> rows) {
        public boolean identical() {
            return differences.isEmpty();
        }
    }

    /** The differing rows named at most, over all chunks: enough to find the writer, short enough for a message. */
    static final int ROWS_NAMED = 10;

    private FencedComparison() {
    }

    /** The last finished verification in a work directory, when it found the replica identical; null otherwise. */
    public static Verified usable(Path verifyDir) throws IOException {
        Verified v = VerifyJournal.lastFinished(verifyDir);
        return v != null && v.identical() ? v : null;
    }

    /**
     * @param source the old primary, fenced, its binlog at {@code f}
     * @param target the new primary, replication stopped or caught up at {@code f}
     */
    public static Outcome compare(Endpoint source, Endpoint target, Verified verified, List<String> schemas,
                                  List<String> excludeTables, BinlogCoordinates f, int threads, long chunkRows) throws Exception {
        Map<String, TableSpec> byId = new LinkedHashMap<>();
        List<Difference> differences = Collections.synchronizedList(new ArrayList<>());
        List<Chunk> chunks = new ArrayList<>();
        ChangedChunks.Found found;
        try (Connection s = Connections.open(source); Connection t = Connections.open(target)) {
            ReadingSession.apply(s);
            Catalog catalog = new Catalog(s);
            List<String> inScope = catalog.schemas(schemas);
            catalog.tables(inScope, excludeTables).forEach(table -> byId.put(table.id(), table));
            ServerInfo targetInfo = ServerInfo.read(t);
            RowChangeReader replicaBinlog = targetInfo.logBin() ? new RowChangeReader(target) : null;
            found = ChangedChunks.since(verified, byId, new RowChangeReader(source), f, replicaBinlog,
                targetInfo.logBin() ? Replica.currentPosition(t) : null, targetInfo.serverId());
            ChunkPlanner planner = new ChunkPlanner(s);
            for (Map.Entry<String, TableSpec> e : byId.entrySet()) {
                String id = e.getKey();
                if (found.wholeTables().containsKey(id)) {
                    chunks.addAll(planner.plan(e.getValue(), chunkRows));
                } else {
                    found.chunks().getOrDefault(id, Collections.emptySortedSet()).forEach(n -> chunks.add(verified.chunk(id, n)));
                }
            }
            SchemaComparison.differences(s, t, inScope, new ArrayList<>(byId.keySet())).stream()
                .filter(d -> !"AUTO_INCREMENT".equals(d.part())).forEach(differences::add);
        }
        List<DifferingRows> rows = Collections.synchronizedList(new ArrayList<>());
        compareChunks(source, target, byId, chunks, differences, rows, threads);
        List<Difference> sorted = new ArrayList<>(differences);
        sorted.sort((a, b) -> a.object().compareTo(b.object()));
        return new Outcome(sorted, chunks.size(), found, named(rows));
    }

    /** The differing rows, in table and chunk order, at most {@link #ROWS_NAMED}; then how many more chunks hold some. */
    static List<String> named(List<DifferingRows> found) {
        List<RowDifference> all = new ArrayList<>();
        int chunksWithMore = 0;
        for (DifferingRows d : found) {
            all.addAll(d.rows());
            chunksWithMore += d.more() ? 1 : 0;
        }
        all.sort(Comparator.comparing(RowDifference::table).thenComparingInt(RowDifference::chunk));
        List<String> lines = new ArrayList<>(all.stream().limit(ROWS_NAMED).map(RowDifference::toString).toList());
        if (all.size() > ROWS_NAMED || chunksWithMore > 0) {
            lines.add("and " + (all.size() > ROWS_NAMED ? (all.size() - ROWS_NAMED) + " more rows" : "more rows")
                + (chunksWithMore == 1 ? " (a chunk holds more than " + ROWS_NAMED + ")"
                    : chunksWithMore > 1 ? " (" + chunksWithMore + " chunks hold more than " + ROWS_NAMED + " each)" : ""));
        }
        return lines;
    }

    private static void compareChunks(Endpoint source, Endpoint target, Map<String, TableSpec> byId, List<Chunk> chunks,
                                      List<Difference> differences, List<DifferingRows> rows, int threads)
        throws Exception {
        Queue<Chunk> queue = new ConcurrentLinkedQueue<>(chunks);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (WorkerPool workers = new WorkerPool("fenced-compare", Math.max(1, Math.min(threads, chunks.size())),
            "a chunk's checksum query under the fence")) {
            for (int i = 0; i < Math.max(1, Math.min(threads, chunks.size())); i++) {
                workers.submit(() -> {
                    try (Connection s = Connections.open(source); Connection t = Connections.open(target)) {
                        ReadingSession.apply(s);
                        ReadingSession.apply(t);
                        Chunk chunk;
                        while (failure.get() == null && (chunk = queue.poll()) != null) {
                            TableSpec table = byId.get(chunk.table());
                            ChunkDigest left = Checksummer.digest(s, table, chunk);
                            ChunkDigest right = Checksummer.digest(t, table, chunk);
                            Difference d = Checksummer.compare("table " + table.id() + " chunk " + chunk.number() + " (key "
                                + Checksummer.describe(chunk) + ")", left, right);
                            if (d != null) {
                                differences.add(d);
                                // Both servers are still: the rows read now are the ones the digests summed up.
                                rows.add(RowDiff.of(s, t, table, chunk, ROWS_NAMED));
                            }
                        }
                    } catch (SQLException | RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            workers.finish();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
