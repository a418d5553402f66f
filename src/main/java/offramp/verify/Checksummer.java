package offramp.verify;

import offramp.catalog.Catalog;
import offramp.catalog.Chunk;
import offramp.catalog.ChunkPlanner;
import offramp.catalog.ReadingSession;
import offramp.catalog.TableSpec;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.server.Queries;
import offramp.work.WorkerPool;

import java.io.IOException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Compares table contents of two servers chunk by chunk, in parallel: the chunks are planned on the left, and
 * each is summed up on both servers by {@link RowHash}. Both servers must be still (a clone and a target before
 * replication starts, or two stopped replicas): where each stands ({@link ServerStanding}) is read before and after,
 * and the report names a server that moved meanwhile, whose differences may then be false.
 */
public final class Checksummer {

    private static final int ER_NO_SUCH_TABLE = 1146;
    private static final int ER_BAD_FIELD_ERROR = 1054;

    private final Endpoint left;
    private final Endpoint right;
    private final int threads;
    private final long chunkRows;
    private final boolean autoIncrementCounters;
    private final int sampleChunks;

    public Checksummer(Endpoint left, Endpoint right, int threads, long chunkRows) {
        this(left, right, threads, chunkRows, true, 0);
    }

    private Checksummer(Endpoint left, Endpoint right, int threads, long chunkRows, boolean autoIncrementCounters,
                        int sampleChunks) {
        this.left = left;
        this.right = right;
        this.threads = threads;
        this.chunkRows = chunkRows;
        this.autoIncrementCounters = autoIncrementCounters;
        this.sampleChunks = sampleChunks;
    }

    /**
     * The same comparison over a bounded sample of each table's chunks: its first and last chunk and others
     * chosen at random, at most {@code chunksPerTable}; for a final proof that must fit a time budget. Schemas
     * are compared whole.
     */
    public Checksummer sampled(int chunksPerTable) {
        return new Checksummer(left, right, threads, chunkRows, autoIncrementCounters, Math.max(2, chunksPerTable));
    }

    /**
     * The same comparison without the tables' AUTO_INCREMENT counters: a replica's counter may legitimately run
     * ahead of or behind its source's (rows inserted and rolled back, INSERT ... SELECT reserving in batches), while
     * a copy carries the counter exactly and is compared with it.
     */
    public Checksummer withoutAutoIncrementCounters() {
        return new Checksummer(left, right, threads, chunkRows, false, sampleChunks);
    }

    /** All the chunks, or the first, the last and random others up to the sample size. */
    private List<Chunk> sample(List<Chunk> planned) {
        if (sampleChunks == 0 || planned.size() <= sampleChunks) {
            return planned;
        }
        List<Chunk> middle = new ArrayList<>(planned.subList(1, planned.size() - 1));
        Collections.shuffle(middle);
        List<Chunk> chosen = new ArrayList<>(middle.subList(0, sampleChunks - 2));
        chosen.add(planned.get(0));
        chosen.add(planned.get(planned.size() - 1));
        chosen.sort(Comparator.comparingInt(Chunk::number));
        return chosen;
    }

    public ChecksumReport compare(List<String> wantedSchemas, List<String> excludeTables) throws Exception {
        List<TableSpec> tables;
        List<Chunk> chunks = new ArrayList<>();
        Map<String, TableSpec> byId = new TreeMap<>();
        List<Difference> differences = Collections.synchronizedList(new ArrayList<>());
        List<String> schemas;
        ServerStanding leftBefore;
        ServerStanding rightBefore;
        try (Connection l = Connections.open(left); Connection r = Connections.open(right)) {
            leftBefore = ServerStanding.of(l);
            rightBefore = ServerStanding.of(r);
            ReadingSession.apply(l);
            Catalog catalog = new Catalog(l);
            schemas = catalog.schemas(wantedSchemas);
            tables = catalog.tables(schemas, excludeTables);
            ChunkPlanner planner = new ChunkPlanner(l);
            for (TableSpec t : tables) {
                byId.put(t.id(), t);
                chunks.addAll(sample(planner.plan(t, chunkRows)));
            }
            List<String> rightTables = new Catalog(r).tablesExcluding(new Catalog(r).schemas(List.of()).stream()
                .filter(schemas::contains).toList(), excludeTables).stream().map(TableSpec::id).toList();
            for (String t : rightTables) {
                if (!byId.containsKey(t)) {
                    differences.add(new Difference("table " + t, null, null, "exists"));
                }
            }
            SchemaComparison.differences(l, r, schemas, new ArrayList<>(byId.keySet())).stream()
                .filter(d -> autoIncrementCounters || !"AUTO_INCREMENT".equals(d.part()))
                .forEach(differences::add);
        }
        Map<String, long[]> rows = new ConcurrentHashMap<>();
        byId.keySet().forEach(t -> rows.put(t, new long[2]));
        Queue<Chunk> queue = new ConcurrentLinkedQueue<>(chunks);
        AtomicReference<Exception> failure = new AtomicReference<>();
        // Each chunk is summed up on both servers at once: they are separate machines, each doing half the work.
        try (WorkerPool rightSide = new WorkerPool("checksum-right", threads, "a chunk's checksum query on " + right.uri());
             WorkerPool workers = new WorkerPool("checksum-left", threads, "a chunk's checksum query on " + left.uri())) {
            for (int i = 0; i < threads; i++) {
                workers.submit(() -> {
                    try (Connection l = Connections.open(left); Connection r = Connections.open(right)) {
                        ReadingSession.apply(l);
                        ReadingSession.apply(r);
                        Chunk chunk;
                        while (failure.get() == null && (chunk = queue.poll()) != null) {
                            TableSpec table = byId.get(chunk.table());
                            ChunkDigest[] digests = digestBoth(l, r, rightSide, table, chunk);
                            synchronized (rows) {
                                rows.get(table.id())[0] += Math.max(0, digests[0].rows());
                                rows.get(table.id())[1] += Math.max(0, digests[1].rows());
                            }
                            Difference d = compare("table " + table.id() + " chunk " + chunk.number() + " (key "
                                + describe(chunk) + ")", digests[0], digests[1]);
                            if (d != null) {
                                differences.add(d);
                            }
                        }
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            workers.finish();
        }
        Exception e = failure.get();
        if (e instanceof SQLException || e instanceof IOException) {
            throw e;
        }
        if (e != null) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        List<Difference> sorted = new ArrayList<>(differences);
        sorted.sort(Comparator.comparing(Difference::object));
        List<Movement> moved = new ArrayList<>();
        try (Connection l = Connections.open(left); Connection r = Connections.open(right)) {
            Movement leftMoved = ServerStanding.moved("left (" + left.uri() + ")", leftBefore, ServerStanding.of(l));
            Movement rightMoved = ServerStanding.moved("right (" + right.uri() + ")", rightBefore, ServerStanding.of(r));
            for (Movement m : new Movement[] {leftMoved, rightMoved}) {
                if (m != null) {
                    moved.add(m);
                }
            }
        }
        return new ChecksumReport(new TreeMap<>(rows), chunks.size(), sorted, moved);
    }

    /** A chunk's digest on the left, on this thread, and on the right at the same time, on a thread of the right side. */
    private static ChunkDigest[] digestBoth(Connection l, Connection r, WorkerPool rightSide, TableSpec table, Chunk chunk)
        throws SQLException, InterruptedException {
        Future<ChunkDigest> onTheRight = rightSide.submit(() -> digest(r, table, chunk));
        ChunkDigest left;
        try {
            left = digest(l, table, chunk);
        } finally {
            // The right connection is this worker's: it is not handed to the next chunk while in use.
            try {
                onTheRight.get();
            } catch (ExecutionException ignored) {
                // thrown again below, or hidden by the left's own failure
            }
        }
        try {
            return new ChunkDigest[] {left, onTheRight.get()};
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException se) {
                throw se;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** One chunk's digest, read on one server's connection (inside whatever transaction it has open). */
    public static ChunkDigest digest(Connection c, TableSpec table, Chunk chunk) throws SQLException {
        String sql = RowHash.chunkSql(table.qualified(), table.columns(), chunk.range().condition(table.chunkKey()));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            List<String> params = chunk.range().parameters(table.chunkKey());
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                Queries.requireRow(rs, "the checksum of table " + table.id() + " chunk " + chunk.number());
                long rows = rs.getLong(1);
                BigInteger sum = rs.getBigDecimal(2).toBigIntegerExact();
                long unhashed = RowHash.unhashed(sum);
                if (unhashed > 0) {
                    // CONCAT_WS gives NULL for a result longer than max_allowed_packet: such a row would go unseen.
                    throw new SQLException("table " + table.id() + " chunk " + chunk.number() + ": " + unhashed
                        + " rows could not be hashed, their encoding is longer than max_allowed_packet; raise it on "
                        + "both servers and compare again");
                }
                return new ChunkDigest(rows, sum.toString());
            }
        } catch (SQLException e) {
            // A table or column missing on one side is a difference of the data, reported with the definitions'.
            if (e.getErrorCode() == ER_NO_SUCH_TABLE || e.getErrorCode() == ER_BAD_FIELD_ERROR) {
                return ChunkDigest.unreadable(e.getMessage());
            }
            throw e;
        }
    }

    /** What differs between two digests of the same chunk; null when nothing does. */
    public static Difference compare(String chunk, ChunkDigest left, ChunkDigest right) {
        if (left.equals(right)) {
            return null;
        }
        if (!left.readable() || !right.readable()) {
            return new Difference(chunk, "rows", left.readable() ? left.rows() + " rows" : "unreadable: " + left.sum(),
                right.readable() ? right.rows() + " rows" : "unreadable: " + right.sum());
        }
        if (left.rows() != right.rows()) {
            return new Difference(chunk, "rows", String.valueOf(left.rows()), String.valueOf(right.rows()));
        }
        return new Difference(chunk, "contents", left.rows() + " rows summing to " + left.sum(),
            right.rows() + " rows summing to " + right.sum());
    }

    /** A chunk's key range in a DBA's words: {@code after 100 to 200}. */
    public static String describe(Chunk chunk) {
        var r = chunk.range();
        return (r.lower() == null ? "start" : "after " + r.lower()) + " to " + (r.upper() == null ? "end" : r.upper());
    }
}
