package offramp.verify;

import offramp.copy.ColumnSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RowHashTest {

    @Test
    void everyColumnHashedExactlyWithANullFlag() {
        List<ColumnSpec> columns = List.of(
            new ColumnSpec("id", "int", "int(11)", null, null, false, false),
            new ColumnSpec("name", "varchar", "varchar(20)", "utf8mb4", "utf8mb4_general_ci", true, false),
            new ColumnSpec("f", "float", "float", null, null, true, false));
        assertEquals("SELECT COUNT(*), COALESCE(BIT_XOR(CAST(CONV(SUBSTRING(h, 1, 16), 16, 10) AS UNSIGNED)), 0), "
                + "COALESCE(BIT_XOR(CAST(CONV(SUBSTRING(h, 17, 16), 16, 10) AS UNSIGNED)), 0) FROM (SELECT MD5(CONCAT_WS('#', "
                + "CAST(`id` AS CHAR), ISNULL(`id`), HEX(`name`), ISNULL(`name`), CAST(CAST(`f` AS DOUBLE) AS CHAR), ISNULL(`f`))) "
                + "AS h FROM `s`.`t` WHERE 1=1) offramp_rows",
            RowHash.chunkSql("`s`.`t`", columns, "1=1"));
    }
}
