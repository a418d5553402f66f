package offramp.verify;

import offramp.catalog.ColumnSpec;
import offramp.catalog.TableSpec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RowDiffTest {

    private static final ColumnSpec ID = new ColumnSpec("id", "int", "int(11)", null, null, false, false);
    private static final ColumnSpec NAME = new ColumnSpec("name", "varchar", "varchar(20)", "utf8mb4",
        "utf8mb4_general_ci", true, false);
    private static final ColumnSpec BIN = new ColumnSpec("b", "varbinary", "varbinary(20)", null, null, true, false);
    private static final ColumnSpec LATIN = new ColumnSpec("l", "varchar", "varchar(20)", "latin1", "latin1_swedish_ci",
        true, false);
    private static final ColumnSpec BITS = new ColumnSpec("bt", "bit", "bit(8)", null, null, true, false);
    private static final ColumnSpec DATE = new ColumnSpec("d", "date", "date", null, null, true, false);
    private static final ColumnSpec DOUBLE = new ColumnSpec("f", "double", "double", null, null, true, false);
    private static final ColumnSpec GEO = new ColumnSpec("g", "geometry", "geometry", null, null, true, false);

    @Test
    void keysAreMatchedByTheirExactValues() {
        Map<String, RowLocator> source = rows("1:aa", "2:bb", "3:cc");
        Map<String, RowLocator> replica = rows("2:bb", "3:XX", "4:dd");
        assertEquals(List.of("MISSING 1 aa", "CHANGED 3 cc", "EXTRA 4 dd"), RowDiff.compareKeyed(source, replica).stream()
            .map(f -> f.kind() + " " + f.at().key().get(0) + " " + f.at().hash()).toList());
    }

    @Test
    void rowsWithoutAKeyAreCountedByHash() {
        Map<String, Long> source = new LinkedHashMap<>();
        source.put("h1", 2L);
        source.put("h2", 1L);
        Map<String, Long> replica = new LinkedHashMap<>();
        replica.put("h2", 1L);
        replica.put("h1", 1L);
        replica.put("h3", 2L);
        assertEquals(List.of("MISSING h1 1", "EXTRA h3 2"), RowDiff.compareCounts(source, replica).stream()
            .map(f -> f.kind() + " " + f.at().hash() + " " + f.count()).toList());
    }

    @Test
    void theColumnsWhoseHashesDifferAreNamed() {
        assertEquals(List.of("name"), RowDiff.differingColumns(List.of(ID, NAME, BIN), List.of("a", "b", "c"),
            List.of("a", "x", "c")));
    }

    @Test
    void valuesAreReadAndWrittenBackExactly() {
        assertEquals("HEX(`name`)", ColumnValues.read(NAME));
        assertEquals("CAST(`bt` + 0 AS CHAR)", ColumnValues.read(BITS));
        assertEquals("CAST(CAST(`f` AS DOUBLE) AS CHAR)", ColumnValues.read(DOUBLE));
        assertEquals("HEX(`g`)", ColumnValues.read(GEO));
        assertEquals("CONVERT(X'C3A9' USING utf8mb4) COLLATE utf8mb4_general_ci", ColumnValues.literal(NAME, "C3A9"));
        assertEquals("X'00FF'", ColumnValues.literal(BIN, "00FF"));
        assertEquals("NULL", ColumnValues.literal(NAME, null));
        assertEquals("255", ColumnValues.literal(BITS, "255"));
        assertEquals("1.7976931348623157e308", ColumnValues.literal(DOUBLE, "1.7976931348623157e308"));
        assertEquals("'0000-00-00'", ColumnValues.literal(DATE, "0000-00-00"));
    }

    @Test
    void valuesAreShownAsTextWhenTheyAreValidInTheirCharsetElseInHex() {
        assertEquals("é", ColumnValues.shown(NAME, "C3A9"));
        assertEquals("0xC3", ColumnValues.shown(NAME, "C3"));
        assertEquals("café", ColumnValues.shown(LATIN, "636166E9"));
        assertEquals("0x00FF", ColumnValues.shown(BIN, "00FF"));
        assertEquals("", ColumnValues.shown(NAME, ""));
        assertEquals(null, ColumnValues.shown(NAME, null));
        assertEquals("NULL", ColumnValues.shown(NAME, "4E554C4C"));
        assertEquals(ColumnValues.SHOWN + 3, ColumnValues.shown(NAME, "61".repeat(500)).length());
    }

    @Test
    void theRepairMatchesKeysByTheirLiteralsAndStartsWithoutBinlog() {
        TableSpec t = new TableSpec("app", "t", List.of(ID, NAME), List.of(ID, NAME), null, 0, 0);
        assertEquals("`id` = 7 AND `name` = CONVERT(X'61' USING utf8mb4) COLLATE utf8mb4_general_ci",
            RepairSql.keyMatch(t, new RowLocator(List.of("7", "61"), "h")));
        assertEquals("SET SESSION sql_log_bin = 0", RepairSql.header().get(0));
    }

    @Test
    void aDifferenceReadsAsOneLine() {
        LinkedHashMap<String, String> key = new LinkedHashMap<>();
        key.put("id", "7");
        key.put("name", null);
        assertEquals("app.t chunk 3: CHANGED row id='7', name=NULL (columns price)", new RowDifference("app.t", 3,
            RowDifference.Kind.CHANGED, key, List.of("price"), 1, new RowLocator(List.of(), "h")).toString());
    }

    @Test
    void inJsonADifferenceCarriesItsKeyAndColumnsNotItsLocator() throws Exception {
        LinkedHashMap<String, String> key = new LinkedHashMap<>();
        key.put("id", "7");
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(new RowDifference("app.t", 3,
            RowDifference.Kind.CHANGED, key, List.of("price"), 1, new RowLocator(List.of("7"), "abc")));
        assertEquals("{\"table\":\"app.t\",\"chunk\":3,\"kind\":\"CHANGED\",\"key\":{\"id\":\"7\"},"
            + "\"columns\":[\"price\"],\"count\":1}", json);
    }

    private static Map<String, RowLocator> rows(String... keyAndHash) {
        Map<String, RowLocator> rows = new LinkedHashMap<>();
        for (String kh : keyAndHash) {
            String[] p = kh.split(":");
            rows.put(RowDiff.identity(List.of(p[0])), new RowLocator(List.of(p[0]), p[1]));
        }
        return rows;
    }
}
