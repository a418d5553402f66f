package offramp.verify;

import offramp.catalog.ColumnSpec;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * What a chunk's digest tells apart, evaluated on a real server: tables with the same rows digest the same
 * whatever their order, and one changed value changes the digest, including the differences a text comparison
 * misses (NULL and '', a separator inside a value, case under a case-blind collation, a byte deep in a long value).
 */
class RowHashIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-row-hash-it");
    private static LocalServer server;
    private static int tables;

    private static final List<ColumnSpec> COLUMNS = List.of(
        new ColumnSpec("id", "int", "int(11)", null, null, false, false),
        new ColumnSpec("name", "varchar", "varchar(20)", "utf8mb4", "utf8mb4_general_ci", true, false),
        new ColumnSpec("raw", "varbinary", "varbinary(8)", null, null, true, false),
        new ColumnSpec("f", "float", "float", null, null, true, false),
        new ColumnSpec("b", "bit", "bit(8)", null, null, true, false),
        new ColumnSpec("body", "longtext", "longtext", "utf8mb4", "utf8mb4_bin", true, false));
    private static final String DEFINITION = "id INT PRIMARY KEY, name VARCHAR(20) CHARACTER SET utf8mb4 COLLATE "
        + "utf8mb4_general_ci, raw VARBINARY(8), f FLOAT, b BIT(8), body LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";

    /** COUNT(*), rows that could not be hashed, and the sum of a chunk. */
    private record Digest(long rows, long unhashed, String sum) {
    }

    @BeforeAll
    static void server() throws Exception {
        server = sandbox.startServer("server", ServerOptions.defaults().with("--max-allowed-packet=1G"));
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE rh");
        }
    }

    @Test
    void theSameRowsDigestTheSameInAnyOrderAndEveryRowIsCounted() throws Exception {
        Digest one = digest("(1, 'x', x'00ff', 1.5, b'101', 'text')", "(2, NULL, NULL, NULL, NULL, NULL)", "(3, '', '', 0, b'0', '')");
        Digest reordered = digest("(3, '', '', 0, b'0', '')", "(1, 'x', x'00ff', 1.5, b'101', 'text')", "(2, NULL, NULL, NULL, NULL, NULL)");
        assertEquals(one, reordered);
        assertEquals(3, one.rows());
        assertEquals(0, one.unhashed());
    }

    @Test
    void nullEmptyAndTheWordsForNullAreFourValues() throws Exception {
        List<Digest> digests = List.of(digest("(1, NULL, NULL, NULL, NULL, NULL)"), digest("(1, '', NULL, NULL, NULL, NULL)"),
            digest("(1, 'NULL', NULL, NULL, NULL, NULL)"), digest("(1, '\\\\N', NULL, NULL, NULL, NULL)"));
        assertEquals(4, digests.stream().distinct().count(), digests.toString());
        assertNotEquals(digest("(1, NULL, NULL, NULL, NULL, NULL)"), digest("(1, NULL, '', NULL, NULL, NULL)"), "binary too");
    }

    @Test
    void aSeparatorMovedAcrossTwoColumnsChangesTheDigest() throws Exception {
        assertNotEquals(digest("(1, 'a#', 'b', NULL, NULL, NULL)"), digest("(1, 'a', '#b', NULL, NULL, NULL)"));
    }

    @Test
    void aValueMovedToTheNextColumnPastANullChangesTheDigest() throws Exception {
        assertNotEquals(digest("(1, NULL, 'a', NULL, NULL, NULL)"), digest("(1, 'a', NULL, NULL, NULL, NULL)"));
    }

    @Test
    void valuesEqualUnderTheCollationButNotInBytesDiffer() throws Exception {
        assertNotEquals(digest("(1, 'abc', NULL, NULL, NULL, NULL)"), digest("(1, 'ABC', NULL, NULL, NULL, NULL)"));
        assertNotEquals(digest("(1, 'a', NULL, NULL, NULL, NULL)"), digest("(1, 'a ', NULL, NULL, NULL, NULL)"), "trailing space");
    }

    @Test
    void otherTypesDifferByValue() throws Exception {
        assertNotEquals(digest("(1, NULL, NULL, 1.5, NULL, NULL)"), digest("(1, NULL, NULL, 1.25, NULL, NULL)"));
        assertNotEquals(digest("(1, NULL, NULL, NULL, b'1', NULL)"), digest("(1, NULL, NULL, NULL, b'10', NULL)"));
        assertNotEquals(digest("(1, NULL, NULL, NULL, NULL, NULL)"), digest("(2, NULL, NULL, NULL, NULL, NULL)"));
    }

    @Test
    void aLongValueIsHashedWholeAndOneByteInItsMiddleCounts() throws Exception {
        String body = "REPEAT('x', 200000)";
        String changed = "CONCAT(REPEAT('x', 100000), 'y', REPEAT('x', 99999))";
        Digest same = digest("(1, NULL, NULL, NULL, NULL, " + body + ")");
        assertEquals(0, same.unhashed(), "a value longer than the fold limit is still hashed");
        assertEquals(same, digest("(1, NULL, NULL, NULL, NULL, " + body + ")"));
        assertNotEquals(same, digest("(1, NULL, NULL, NULL, NULL, " + changed + ")"));
    }

    private static Digest digest(String... rows) throws Exception {
        return digestOf(table(rows));
    }

    /** A new table holding these rows, given as SQL tuples. */
    private static String table(String... rows) throws Exception {
        String name = "`rh`.`t" + (++tables) + "`";
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + name + " (" + DEFINITION + ")");
            s.execute("INSERT INTO " + name + " VALUES " + String.join(", ", rows));
        }
        return name;
    }

    private static Digest digestOf(String table) throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(RowHash.chunkSql(table, COLUMNS, "1=1"))) {
            rs.next();
            BigInteger sum = rs.getBigDecimal(2).toBigIntegerExact();
            return new Digest(rs.getLong(1), RowHash.unhashed(sum), sum.toString());
        }
    }
}
