package offramp.copy;

import offramp.catalog.Chunk;
import offramp.catalog.KeyRange;
import offramp.catalog.TableDefinition;
import offramp.catalog.TableSpec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CopyPlannerTest {

    @Test
    void whatIsLeftIsEveryChunkNotDoneAndEveryChunkOfATableReloadedWhole() {
        TableSpec a = table("a", 10, 10);
        TableSpec b = table("b", 10, 10);
        TableSpec c = table("c", 10, 10);
        Map<TableSpec, List<Chunk>> plans = new LinkedHashMap<>();
        plans.put(a, chunks("app.a", 3));
        plans.put(b, chunks("app.b", 2));
        plans.put(c, chunks("app.c", 2));
        Set<String> done = Set.of("app.a#0", "app.a#2", "app.b#0", "app.b#1", "app.c#0", "app.c#1");
        Map<TableSpec, List<Chunk>> left = CopyPlanner.remaining(plans, (t, n) -> done.contains(t + "#" + n), Set.of("app.c"));
        assertEquals(List.of(a, b, c), List.copyOf(left.keySet()), "every table, in plan order");
        assertEquals(List.of(1), left.get(a).stream().map(Chunk::number).toList());
        assertEquals(List.of(), left.get(b), "a table with nothing left is listed with nothing");
        assertEquals(List.of(0, 1), left.get(c).stream().map(Chunk::number).toList());
    }

    @Test
    void theLargestTablesByEstimatedBytesComeFirst() {
        TableSpec many = table("many", 1_000_000, 10);
        TableSpec wide = table("wide", 1_000, 100_000);
        TableSpec small = table("small", 10, 0);
        TableSpec empty = table("empty", 0, 100);
        assertEquals(List.of(wide, many, small, empty), CopyPlanner.largestFirst(List.of(small, many, empty, wide)));
    }

    @Test
    void aSchemaIsCreatedOnlyWhenTheTargetLacksIt() {
        assertEquals("CREATE DATABASE IF NOT EXISTS `app` /*!40100 DEFAULT CHARACTER SET utf8mb4 */",
            CopyPlanner.ifNotExists("CREATE DATABASE `app` /*!40100 DEFAULT CHARACTER SET utf8mb4 */"));
        assertEquals("CREATE DATABASE IF NOT EXISTS `app`",
            CopyPlanner.ifNotExists("CREATE DATABASE /*!32312 IF NOT EXISTS*/ `app`"));
    }

    private static TableSpec table(String name, long rows, long avgRowLength) {
        return new TableSpec("app", name, List.of(), List.of(), new TableDefinition("", List.of(), List.of()), rows, avgRowLength);
    }

    private static List<Chunk> chunks(String table, int count) {
        return IntStream.range(0, count).mapToObj(i -> new Chunk(table, i, KeyRange.ALL)).toList();
    }
}
