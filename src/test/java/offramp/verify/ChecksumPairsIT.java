package offramp.verify;

import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pairs of tables that hold different rows on the left and on the right, one pair per tricky case (duplicates,
 * NULL against '' against 'NULL', trailing spaces, bytes, multibyte and collation-equal strings, values that shift
 * between columns, ...), and pairs that hold the same rows as the server stores them. offramp checksum must
 * report exactly the differing ones, each with what CHECKSUM TABLE ... EXTENDED says of it.
 */
class ChecksumPairsIT {

    /** A table created alike on both servers, with {@code left} rows inserted on one and {@code right} on the other. */
    record Case(String name, String columns, List<String> left, List<String> right, boolean same) {
    }

    private static final List<Case> CASES = new ArrayList<>();

    private static void differ(String name, String columns, List<String> left, List<String> right) {
        CASES.add(new Case(name, columns, left, right, false));
    }

    private static void same(String name, String columns, List<String> left, List<String> right) {
        CASES.add(new Case(name, columns, left, right, true));
    }

    static {
        String money = "what VARCHAR(20) NULL, amount INT NULL";
        differ("dup_pair", money, List.of("('refund', 100)", "('refund', 100)"), List.of("('refund', 999999)", "('refund', 999999)"));
        differ("dup_two_pairs", "v VARCHAR(5)", List.of("('a')", "('a')", "('b')", "('b')"), List.of("('c')", "('c')", "('d')", "('d')"));
        differ("dup_multiplicity", "v VARCHAR(5)", List.of("('a')", "('a')", "('b')"), List.of("('a')", "('b')", "('b')"));
        differ("dup_four_against_two", "v VARCHAR(5)", List.of("('a')", "('a')", "('a')", "('a')", "('x')", "('x')"),
            List.of("('a')", "('a')", "('x')", "('x')", "('x')", "('x')"));
        differ("swap_between_rows", "id INT, v VARCHAR(5)", List.of("(1, 'a')", "(2, 'b')"), List.of("(1, 'b')", "(2, 'a')"));
        same("same_rows_other_order", "id INT, v VARCHAR(5)", List.of("(1, 'a')", "(2, 'b')", "(2, 'b')"),
            List.of("(2, 'b')", "(1, 'a')", "(2, 'b')"));
        String text = "v VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL";
        differ("null_vs_empty", text, List.of("(NULL)"), List.of("('')"));
        differ("null_vs_null_text", text, List.of("(NULL)"), List.of("('NULL')"));
        differ("empty_vs_null_text", text, List.of("('')"), List.of("('NULL')"));
        differ("backslash_n_vs_null", text, List.of("(NULL)"), List.of("('\\\\N')"));
        differ("varchar_trailing_space", text, List.of("('a')"), List.of("('a ')"));
        differ("varchar_case", text, List.of("('refund')"), List.of("('Refund')"));
        differ("varchar_accent", text, List.of("('resume')"), List.of("('résumé')"));
        differ("unicode_ci_sharp_s", "v VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", List.of("('strasse')"), List.of("('straße')"));
        differ("emoji", text, List.of("('🚀')"), List.of("('🚁')"));
        differ("latin1_byte", "v VARCHAR(20) CHARACTER SET latin1", List.of("(_latin1 x'636166e9')"), List.of("(_latin1 x'636166e8')"));
        same("char_trailing_space", "v CHAR(10) CHARACTER SET utf8mb4 NULL", List.of("('a')"), List.of("('a ')"));
        differ("char_leading_space", "v CHAR(10) CHARACTER SET utf8mb4 NULL", List.of("('a')"), List.of("(' a')"));
        differ("text_trailing_space", "v TEXT NULL", List.of("('a')"), List.of("('a ')"));
        String two = "a VARCHAR(10) NULL, b VARCHAR(10) NULL";
        differ("shift_separator", two, List.of("('a#', 'b')"), List.of("('a', '#b')"));
        differ("shift_empty", two, List.of("('ab', '')"), List.of("('a', 'b')"));
        differ("shift_null", two, List.of("(NULL, 'x')"), List.of("('x', NULL)"));
        differ("shift_length_prefix", two, List.of("('1', '1:a')"), List.of("('1:1', 'a')"));
        differ("varbinary_trailing_space", "v VARBINARY(10)", List.of("('a')"), List.of("('a ')"));
        differ("varbinary_zero_byte", "v VARBINARY(10)", List.of("(x'00')"), List.of("(x'0000')"));
        differ("varbinary_empty_vs_zero", "v VARBINARY(10)", List.of("('')"), List.of("(x'00')"));
        differ("varbinary_high_byte", "v VARBINARY(10)", List.of("(x'FF')"), List.of("(x'FE')"));
        same("binary_padding", "v BINARY(4)", List.of("('a')"), List.of("(x'61000000')"));
        for (int at = 0; at < 8; at++) {
            differ("blob_bit_at_" + at, "v BLOB", List.of("(x'0123456789ABCDEF')"),
                List.of("(x'" + "0123456789ABCDEF".substring(0, 2 * at) + "80" + "0123456789ABCDEF".substring(2 * at + 2) + "')"));
        }
        differ("blob_one_byte_in_64k", "v MEDIUMBLOB", List.of("(REPEAT('x', 65536))"), List.of("(CONCAT(REPEAT('x', 40000), 'y', REPEAT('x', 25535)))"));
        differ("int_null_vs_zero", "v INT NULL", List.of("(NULL)"), List.of("(0)"));
        differ("bigint_unsigned_top", "v BIGINT UNSIGNED", List.of("(18446744073709551615)"), List.of("(18446744073709551614)"));
        same("decimal_scale", "v DECIMAL(10,2)", List.of("(1.1)"), List.of("(1.10)"));
        differ("decimal_last_digit", "v DECIMAL(40,20)", List.of("(1.00000000000000000001)"), List.of("(1.00000000000000000002)"));
        differ("double_last_digit", "v DOUBLE", List.of("(0.1)"), List.of("(0.10000000000000002)"));
        differ("float_last_bit", "v FLOAT", List.of("(1.0000001)"), List.of("(1.0000002)"));
        differ("datetime_microsecond", "v DATETIME(6)", List.of("('2024-01-01 00:00:00.000001')"), List.of("('2024-01-01 00:00:00')"));
        differ("timestamp_second", "v TIMESTAMP NULL", List.of("('2024-03-31 01:30:00')"), List.of("('2024-03-31 01:30:01')"));
        differ("enum_value", "v ENUM('a','b')", List.of("('a')"), List.of("('b')"));
        differ("set_value", "v SET('x','y')", List.of("('x')"), List.of("('x,y')"));
        differ("bit_value", "v BIT(8)", List.of("(b'1')"), List.of("(b'10')"));
        // Tables with a key are cut into key ranges; the rest are one chunk.
        differ("keyed_swap", "id INT PRIMARY KEY, v VARCHAR(5)", List.of("(1, 'a')", "(2, 'b')"), List.of("(1, 'b')", "(2, 'a')"));
        differ("keyed_null_vs_empty", "id INT PRIMARY KEY, v VARCHAR(5) NULL", List.of("(1, NULL)", "(2, 'x')"), List.of("(1, '')", "(2, 'x')"));
        same("keyed_same", "id INT PRIMARY KEY, v VARCHAR(5) NULL", List.of("(1, NULL)", "(2, 'x')"), List.of("(2, 'x')", "(1, NULL)"));
        // Where every column is NOT NULL the encoding has no NULL flags: the length prefixes still keep values apart.
        String twoNotNull = "a VARCHAR(10) NOT NULL, b VARCHAR(10) NOT NULL, n INT NOT NULL";
        differ("not_null_shift_separator", twoNotNull, List.of("('a#', 'b', 1)"), List.of("('a', '#b', 1)"));
        differ("not_null_shift_empty", twoNotNull, List.of("('ab', '', 1)"), List.of("('a', 'b', 1)"));
        differ("not_null_number_into_text", twoNotNull, List.of("('1', '2', 3)"), List.of("('1', '23', 0)"));
        // The last short string column is encoded without its length: what follows it never holds the separator.
        String textThenNumber = "s VARCHAR(10) NOT NULL, n INT NULL";
        differ("last_text_swallows_number", textThenNumber, List.of("('a#1', 2)"), List.of("('a', 12)"));
        differ("last_text_against_null_number", textThenNumber, List.of("('a#1', NULL)"), List.of("('a', 1)"));
        differ("last_text_trailing_separator", textThenNumber, List.of("('a#', 1)"), List.of("('a', NULL)"));
        differ("date_day", "d DATE NOT NULL, t TIME(3) NOT NULL", List.of("('2024-01-01', '10:00:00.001')"), List.of("('2024-01-02', '10:00:00.001')"));
        differ("time_millisecond", "d DATE NOT NULL, t TIME(3) NOT NULL", List.of("('2024-01-01', '10:00:00.001')"), List.of("('2024-01-01', '10:00:00.002')"));
        differ("decimal_negative_zero_scale", "v DECIMAL(10,2) NOT NULL", List.of("(-1.50)"), List.of("(1.50)"));
        differ("json_spacing", "v JSON", List.of("('{\"a\":1}')"), List.of("('{\"a\": 1}')"));
    }

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-checksum-pairs-it");
    private static LocalServer left;
    private static LocalServer right;

    @BeforeAll
    static void twoServersWithEveryCase() throws Exception {
        left = sandbox.startServer("left", ServerOptions.defaults());
        right = sandbox.startServer("right", ServerOptions.defaults().withServerId(2));
        load(left, true);
        load(right, false);
    }

    private static void load(LocalServer server, boolean leftSide) throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES'");
            s.execute("CREATE DATABASE pairs CHARACTER SET utf8mb4");
            for (Case k : CASES) {
                s.execute("CREATE TABLE pairs." + k.name() + " (" + k.columns() + ")");
                s.execute("INSERT INTO pairs." + k.name() + " VALUES " + String.join(", ", leftSide ? k.left() : k.right()));
            }
        }
    }

    @Test
    void everyDifferingPairIsReportedAndNoIdenticalOne() throws Exception {
        ChecksumReport report = new Checksummer(left.rootEndpoint("left"), right.rootEndpoint("right"), 2, 1000)
            .compare(List.of("pairs"), List.of());
        Set<String> reported = new TreeSet<>();
        for (Difference d : report.found()) {
            reported.add(d.object().replaceFirst("^table pairs\\.(\\S+) chunk .*", "$1"));
        }
        Set<String> expected = new TreeSet<>();
        CASES.stream().filter(k -> !k.same()).forEach(k -> expected.add(k.name()));
        assertEquals(expected, reported, String.join("\n", report.differences()));
    }

    @Test
    void checksumTableAgreesOnEveryPairButTheShiftsItCannotTellApart() throws Exception {
        // The server's own whole-table checksum, over its stored rows, is the reference for "as the server stores
        // them". It concatenates a row's VARCHAR bytes without their lengths, so a byte that moves from the end of
        // one column to the start of the next escapes it; offramp's length-prefixed encoding does not.
        Set<String> differing = new TreeSet<>();
        try (Connection l = left.connect(); Connection r = right.connect()) {
            for (Case k : CASES) {
                if (!checksumTable(l, k.name()).equals(checksumTable(r, k.name()))) {
                    differing.add(k.name());
                }
            }
        }
        Set<String> expected = new TreeSet<>();
        CASES.stream().filter(k -> !k.same()).forEach(k -> expected.add(k.name()));
        expected.removeAll(Set.of("shift_empty", "shift_separator", "not_null_shift_empty", "not_null_shift_separator"));
        assertEquals(expected, differing);
    }

    private static String checksumTable(Connection c, String table) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("CHECKSUM TABLE pairs." + table + " EXTENDED")) {
            rs.next();
            return rs.getString(2);
        }
    }
}
