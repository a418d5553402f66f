package offramp.catalog;

import offramp.server.Queries;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a table into key ranges of about {@code rowsPerChunk} rows by walking its chunk key in key order, as the
 * server's index orders it (collation included). The server must be still: a clone, or a target before
 * replication starts.
 */
public final class ChunkPlanner {

    private static final long MAX_ASSUMED_ROWS = 100_000_000L;

    private final Connection c;
    private final Runnable stepped;

    public ChunkPlanner(Connection c) {
        this(c, () -> { });
    }

    /** @param stepped told after each step of a walk (one chunk's end found), for a watchdog */
    public ChunkPlanner(Connection c, Runnable stepped) {
        this.c = c;
        this.stepped = stepped;
    }

    public List<Chunk> plan(TableSpec table, long rowsPerChunk) throws SQLException {
        if (!table.chunked()) {
            return List.of(new Chunk(table.id(), 0, KeyRange.ALL));
        }
        if (!walks(table)) {
            return byValue(table, rowsPerChunk);
        }
        return byWalkingTheKey(table, rowsPerChunk);
    }

    /**
     * Whether planning the table walks its key, reading every key value in order (about a microsecond a row on the
     * server): a key that is not a single integer column. An integer key is cut by value from its MIN and MAX.
     */
    public static boolean walks(TableSpec table) {
        return table.chunked() && !(table.chunkKey().size() == 1 && table.chunkKey().get(0).isInteger());
    }

    /**
     * An integer key is cut by value from its MIN and MAX (two index dives) into as many ranges as the row
     * estimate asks for: no scan before the copy starts. Gaps in the key make some chunks smaller.
     */
    private List<Chunk> byValue(TableSpec table, long rowsPerChunk) throws SQLException {
        String k = table.chunkKey().get(0).quoted();
        BigInteger min;
        BigInteger max;
        try (PreparedStatement ps = c.prepareStatement("SELECT CAST(MIN(" + k + ") AS CHAR), CAST(MAX(" + k + ") AS CHAR) FROM "
            + table.qualified()); ResultSet rs = ps.executeQuery()) {
            Queries.requireRow(rs, "the key range of " + table.qualified());
            if (rs.getString(1) == null) {
                return List.of(new Chunk(table.id(), 0, KeyRange.ALL));
            }
            min = new BigInteger(rs.getString(1));
            max = new BigInteger(rs.getString(2));
        }
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        // A table loaded moments ago may not have statistics yet: then assume its key is dense.
        long rows = table.rowsEstimate() > 0 ? table.rowsEstimate() : span.min(BigInteger.valueOf(MAX_ASSUMED_ROWS)).longValue();
        long pieces = Math.max(1, (rows + rowsPerChunk - 1) / rowsPerChunk);
        BigInteger width = span.add(BigInteger.valueOf(pieces - 1)).divide(BigInteger.valueOf(pieces)).max(BigInteger.ONE);
        List<Chunk> chunks = new ArrayList<>();
        List<String> lower = null;
        BigInteger upper = min.subtract(BigInteger.ONE).add(width);
        while (upper.compareTo(max) < 0) {
            List<String> bound = List.of(upper.toString());
            chunks.add(new Chunk(table.id(), chunks.size(), new KeyRange(lower, bound)));
            lower = bound;
            upper = upper.add(width);
        }
        chunks.add(new Chunk(table.id(), chunks.size(), new KeyRange(lower, null)));
        return chunks;
    }

    private List<Chunk> byWalkingTheKey(TableSpec table, long rowsPerChunk) throws SQLException {
        List<ColumnSpec> key = table.chunkKey();
        String columns = String.join(", ", key.stream().map(KeyRange::read).toList());
        String order = String.join(", ", key.stream().map(ColumnSpec::quoted).toList());
        List<Chunk> chunks = new ArrayList<>();
        List<String> lower = null;
        while (true) {
            KeyRange from = new KeyRange(lower, null);
            String sql = "SELECT " + columns + " FROM " + table.qualified() + " WHERE " + from.condition(key)
                + " ORDER BY " + order + " LIMIT 1 OFFSET " + (rowsPerChunk - 1);
            List<String> upper = null;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, from.parameters(key));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        upper = new ArrayList<>();
                        for (int i = 1; i <= key.size(); i++) {
                            upper.add(rs.getString(i));
                        }
                    }
                }
            }
            chunks.add(new Chunk(table.id(), chunks.size(), new KeyRange(lower, upper)));
            stepped.run();
            if (upper == null) {
                return chunks;
            }
            lower = upper;
        }
    }

    public static void bind(PreparedStatement ps, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(i + 1, values.get(i));
        }
    }
}
