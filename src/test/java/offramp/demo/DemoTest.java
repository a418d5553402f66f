package offramp.demo;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DemoTest {

    @Test
    void eachComparedFigureIsNamed() {
        assertEquals("`shop`.`orders`: source 200 rows, CHECKSUM TABLE 1997591018; replica 200 rows, CHECKSUM TABLE "
            + "1997591018: identical", Demo.compared("`shop`.`orders`", "200:1997591018", "200:1997591018"));
        assertEquals("`shop`.`orders`: source 200 rows, CHECKSUM TABLE 1997591018; replica has no such table: DIFFERS",
            Demo.compared("`shop`.`orders`", "200:1997591018", null));
    }
}
