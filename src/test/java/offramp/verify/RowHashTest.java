package offramp.verify;

import offramp.catalog.ColumnSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RowHashTest {

    @Test
    void stringsHashedAsLengthAndBytesOthersAsTextWithNullFlagsAndSummedHalves() {
        List<ColumnSpec> columns = List.of(
            new ColumnSpec("id", "int", "int(11)", null, null, false, false),
            new ColumnSpec("name", "varchar", "varchar(20)", "utf8mb4", "utf8mb4_general_ci", true, false),
            new ColumnSpec("raw", "varbinary", "varbinary(8)", null, null, true, false),
            new ColumnSpec("f", "float", "float", null, null, true, false),
            new ColumnSpec("b", "bit", "bit(8)", null, null, true, false));
        assertEquals("SELECT COUNT(*), COUNT(h), "
                + "COALESCE(SUM(CRC32(SUBSTRING(h, 1, 4)) + (CRC32(SUBSTRING(h, 5, 4)) << 32)), 0), "
                + "COALESCE(SUM(CRC32(SUBSTRING(h, 9, 4)) + (CRC32(SUBSTRING(h, 13, 4)) << 32)), 0) "
                + "FROM (SELECT UNHEX(SHA1(CONCAT_WS('#', CAST(`id` AS CHAR), LENGTH(`name`), CAST(`name` AS BINARY), "
                + "LENGTH(`raw`), CAST(`raw` AS BINARY), CAST(CAST(`f` AS DOUBLE) AS CHAR), HEX(`b`), "
                + "CONCAT(ISNULL(`id`), ISNULL(`name`), ISNULL(`raw`), ISNULL(`f`), ISNULL(`b`))))) AS h "
                + "FROM `s`.`t` WHERE 1=1 LIMIT 18446744073709551615) offramp_rows",
            RowHash.chunkSql("`s`.`t`", columns, "1=1", true));
    }

    @Test
    void longValuesAreFoldedToTheirOwnDigest() {
        ColumnSpec body = new ColumnSpec("body", "longtext", "longtext", "utf8mb4", "utf8mb4_bin", true, false);
        assertEquals(List.of("LENGTH(`body`)", "IF(LENGTH(`body`) > 65535, UNHEX(SHA1(CAST(`body` AS BINARY))), "
            + "CAST(`body` AS BINARY))"), RowHash.fields(body));
    }

    @Test
    void aChunkOfUnboundedSizeIsNotMaterialized() {
        List<ColumnSpec> columns = List.of(new ColumnSpec("id", "int", "int(11)", null, null, false, false));
        assertEquals("SELECT COUNT(*), COUNT(h), "
                + "COALESCE(SUM(CRC32(SUBSTRING(h, 1, 4)) + (CRC32(SUBSTRING(h, 5, 4)) << 32)), 0), "
                + "COALESCE(SUM(CRC32(SUBSTRING(h, 9, 4)) + (CRC32(SUBSTRING(h, 13, 4)) << 32)), 0) "
                + "FROM (SELECT UNHEX(SHA1(CONCAT_WS('#', CAST(`id` AS CHAR), CONCAT(ISNULL(`id`))))) AS h "
                + "FROM `s`.`t` WHERE 1=1) offramp_rows",
            RowHash.chunkSql("`s`.`t`", columns, "1=1", false));
    }
}
