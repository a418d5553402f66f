package offramp.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GtidsTest {

    private static final String UUID = "3E11FA47-71CA-11E1-9E33-C80AA9429562";

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        0-1-1234                                                     | 1234
        0-1-1234,7-3-6                                               | 1240
        3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:7-8                 | 7
        3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:aurora:1-7          | 12
        3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5,2174B383-5441-11E8-B90A-C80AA9429562:9 | 6
        """)
    void countsTheTransactionsASetStandsFor(String text, long count) {
        assertEquals(count, Gtids.parse(text).transactionCount());
    }

    @Test
    void whitespaceAndEmptyStates() {
        assertEquals(7, Gtids.mysql(UUID + ":1-5:7-8,\n").transactionCount());
        assertTrue(Gtids.mysql("").isEmpty());
        assertTrue(Gtids.mariadb(null).isEmpty());
        assertFalse(Gtids.parse("0-1-1").isEmpty());
    }

    @Test
    void theEntriesAServerWroteItself() {
        assertEquals(List.of("0-7-3"), Gtids.parse("0-1-100,0-7-3").writtenBy(7, null));
        assertEquals(List.of(UUID + ":1-5:aurora:1-7"),
            Gtids.parse("2174b383-5441-11e8-b90a-c80aa9429562:1-100,\n" + UUID + ":1-5:aurora:1-7").writtenBy(7, UUID.toLowerCase()));
        assertEquals(List.of(), Gtids.parse(UUID + ":1-5").writtenBy(7, null));
    }

    @Test
    void mariadbPositionsCompareAsSets() {
        assertTrue(Gtids.sameMariadb("0-1-5,1-2-9", "1-2-9, 0-1-5"));
        assertFalse(Gtids.sameMariadb("0-1-5", "0-1-6"));
        assertTrue(Gtids.sameMariadb("", ""));
        assertFalse(Gtids.sameMariadb("garbage", "0-1-5"));
        assertThrows(IllegalArgumentException.class, () -> Gtids.mariadb("0-1"));
    }

    @Test
    void eachDialectReadsItsOwnForm() {
        assertEquals(1240, Dialects.MARIADB.gtids("0-1-1234,7-3-6").transactionCount());
        assertEquals(5, Dialects.MYSQL_84.gtids(UUID + ":1-5").transactionCount());
    }

    @Test
    void transactionsSinceAnEarlierStateCountOnlyTheNewOnes() {
        // A replica started from a file and position: its first transaction carries the source's whole sequence.
        assertEquals(60, Gtids.mariadb("0-1-6062").transactionsSince(Gtids.mariadb("0-1-6002")));
        assertEquals(6062, Gtids.mariadb("0-1-6062").transactionsSince(Gtids.mariadb("")), "no baseline: all of it");
        // A domain the earlier state lacks counts from its start; one the later lacks applied nothing.
        assertEquals(65, Gtids.mariadb("0-1-6062,1-2-5").transactionsSince(Gtids.mariadb("0-1-6002")));
        assertEquals(60, Gtids.mariadb("0-1-6062").transactionsSince(Gtids.mariadb("0-1-6002,1-2-5")));
        // A binlog state lists one entry per server id: the domain's highest counts.
        assertEquals(10, Gtids.mariadb("0-1-100,0-7-110").transactionsSince(Gtids.mariadb("0-1-100")));
        assertEquals(3, Gtids.mysql(UUID + ":1-8").transactionsSince(Gtids.mysql(UUID + ":1-5")));
    }
}
