package offramp.verify;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerStandingTest {

    @Test
    void aServerThatStoodStillDidNotMove() {
        assertNull(ServerStanding.moved("left", new ServerStanding("b.000001:400", null),
            new ServerStanding("b.000001:400", null)));
    }

    @Test
    void eachMoveIsNamedFromWhereToWhere() {
        Movement m = ServerStanding.moved("right (root@r:3306)", new ServerStanding("r.000002:100", "b.000007:120"),
            new ServerStanding("r.000002:900", "b.000008:4"));
        assertEquals("right (root@r:3306) moved during the comparison: binlog r.000002:100 to r.000002:900, "
            + "applied source position b.000007:120 to b.000008:4", m.toString());
        assertEquals("right (root@r:3306) moved during the comparison", m.what());
        assertEquals("left moved during the comparison: applied source position b.000001:4 to b.000001:90",
            ServerStanding.moved("left", new ServerStanding(null, "b.000001:4"), new ServerStanding(null, "b.000001:90"))
                .toString());
    }

    @Test
    void differencesAreFactsOnlyWhenBothServersStoodStill() {
        Difference d = new Difference("table a.t chunk 0 (key start to end)", "rows", "1", "2");
        Movement m = new Movement("left", List.of("binlog b.1:4 to b.1:8"));
        assertTrue(new ChecksumReport(Map.of(), 1, List.of(d), List.of()).conclusive());
        assertFalse(new ChecksumReport(Map.of(), 1, List.of(d), List.of(m)).conclusive());
        assertTrue(new ChecksumReport(Map.of(), 1, List.of(), List.of(m)).conclusive());
    }
}
