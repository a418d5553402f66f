package offramp.verify;

import offramp.catalog.Chunk;
import offramp.catalog.ChunkPlanner;
import offramp.catalog.ColumnSpec;
import offramp.catalog.ReadingSession;
import offramp.catalog.TableSpec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rows of one chunk that differ between a source and its replica, each connection already inside a consistent
 * read at the same point. Per side one query reads the chunk's keys (byte-exact, see {@link ColumnValues}) with each
 * row's hash ({@link RowHash}'s encoding), into memory (a chunk is bounded); the keys are matched in Java by their
 * exact bytes, never by an order that would have to agree with the server's collation. For the rows that changed,
 * a second pass hashes each column to name the ones that differ. A table without a key is one chunk: its rows are
 * grouped by hash and counted on each side, so a row held twice on one side is found with its count. Both
 * connections read TIMESTAMP values in UTC ({@link ReadingSession}).
 */
public final class RowDiff {

    private static final String SEPARATOR = "\u0000";

    private RowDiff() {
    }

    /** At most {@code limit} differing rows of the chunk, and whether there are more. */
    public static DifferingRows of(Connection source, Connection replica, TableSpec table, Chunk chunk, int limit)
        throws SQLException {
        ReadingSession.apply(source);
        ReadingSession.apply(replica);
        return table.chunked() ? keyed(source, replica, table, chunk, limit) : keyless(source, replica, table, chunk, limit);
    }

    /** A row found on one side or both: its kind and where it is. */
    record Found(RowDifference.Kind kind, RowLocator at, long count) {
    }

    private static DifferingRows keyed(Connection source, Connection replica, TableSpec table, Chunk chunk, int limit)
        throws SQLException {
        List<Found> found = compareKeyed(keyedRows(source, table, chunk), keyedRows(replica, table, chunk));
        List<Found> shown = found.subList(0, Math.min(limit, found.size()));
        Set<String> changed = shown.stream().filter(f -> f.kind() == RowDifference.Kind.CHANGED)
            .map(f -> identity(f.at().key())).collect(Collectors.toSet());
        Map<String, List<String>> sourceColumns = changed.isEmpty() ? Map.of() : columnHashes(source, table, chunk, changed);
        Map<String, List<String>> replicaColumns = changed.isEmpty() ? Map.of() : columnHashes(replica, table, chunk, changed);
        List<RowDifference> rows = new ArrayList<>();
        for (Found f : shown) {
            LinkedHashMap<String, String> key = new LinkedHashMap<>();
            for (int i = 0; i < table.chunkKey().size(); i++) {
                ColumnSpec c = table.chunkKey().get(i);
                key.put(c.name(), ColumnValues.shown(c, f.at().key().get(i)));
            }
            List<String> columns = f.kind() != RowDifference.Kind.CHANGED ? List.of()
                : differingColumns(table.columns(), sourceColumns.get(identity(f.at().key())),
                replicaColumns.get(identity(f.at().key())));
            rows.add(new RowDifference(table.id(), chunk.number(), f.kind(), key, columns, 1, f.at()));
        }
        return new DifferingRows(rows, found.size() > shown.size());
    }

    /**
     * The rows that differ, source's first in the source's order, then the replica's extra ones: MISSING and
     * CHANGED carry the source's row hash, EXTRA the replica's.
     */
    static List<Found> compareKeyed(Map<String, RowLocator> source, Map<String, RowLocator> replica) {
        List<Found> found = new ArrayList<>();
        source.forEach((id, row) -> {
            RowLocator there = replica.get(id);
            if (there == null) {
                found.add(new Found(RowDifference.Kind.MISSING, row, 1));
            } else if (!there.hash().equals(row.hash())) {
                found.add(new Found(RowDifference.Kind.CHANGED, row, 1));
            }
        });
        replica.forEach((id, row) -> {
            if (!source.containsKey(id)) {
                found.add(new Found(RowDifference.Kind.EXTRA, row, 1));
            }
        });
        return found;
    }

    /** The rows that differ by how often each row hash occurs: MISSING when the source has more copies. */
    static List<Found> compareCounts(Map<String, Long> source, Map<String, Long> replica) {
        List<Found> found = new ArrayList<>();
        source.forEach((hash, n) -> {
            long more = n - replica.getOrDefault(hash, 0L);
            if (more > 0) {
                found.add(new Found(RowDifference.Kind.MISSING, new RowLocator(List.of(), hash), more));
            }
        });
        replica.forEach((hash, n) -> {
            long more = n - source.getOrDefault(hash, 0L);
            if (more > 0) {
                found.add(new Found(RowDifference.Kind.EXTRA, new RowLocator(List.of(), hash), more));
            }
        });
        return found;
    }

    /** The names of the columns whose hashes differ, in the table's order. */
    static List<String> differingColumns(List<ColumnSpec> columns, List<String> source, List<String> replica) {
        if (source == null || replica == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (!Objects.equals(source.get(i), replica.get(i))) {
                names.add(columns.get(i).name());
            }
        }
        return names;
    }

    private static LinkedHashMap<String, RowLocator> keyedRows(Connection c, TableSpec table, Chunk chunk)
        throws SQLException {
        List<ColumnSpec> key = table.chunkKey();
        String sql = "SELECT " + reads(key) + ", SHA1(" + RowHash.rowEncoding(table.columns()) + ") FROM "
            + table.qualified() + " WHERE " + chunk.range().condition(key) + " ORDER BY "
            + key.stream().map(ColumnSpec::quoted).collect(Collectors.joining(", "));
        LinkedHashMap<String, RowLocator> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ChunkPlanner.bind(ps, chunk.range().parameters(key));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 1; i <= key.size(); i++) {
                        values.add(rs.getString(i));
                    }
                    rows.put(identity(values), new RowLocator(values, hash(rs.getString(key.size() + 1), table, chunk)));
                }
            }
        }
        return rows;
    }

    /** Per row whose key is wanted, the hash of each column in the table's order. */
    private static Map<String, List<String>> columnHashes(Connection c, TableSpec table, Chunk chunk, Set<String> wanted)
        throws SQLException {
        List<ColumnSpec> key = table.chunkKey();
        List<String> hashes = new ArrayList<>();
        for (ColumnSpec column : table.columns()) {
            List<String> fields = new ArrayList<>(RowHash.fields(column));
            fields.add("ISNULL(" + column.quoted() + ")");
            hashes.add("SHA1(CONCAT_WS('#', " + String.join(", ", fields) + "))");
        }
        String sql = "SELECT " + reads(key) + ", " + String.join(", ", hashes) + " FROM " + table.qualified()
            + " WHERE " + chunk.range().condition(key);
        Map<String, List<String>> result = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ChunkPlanner.bind(ps, chunk.range().parameters(key));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 1; i <= key.size(); i++) {
                        values.add(rs.getString(i));
                    }
                    String id = identity(values);
                    if (wanted.contains(id)) {
                        List<String> h = new ArrayList<>();
                        for (int i = 0; i < table.columns().size(); i++) {
                            h.add(rs.getString(key.size() + 1 + i));
                        }
                        result.put(id, h);
                    }
                }
            }
        }
        return result;
    }

    private static DifferingRows keyless(Connection source, Connection replica, TableSpec table, Chunk chunk, int limit)
        throws SQLException {
        Map<String, Long> onSource = counts(source, table, chunk);
        Map<String, Long> onReplica = counts(replica, table, chunk);
        List<Found> found = compareCounts(onSource, onReplica);
        List<Found> shown = found.subList(0, Math.min(limit, found.size()));
        Map<String, List<String>> onlyOnSource = rowsByHash(source, table, table.columns(), hashes(shown,
            RowDifference.Kind.MISSING));
        Map<String, List<String>> onlyOnReplica = rowsByHash(replica, table, table.columns(), hashes(shown,
            RowDifference.Kind.EXTRA));
        List<RowDifference> rows = new ArrayList<>();
        for (Found f : shown) {
            List<String> values = (f.kind() == RowDifference.Kind.MISSING ? onlyOnSource : onlyOnReplica)
                .get(f.at().hash());
            LinkedHashMap<String, String> shownValues = new LinkedHashMap<>();
            for (int i = 0; i < table.columns().size(); i++) {
                ColumnSpec c = table.columns().get(i);
                shownValues.put(c.name(), values == null ? null : ColumnValues.shown(c, values.get(i)));
            }
            rows.add(new RowDifference(table.id(), chunk.number(), f.kind(), shownValues, List.of(), f.count(), f.at()));
        }
        return new DifferingRows(rows, found.size() > shown.size());
    }

    private static Set<String> hashes(List<Found> found, RowDifference.Kind kind) {
        return found.stream().filter(f -> f.kind() == kind).map(f -> f.at().hash()).collect(Collectors.toSet());
    }

    private static Map<String, Long> counts(Connection c, TableSpec table, Chunk chunk) throws SQLException {
        String sql = "SELECT SHA1(" + RowHash.rowEncoding(table.columns()) + ") AS h, COUNT(*) FROM " + table.qualified()
            + " WHERE " + chunk.range().condition(table.chunkKey()) + " GROUP BY h";
        Map<String, Long> counts = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ChunkPlanner.bind(ps, chunk.range().parameters(table.chunkKey()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(hash(rs.getString(1), table, chunk), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /**
     * The values of one row per wanted hash, as {@link ColumnValues#read} gives them, read in one pass over the table
     * (a table without a key is one chunk of any size: a pass per row would read it as often); a hash no row has is
     * absent.
     */
    static Map<String, List<String>> rowsByHash(Connection c, TableSpec table, List<ColumnSpec> columns,
                                                Set<String> hashes) throws SQLException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        if (hashes.isEmpty()) {
            return rows;
        }
        String sql = "SELECT " + reads(columns) + ", SHA1(" + RowHash.rowEncoding(table.columns()) + ") FROM "
            + table.qualified();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next() && rows.size() < hashes.size()) {
                String hash = rs.getString(columns.size() + 1);
                if (hashes.contains(hash) && !rows.containsKey(hash)) {
                    List<String> values = new ArrayList<>();
                    for (int i = 1; i <= columns.size(); i++) {
                        values.add(rs.getString(i));
                    }
                    rows.put(hash, values);
                }
            }
        }
        return rows;
    }

    static String reads(List<ColumnSpec> columns) {
        return columns.stream().map(ColumnValues::read).collect(Collectors.joining(", "));
    }

    /** The exact identity of a key: its values as read, which never hold a NUL character. */
    static String identity(List<String> values) {
        return String.join(SEPARATOR, values);
    }

    private static String hash(String hash, TableSpec table, Chunk chunk) throws SQLException {
        if (hash == null) {
            // CONCAT_WS gives NULL for a result longer than max_allowed_packet: such a row would go unseen.
            throw new SQLException("table " + table.id() + " chunk " + chunk.number() + ": a row could not be hashed, "
                + "its encoding is longer than max_allowed_packet; raise it on both servers and compare again");
        }
        return hash;
    }
}
