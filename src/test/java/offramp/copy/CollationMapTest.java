package offramp.copy;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CollationMapTest {

    @Test
    void mysql8CollationsBecomeMariadbOnesAndAreReported() {
        CollationMap map = new CollationMap(true);
        assertEquals("CREATE TABLE `t` (`a` varchar(10) COLLATE utf8mb4_unicode_520_ci) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
            map.apply("CREATE TABLE `t` (`a` varchar(10) COLLATE utf8mb4_0900_ai_ci) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin"));
        assertEquals(Map.of("utf8mb4_0900_ai_ci", "utf8mb4_unicode_520_ci", "utf8mb4_0900_bin", "utf8mb4_bin"), map.mappings());
    }

    @Test
    void betweenServersThatShareCollationsNothingChanges() {
        CollationMap map = new CollationMap(false);
        String ddl = "CREATE TABLE `t` (`a` varchar(10) COLLATE utf8mb4_0900_ai_ci)";
        assertEquals(ddl, map.apply(ddl));
        assertEquals(Map.of(), map.mappings());
    }
}
