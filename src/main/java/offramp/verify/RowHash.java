package offramp.verify;

import offramp.catalog.ColumnSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The SQL that sums up a chunk of rows on the server: its row count, and the exact sums of two 64-bit numbers per
 * row that are together the first 128 bits of the row's SHA-1.
 *
 * <p>Each row is hashed from an encoding that two different rows can never share:
 * {@code CONCAT_WS('#', field..., nullFlags)}, where a string column (text, binary, JSON, ENUM, SET) gives two
 * fields, its length in bytes and its bytes as stored ({@code CAST(c AS BINARY)}: no hex, no character set
 * conversion), and any other column its text (numbers, dates and times; FLOAT through DOUBLE, which keeps all its
 * digits; BIT and spatial values as hex), which never holds a {@code #}. A NULL column gives no field at all, and
 * the closing field holds one {@code ISNULL} flag per column. A TEXT, BLOB or JSON value longer than 64 KiB is
 * represented by its own SHA-1 after its length. So NULL, '' and 'NULL' hash apart, as do 'a#' + 'b'
 * and 'a' + '#b', and a single changed byte changes the hash.
 *
 * <p>The numbers are added up, not XORed: with BIT_XOR two equal rows cancel, so a keyless table holding a row
 * twice on one side and another row twice on the other summed up the same. A sum depends on how often each row
 * occurs, and like XOR not on the order of the rows: no sort is needed. The sums are exact DECIMALs.
 *
 * <p>Speed, which decides how long every verify takes: SHA-1 rather than MD5, because MariaDB's MD5 costs several
 * times its SHA-1 (for telling rows apart, not for resisting someone who writes both servers, they are as good).
 * The digest's bytes become numbers through CRC32 of 4 bytes at a time, which is one-to-one on 4-byte strings and
 * several times cheaper than CONV of hex digits: {@code CRC32(bytes 1-4) + (CRC32(bytes 5-8) << 32)} is 64 bits of
 * the digest, and bytes 9-16 give the other 64. The digest is referred to four times; so that the server computes
 * it once per row, a chunk of bounded size is hashed in a derived table that the server materializes (the LIMIT
 * keeps it from being merged into the outer query: a few MB per 100,000 rows). A table without a key is one chunk
 * of any size, so there the derived table is merged and the digest recomputed rather than stored in a temporary
 * table as large as the table. The results are the same either way.
 */
public final class RowHash {

    /** The number that keeps a derived table from being merged: "all rows", as the manual writes it. */
    private static final String ALL_ROWS = "18446744073709551615";

    /**
     * Longer values of TEXT, BLOB and JSON columns are encoded as their own SHA-1 (beside their length), so that a
     * row's encoding stays far below max_allowed_packet, beyond which the server's CONCAT_WS gives NULL.
     */
    static final int FOLDED_ABOVE = 65535;
    private static final Set<String> LONG = Set.of("tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob",
        "mediumblob", "longblob", "json");

    private RowHash() {
    }

    /**
     * SELECT COUNT(*), the number of rows hashed (fewer when a row's encoding is longer than max_allowed_packet) and
     * the two sums, for a table and a WHERE condition.
     *
     * @param bounded the condition selects a chunk of bounded size (a key range), whose digests may be materialized
     */
    public static String chunkSql(String qualifiedTable, List<ColumnSpec> columns, String condition, boolean bounded) {
        return "SELECT COUNT(*), COUNT(h), "
            + "COALESCE(SUM(CRC32(SUBSTRING(h, 1, 4)) + (CRC32(SUBSTRING(h, 5, 4)) << 32)), 0), "
            + "COALESCE(SUM(CRC32(SUBSTRING(h, 9, 4)) + (CRC32(SUBSTRING(h, 13, 4)) << 32)), 0) "
            + "FROM (SELECT UNHEX(SHA1(" + rowEncoding(columns) + ")) AS h FROM " + qualifiedTable + " WHERE " + condition
            + (bounded ? " LIMIT " + ALL_ROWS : "") + ") offramp_rows";
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
        if (LONG.contains(c.dataType())) {
            return List.of("LENGTH(" + q + ")", "IF(LENGTH(" + q + ") > " + FOLDED_ABOVE + ", UNHEX(SHA1(CAST(" + q
                + " AS BINARY))), CAST(" + q + " AS BINARY))");
        }
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
