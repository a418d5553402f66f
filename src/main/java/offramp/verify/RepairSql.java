package offramp.verify;

import offramp.catalog.ColumnSpec;
import offramp.catalog.ReadingSession;
import offramp.catalog.TableSpec;
import offramp.server.SqlLiteral;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The statements that bring a replica's rows in line with its source's, for a DBA to review and run on the replica:
 * the rows are read from the source at the compared point (its connection still inside the consistent read the
 * comparison used) and written with exact literals ({@link ColumnValues}), so that after applying them the next
 * comparison finds the rows identical. The session settings come first: nothing of it goes to the replica's binlog
 * ({@code sql_log_bin = 0}), no foreign key check or cascade fires, a 0 in an AUTO_INCREMENT column stays 0, and
 * TIMESTAMP values are UTC as read. Rows on the replica only are deleted first (by key; in a table without a key,
 * the exact row by its hash, as many copies as are too many), then the source's rows are written (REPLACE by key;
 * INSERT of as many copies as are missing). Triggers of the replica's tables fire as for any statement.
 */
public final class RepairSql {

    private RepairSql() {
    }

    /** The session settings every repair starts with. */
    public static List<String> header() {
        return List.of("SET SESSION sql_log_bin = 0", "SET SESSION foreign_key_checks = 0",
            "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION'", "SET SESSION time_zone = '+00:00'");
    }

    /**
     * {@link #header()}, then the statements for one table's differences. A row the source no longer has (the
     * connection left its consistent read) gets no statement.
     */
    public static List<String> statements(Connection source, TableSpec table, List<RowDifference> differences)
        throws SQLException {
        ReadingSession.apply(source);
        List<String> deletes = new ArrayList<>();
        List<String> writes = new ArrayList<>();
        List<ColumnSpec> stored = table.storedColumns();
        String columnList = stored.stream().map(ColumnSpec::quoted).collect(Collectors.joining(", "));
        Map<String, List<String>> byHash = table.chunked() ? Map.of() : RowDiff.rowsByHash(source, table, stored,
            differences.stream().filter(d -> d.kind() != RowDifference.Kind.EXTRA).map(d -> d.at().hash())
                .collect(Collectors.toSet()));
        for (RowDifference d : differences) {
            if (d.kind() == RowDifference.Kind.EXTRA) {
                deletes.add(table.chunked() ? "DELETE FROM " + table.qualified() + " WHERE " + keyMatch(table, d.at())
                    : "DELETE FROM " + table.qualified() + " WHERE " + hashMatch(table, d.at()) + " LIMIT " + d.count());
                continue;
            }
            List<String> row = table.chunked() ? rowByKey(source, table, stored, d.at())
                : byHash.get(d.at().hash());
            if (row == null) {
                continue;
            }
            String values = "(" + literals(stored, row) + ")";
            writes.add(table.chunked()
                ? "REPLACE INTO " + table.qualified() + " (" + columnList + ") VALUES " + values
                : "INSERT INTO " + table.qualified() + " (" + columnList + ") VALUES "
                + String.join(", ", Collections.nCopies((int) Math.min(d.count(), Integer.MAX_VALUE), values)));
        }
        List<String> all = new ArrayList<>(header());
        all.addAll(deletes);
        all.addAll(writes);
        return all;
    }

    /** {@code k1 = literal AND k2 = literal}: the chunk key's columns are NOT NULL. */
    static String keyMatch(TableSpec table, RowLocator at) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < table.chunkKey().size(); i++) {
            ColumnSpec c = table.chunkKey().get(i);
            terms.add(c.quoted() + " = " + ColumnValues.literal(c, at.key().get(i)));
        }
        return String.join(" AND ", terms);
    }

    /** The exact row, NULLs and bytes included: its hash. */
    static String hashMatch(TableSpec table, RowLocator at) {
        return "SHA1(" + RowHash.rowEncoding(table.columns()) + ") = " + SqlLiteral.of(at.hash());
    }

    static String literals(List<ColumnSpec> columns, List<String> values) {
        List<String> literals = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            literals.add(ColumnValues.literal(columns.get(i), values.get(i)));
        }
        return String.join(", ", literals);
    }

    private static List<String> rowByKey(Connection source, TableSpec table, List<ColumnSpec> columns, RowLocator at)
        throws SQLException {
        String sql = "SELECT " + RowDiff.reads(columns) + " FROM " + table.qualified() + " WHERE " + keyMatch(table, at);
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                return null;
            }
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= columns.size(); i++) {
                values.add(rs.getString(i));
            }
            return values;
        }
    }
}
