package offramp.verify;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * One row that differs between the source and the replica in a chunk.
 *
 * @param table   {@code schema.table}
 * @param chunk   the chunk's number
 * @param kind    MISSING: on the source, not on the replica; EXTRA: on the replica only; CHANGED: both have the key
 * @param key     the row's key, column to value as a DBA reads it (text as text, else {@code 0x} hex; null is NULL;
 *                long values cut); for a table without a usable key, every column's value
 * @param columns the columns that differ (CHANGED); empty otherwise
 * @param count   how many copies more on one side (a table without a key can hold a row several times); 1 otherwise
 * @param at      where the row is, exactly: for {@link RepairSql}, not for people
 */
public record RowDifference(String table, int chunk, Kind kind, LinkedHashMap<String, String> key, List<String> columns,
                            long count, @JsonIgnore RowLocator at) {

    public enum Kind { MISSING, EXTRA, CHANGED }

    /** One line: {@code app.t chunk 3: CHANGED row id=7 (columns name, price)}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(table + " chunk " + chunk + ": " + kind + " row ");
        List<String> parts = key.entrySet().stream()
            .map(e -> e.getKey() + "=" + (e.getValue() == null ? "NULL" : "'" + e.getValue() + "'")).toList();
        s.append(String.join(", ", parts));
        if (!columns.isEmpty()) {
            s.append(" (columns ").append(String.join(", ", columns)).append(")");
        }
        if (count > 1) {
            s.append(" x").append(count);
        }
        return s.toString();
    }
}
