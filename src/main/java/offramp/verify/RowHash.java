package offramp.verify;

import offramp.copy.ColumnSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL that sums up a chunk of rows on the server: its row count, and two 64-bit halves of the BIT_XOR of an
 * MD5 per row. Each row is hashed from every column's exact bytes (hexadecimal for strings, BIT, spatial and
 * JSON; the server's text for numbers and dates; FLOAT through DOUBLE, which keeps all its digits) with a NULL
 * flag per column, so NULL, '' and 'NULL' all hash apart, and a single changed byte changes the hash.
 * BIT_XOR does not depend on row order: no sort is needed.
 */
public final class RowHash {

    private RowHash() {
    }

    /** SELECT COUNT(*), xor of the first half, xor of the second half, for a table and a WHERE condition. */
    public static String chunkSql(String qualifiedTable, List<ColumnSpec> columns, String condition) {
        List<String> parts = new ArrayList<>();
        for (ColumnSpec c : columns) {
            parts.add(value(c));
            parts.add("ISNULL(" + c.quoted() + ")");
        }
        String row = "MD5(CONCAT_WS('#', " + String.join(", ", parts) + "))";
        return "SELECT COUNT(*), "
            + "COALESCE(BIT_XOR(CAST(CONV(SUBSTRING(h, 1, 16), 16, 10) AS UNSIGNED)), 0), "
            + "COALESCE(BIT_XOR(CAST(CONV(SUBSTRING(h, 17, 16), 16, 10) AS UNSIGNED)), 0) "
            + "FROM (SELECT " + row + " AS h FROM " + qualifiedTable + " WHERE " + condition + ") offramp_rows";
    }

    static String value(ColumnSpec c) {
        if (c.isFloat()) {
            return "CAST(CAST(" + c.quoted() + " AS DOUBLE) AS CHAR)";
        }
        if (c.isText() || c.isBinary() || c.isBit() || c.isSpatial() || c.dataType().equals("json")
            || c.dataType().equals("enum") || c.dataType().equals("set")) {
            return "HEX(" + c.quoted() + ")";
        }
        return "CAST(" + c.quoted() + " AS CHAR)";
    }
}
