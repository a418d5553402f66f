package offramp.verify;

import offramp.copy.Catalog;
import offramp.copy.Chunk;
import offramp.copy.ChunkPlanner;
import offramp.copy.Sessions;
import offramp.copy.TableSpec;
import offramp.server.Connections;
import offramp.server.Endpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Compares table contents of two servers chunk by chunk, in parallel: the chunks are planned on the left, and
 * each is summed up on both servers by {@link RowHash}. Both servers must be still (a clone and a target before
 * replication starts, or two stopped replicas).
 */
public final class Checksummer {

    private final Endpoint left;
    private final Endpoint right;
    private final int threads;
    private final long chunkRows;

    public Checksummer(Endpoint left, Endpoint right, int threads, long chunkRows) {
        this.left = left;
        this.right = right;
        this.threads = threads;
        this.chunkRows = chunkRows;
    }

    public ChecksumReport compare(List<String> wantedSchemas, List<String> excludeTables) throws Exception {
        List<TableSpec> tables;
        List<Chunk> chunks = new ArrayList<>();
        Map<String, TableSpec> byId = new TreeMap<>();
        List<String> differences = Collections.synchronizedList(new ArrayList<>());
        List<String> schemas;
        try (Connection l = Connections.open(left); Connection r = Connections.open(right)) {
            Sessions.forReading(l);
            Catalog catalog = new Catalog(l);
            schemas = catalog.schemas(wantedSchemas);
            tables = catalog.tables(schemas, excludeTables);
            ChunkPlanner planner = new ChunkPlanner(l);
            for (TableSpec t : tables) {
                byId.put(t.id(), t);
                chunks.addAll(planner.plan(t, chunkRows));
            }
            List<String> rightTables = new Catalog(r).tablesExcluding(new Catalog(r).schemas(List.of()).stream()
                .filter(schemas::contains).toList(), excludeTables).stream().map(TableSpec::id).toList();
            for (String t : rightTables) {
                if (!byId.containsKey(t)) {
                    differences.add("table " + t + ": only on the right");
                }
            }
            differences.addAll(SchemaComparison.differences(l, r, schemas, new ArrayList<>(byId.keySet())));
        }
        Map<String, long[]> rows = new ConcurrentHashMap<>();
        byId.keySet().forEach(t -> rows.put(t, new long[2]));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ThreadLocal<Connection[]> connections = new ThreadLocal<>();
        List<Connection[]> opened = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> work = new ArrayList<>();
            for (Chunk chunk : chunks) {
                work.add(pool.submit(() -> {
                    Connection[] pair = connections.get();
                    if (pair == null) {
                        pair = new Connection[] {Connections.open(left), Connections.open(right)};
                        Sessions.forReading(pair[0]);
                        Sessions.forReading(pair[1]);
                        connections.set(pair);
                        opened.add(pair);
                    }
                    TableSpec table = byId.get(chunk.table());
                    ChunkDigest l = digest(pair[0], table, chunk);
                    ChunkDigest r = digest(pair[1], table, chunk);
                    synchronized (rows) {
                        rows.get(table.id())[0] += l.rows();
                        rows.get(table.id())[1] += r.rows();
                    }
                    if (!l.equals(r)) {
                        differences.add("table " + table.id() + " chunk " + chunk.number() + " (key "
                            + describe(chunk) + "): " + l.rows() + " rows on the left, " + r.rows() + " on the right"
                            + (l.rows() == r.rows() ? ", contents differ" : ""));
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            for (Connection[] pair : opened) {
                pair[0].close();
                pair[1].close();
            }
        }
        List<String> sorted = new ArrayList<>(differences);
        Collections.sort(sorted);
        return new ChecksumReport(new TreeMap<>(rows), chunks.size(), sorted);
    }

    private static ChunkDigest digest(Connection c, TableSpec table, Chunk chunk) throws SQLException {
        String sql = RowHash.chunkSql(table.qualified(), table.columns(), chunk.range().condition(table.chunkKey()));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            List<String> params = chunk.range().parameters(table.chunkKey());
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new ChunkDigest(rs.getLong(1), rs.getString(2), rs.getString(3));
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146) {
                return new ChunkDigest(-1, "missing", "missing");
            }
            throw e;
        }
    }

    private static String describe(Chunk chunk) {
        var r = chunk.range();
        return (r.lower() == null ? "start" : "after " + r.lower()) + " to " + (r.upper() == null ? "end" : r.upper());
    }
}
