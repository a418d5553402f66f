package offramp.binlog;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BinlogCoordinatesTest {

    @Test
    void parsesAndPrintsFileColonPosition() {
        BinlogCoordinates c = BinlogCoordinates.parse("mysql-bin-changelog.000695:101168877");
        assertEquals(new BinlogCoordinates("mysql-bin-changelog.000695", 101168877), c);
        assertEquals("mysql-bin-changelog.000695:101168877", c.toString());
    }

    @Test
    void ordersByFileSequenceThenPosition() {
        BinlogCoordinates a = BinlogCoordinates.parse("mysql-bin.000999:500");
        BinlogCoordinates b = BinlogCoordinates.parse("mysql-bin.001000:4");
        BinlogCoordinates c = BinlogCoordinates.parse("mysql-bin.001000:120");
        assertTrue(a.isBefore(b));
        assertTrue(b.isBefore(c));
        assertEquals(0, c.compareTo(BinlogCoordinates.parse("mysql-bin.001000:120")));
        assertEquals(1000, BinlogCoordinates.sequenceOf("mysql-bin.001000"));
    }

    @Test
    void aFileNumberedBelowTheOldestOfItsSeriesWasPurged() {
        assertTrue(BinlogCoordinates.purgedBefore("mysql-bin-changelog.000694", "mysql-bin-changelog.000695"));
        assertFalse(BinlogCoordinates.purgedBefore("mysql-bin-changelog.000695", "mysql-bin-changelog.000695"));
        assertFalse(BinlogCoordinates.purgedBefore("mysql-bin-changelog.000696", "mysql-bin-changelog.000695"));
        assertFalse(BinlogCoordinates.purgedBefore("mysql-bin.000001", "mysql-bin-changelog.000695"), "another series");
        assertFalse(BinlogCoordinates.purgedBefore("binlog", "mysql-bin.000002"), "not a numbered file");
    }

    @Test
    void refusesWhatIsNotCoordinates() {
        assertThrows(IllegalArgumentException.class, () -> BinlogCoordinates.parse("mysql-bin.000001"));
        assertThrows(IllegalArgumentException.class, () -> BinlogCoordinates.parse(":4"));
        assertThrows(IllegalArgumentException.class, () -> new BinlogCoordinates("f", -1));
    }
}
