package offramp.verify;

import offramp.copy.ColumnSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL that sums up a chunk of rows on the server: its row count, and the exact sums of two 64-bit halves of a
 * SHA-1 per row (128 bits of hash in all).
 *
 * <p>Each row is hashed from an encoding that two different rows can never share:
 * {@code CONCAT_WS('#', field..., nullFlags)}, where a string column (text, binary, JSON, ENUM, SET) gives two
 * fields, its length in bytes and its bytes as stored ({@code CAST(c AS BINARY)}: no hex, no character set
 * conversion), and any other column its text (numbers, dates and times; FLOAT through DOUBLE, which keeps all its
 * digits; BIT and spatial values as hex), which never holds a {@code #}. A NULL column gives no field at all, and
 * the closing field holds one {@code ISNULL} flag per column. So NULL, '' and 'NULL' hash apart, as do 'a#' + 'b'
 * and 'a' + '#b', and a single changed byte changes the hash.
 *
 * <p>The halves are added up, not XORed: with BIT_XOR two equal rows cancel, so a keyless table holding a row
 * twice on one side and another row twice on the other summed up the same. A sum depends on how often each row
 * occurs, and like XOR not on the order of the rows: no sort is needed. The sums are exact DECIMALs.
 *
 * <p>The hashes are computed in a derived table that the server materializes (the LIMIT keeps it from being merged
 * into the outer query): merged, the server would compute the SHA-1 of each row once for each half. SHA-1 rather
 * than MD5: the same strength for this purpose (telling rows apart, not resisting an attacker who writes both
 * servers), and MariaDB's MD5 costs several times its SHA-1.
 */
public final class RowHash {

    /** The number that keeps a derived table from being merged: "all rows", as the manual writes it. */
    private static final String ALL_ROWS = "18446744073709551615";

    private RowHash() {
    }

    /** SELECT COUNT(*), sum of the first halves, sum of the second halves, for a table and a WHERE condition. */
    public static String chunkSql(String qualifiedTable, List<ColumnSpec> columns, String condition) {
        return "SELECT COUNT(*), "
            + "COALESCE(SUM(CAST(CONV(SUBSTRING(h, 1, 16), 16, 10) AS UNSIGNED)), 0), "
            + "COALESCE(SUM(CAST(CONV(SUBSTRING(h, 17, 16), 16, 10) AS UNSIGNED)), 0) "
            + "FROM (SELECT SHA1(" + rowEncoding(columns) + ") AS h FROM " + qualifiedTable + " WHERE " + condition
            + " LIMIT " + ALL_ROWS + ") offramp_rows";
    }

    /** The encoding of one row that is hashed: see the class comment. */
    static String rowEncoding(List<ColumnSpec> columns) {
        List<String> fields = new ArrayList<>();
        List<String> nullFlags = new ArrayList<>();
        for (ColumnSpec c : columns) {
            fields.addAll(fields(c));
            nullFlags.add("ISNULL(" + c.quoted() + ")");
        }
        fields.add("CONCAT(" + String.join(", ", nullFlags) + ")");
        return "CONCAT_WS('#', " + String.join(", ", fields) + ")";
    }

    static List<String> fields(ColumnSpec c) {
        String q = c.quoted();
        if (c.isFloat()) {
            return List.of("CAST(CAST(" + q + " AS DOUBLE) AS CHAR)");
        }
        if (c.isBit() || c.isSpatial()) {
            return List.of("HEX(" + q + ")");
        }
        if (c.isText() || c.isBinary() || c.dataType().equals("json") || c.dataType().equals("enum")
            || c.dataType().equals("set")) {
            return List.of("LENGTH(" + q + ")", "CAST(" + q + " AS BINARY)");
        }
        return List.of("CAST(" + q + " AS CHAR)");
    }
}
