package offramp.verify.live;

import offramp.verify.DifferingRows;
import offramp.verify.RowDifference;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FencedComparisonTest {

    private static RowDifference changed(String table, int chunk, int id) {
        LinkedHashMap<String, String> key = new LinkedHashMap<>();
        key.put("id", String.valueOf(id));
        return new RowDifference(table, chunk, RowDifference.Kind.CHANGED, key, List.of("amount"), 1, null);
    }

    @Test
    void theRowsAreNamedInTableAndChunkOrderUpToTheLimitThenCounted() {
        List<RowDifference> second = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            second.add(changed("app.orders", 7, 700 + i));
        }
        List<String> lines = FencedComparison.named(List.of(new DifferingRows(second, false),
            new DifferingRows(List.of(changed("app.orders", 2, 200)), false)));
        assertEquals(FencedComparison.ROWS_NAMED + 1, lines.size(), lines.toString());
        assertEquals("app.orders chunk 2: CHANGED row id='200' (columns amount)", lines.get(0));
        assertEquals("and 2 more rows", lines.get(lines.size() - 1));
    }

    @Test
    void aChunkWithMoreRowsThanFoundIsSaid() {
        List<String> lines = FencedComparison.named(List.of(new DifferingRows(List.of(changed("app.t", 0, 1)), true)));
        assertEquals(List.of("app.t chunk 0: CHANGED row id='1' (columns amount)",
            "and more rows (a chunk holds more than 10)"), lines);
        assertEquals(List.of(), FencedComparison.named(List.of()));
    }
}
