package offramp.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KeyRangeTest {

    private static final ColumnSpec NAME = new ColumnSpec("name", "varchar", "varchar(20)", "utf8mb4", "utf8mb4_general_ci", false, false);
    private static final ColumnSpec N = new ColumnSpec("n", "bigint", "bigint(20) unsigned", null, null, false, false);

    @Test
    void compositeBoundsExpandToAnIndexableComparison() {
        KeyRange range = new KeyRange(List.of("61", "5"), List.of("62", "9"));
        String text = "CONVERT(UNHEX(?) USING utf8mb4) COLLATE utf8mb4_general_ci";
        assertEquals("((`name` > " + text + ") OR (`name` = " + text + " AND `n` > CAST(? AS UNSIGNED)))"
                + " AND ((`name` < " + text + ") OR (`name` = " + text + " AND `n` <= CAST(? AS UNSIGNED)))",
            range.condition(List.of(NAME, N)));
        assertEquals(List.of("61", "61", "5", "62", "62", "9"), range.parameters(List.of(NAME, N)));
    }

    @Test
    void decimalKeysAreComparedAsTheirOwnType() {
        ColumnSpec amount = new ColumnSpec("amount", "decimal", "decimal(65,0) unsigned", null, null, false, false);
        assertEquals("((`amount` > CAST(? AS DECIMAL(65,0))))", new KeyRange(List.of("1"), null).condition(List.of(amount)));
    }

    @Test
    void openRanges() {
        assertEquals("1=1", KeyRange.ALL.condition(List.of(N)));
        assertEquals("((`n` <= CAST(? AS UNSIGNED)))", new KeyRange(null, List.of("10")).condition(List.of(N)));
        assertEquals(List.of("10"), new KeyRange(List.of("10"), null).parameters(List.of(N)));
    }
}
