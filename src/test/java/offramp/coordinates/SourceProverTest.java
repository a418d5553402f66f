package offramp.coordinates;

import offramp.binlog.BinlogCoordinates;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the proof says it compared, including when it compared no events. */
class SourceProverTest {

    private static final BinlogCoordinates AT = new BinlogCoordinates("mysql-bin-changelog.000002", 385);

    @Test
    void coordinatesFromElsewhereSayWhatTheProofRestsOn() {
        assertEquals("events: none compared, as the coordinates come from elsewhere (given to offramp), not from a "
                + "clone's binlog; the proof rests on the source having mysql-bin-changelog.000002 and, at 385, the start "
                + "of a transaction or the end of the file",
            SourceProver.eventsCompared(CloneCoordinates.reported(AT, "given to offramp"), 385, AT));
    }

    @Test
    void aCloneFileWithoutTransactionsSaysSoInsteadOfZeroIdenticalEvents() {
        CloneCoordinates found = new CloneCoordinates(AT, AT.file(), List.of("mysql-bin-changelog.000003"), "rule", 385,
            385, null, null, null, 2, "10.11", "gtid_binlog_pos", "0-1-5", List.of(), List.of());
        assertEquals("events: none compared, as the clone's mysql-bin-changelog.000002 holds no transaction before 385; "
                + "the proof rests on the source having mysql-bin-changelog.000002 and, at 385, the start of a transaction "
                + "or the end of the file",
            SourceProver.eventsCompared(found, 385, AT));
    }
}
