package offramp.catalog;

import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a key range's condition selects on a real server: exactly the keys above its lower bound and up to its
 * upper one, in the order of the key's index (its collation, its numeric type), and ranges that meet cover every
 * row once.
 */
class KeyRangeIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-key-range-it");
    private static LocalServer server;

    private static final ColumnSpec NAME = new ColumnSpec("name", "varchar", "varchar(20)", "utf8mb4", "utf8mb4_general_ci", false, false);
    private static final ColumnSpec N = new ColumnSpec("n", "bigint", "bigint(20) unsigned", null, null, false, false);
    private static final ColumnSpec AMOUNT = new ColumnSpec("amount", "decimal", "decimal(65,0) unsigned", null, null, false, false);
    private static final String MAX = "18446744073709551615";
    private static final List<String> NAMES = List.of("a", "B", "c");
    private static final List<String> NUMBERS = List.of("0", "5", "9", "10", "9007199254740992", "9007199254740993", MAX);

    /** The composite key's order: the name under utf8mb4_general_ci (case-blind for these letters), then n unsigned. */
    private static final Comparator<Key> ORDER = Comparator.comparing((Key k) -> k.name().toLowerCase(Locale.ROOT))
        .thenComparing(k -> new BigInteger(k.n()));

    private record Key(String name, String n) {
    }

    @BeforeAll
    static void tables() throws Exception {
        server = sandbox.startServer("server", ServerOptions.defaults());
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE kr");
            s.execute("CREATE TABLE kr.t (name VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci, "
                + "n BIGINT UNSIGNED, PRIMARY KEY (name, n))");
            for (String name : NAMES) {
                for (String n : NUMBERS) {
                    s.execute("INSERT INTO kr.t VALUES ('" + name + "', " + n + ")");
                }
            }
            s.execute("CREATE TABLE kr.d (amount DECIMAL(65,0) UNSIGNED PRIMARY KEY)");
            s.execute("INSERT INTO kr.d VALUES (2), (9), (10), (1" + "0".repeat(40) + "), (1" + "0".repeat(39) + "1)");
        }
    }

    @Test
    void aCompositeRangeHoldsExactlyTheKeysAboveItsLowerAndUpToItsUpperBoundInTheIndexOrder() throws Exception {
        // Up to 'b' (lower case): under the column's case-blind collation that is the rows of 'B'.
        KeyRange range = new KeyRange(List.of(hex("a"), "5"), List.of(hex("b"), "9"));
        Key lower = new Key("a", "5");
        Key upper = new Key("b", "9");
        Set<Key> expected = all(k -> ORDER.compare(k, lower) > 0 && ORDER.compare(k, upper) <= 0);
        assertEquals(Set.of(new Key("a", "9"), new Key("a", "10"), new Key("a", "9007199254740992"),
            new Key("a", "9007199254740993"), new Key("a", MAX), new Key("B", "0"), new Key("B", "5"), new Key("B", "9")), expected);
        assertEquals(expected, selected(range));
    }

    @Test
    void rangesThatMeetCoverEveryRowExactlyOnce() throws Exception {
        List<List<String>> bounds = List.of(List.of(hex("a"), "10"), List.of(hex("B"), "9007199254740992"),
            List.of(hex("c"), "0"), List.of(hex("c"), MAX));
        List<KeyRange> ranges = new ArrayList<>();
        List<String> previous = null;
        for (List<String> bound : bounds) {
            ranges.add(new KeyRange(previous, bound));
            previous = bound;
        }
        ranges.add(new KeyRange(previous, null));
        Set<Key> union = new HashSet<>();
        int total = 0;
        for (KeyRange range : ranges) {
            Set<Key> rows = selected(range);
            total += rows.size();
            union.addAll(rows);
        }
        assertEquals(all(k -> true), union, "together the ranges hold every row");
        assertEquals(NAMES.size() * NUMBERS.size(), total, "and none twice");
        assertTrue(selected(ranges.get(ranges.size() - 1)).isEmpty(), "nothing lies above the largest key");
    }

    @Test
    void bigintKeysAboveTwoToThe53AreToldApart() throws Exception {
        // Compared as a double, 2^53 + 1 equals 2^53 and the range would lose or repeat it.
        KeyRange range = new KeyRange(List.of(hex("a"), "9007199254740992"), List.of(hex("a"), "9007199254740993"));
        assertEquals(Set.of(new Key("a", "9007199254740993")), selected(range));
    }

    @Test
    void decimalKeysAreComparedAsTheirOwnTypeAtFullPrecision() throws Exception {
        // As a double, 10^40 + 1 equals 10^40; cast to DECIMAL(65,30), 10^40 would not fit.
        String big = "1" + "0".repeat(40);
        String bigPlusOne = "1" + "0".repeat(39) + "1";
        try (Connection c = server.connect()) {
            assertEquals(Set.of(bigPlusOne), values(c, "kr.d", List.of(AMOUNT), new KeyRange(List.of(big), null)));
            assertEquals(Set.of("10", big, bigPlusOne), values(c, "kr.d", List.of(AMOUNT), new KeyRange(List.of("9"), null)));
            assertEquals(Set.of("2", "9"), values(c, "kr.d", List.of(AMOUNT), new KeyRange(null, List.of("9"))));
            // Over an expression, where the server has no column type to turn a text bound into.
            assertEquals(Set.of(bigPlusOne), values(c, "(SELECT amount + 0 AS amount FROM kr.d) AS e", List.of(AMOUNT),
                new KeyRange(List.of(big), null)));
        }
    }

    @Test
    void openRangesSelectEverythingOnTheirOpenSide() throws Exception {
        assertEquals(all(k -> true), selected(KeyRange.ALL));
        assertEquals(all(k -> new BigInteger(k.n()).compareTo(BigInteger.TEN) <= 0 && k.name().equals("a")),
            selected(new KeyRange(null, List.of(hex("a"), "10"))));
        assertEquals(all(k -> !k.name().equals("a")), selected(new KeyRange(List.of(hex("a"), MAX), null)));
    }

    private static Set<Key> all(Predicate<Key> which) {
        Set<Key> keys = new HashSet<>();
        for (String name : NAMES) {
            for (String n : NUMBERS) {
                Key k = new Key(name, n);
                if (which.test(k)) {
                    keys.add(k);
                }
            }
        }
        return keys;
    }

    private static Set<Key> selected(KeyRange range) throws Exception {
        List<ColumnSpec> key = List.of(NAME, N);
        Set<Key> rows = new HashSet<>();
        try (Connection c = server.connect();
             PreparedStatement ps = c.prepareStatement("SELECT name, CAST(n AS CHAR) FROM kr.t WHERE " + range.condition(key))) {
            bind(ps, range.parameters(key));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Key(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return rows;
    }

    private static Set<String> values(Connection c, String table, List<ColumnSpec> key, KeyRange range) throws Exception {
        Set<String> values = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT CAST(" + key.get(0).quoted() + " AS CHAR) FROM " + table
            + " WHERE " + range.condition(key))) {
            bind(ps, range.parameters(key));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    private static void bind(PreparedStatement ps, List<String> parameters) throws Exception {
        for (int i = 0; i < parameters.size(); i++) {
            ps.setString(i + 1, parameters.get(i));
        }
    }

    /** A text key value as it travels: hexadecimal of its bytes. */
    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }
}
