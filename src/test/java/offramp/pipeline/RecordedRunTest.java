package offramp.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RecordedRunTest {

    @Test
    void aRunThatReplicatesIsAProvisionedReplicaNotAFault() {
        RecordedRun finished = new RecordedRun(Provision.STEPS, null);
        assertEquals(RecordedRun.Standing.PROVISIONED, finished.standing());
        assertNull(finished.resumesAt());
        RecordedRun reportMissing = new RecordedRun(List.of("preflight", "snapshot", "coordinates", "copy", "verify",
            "replicate"), null);
        assertEquals(RecordedRun.Standing.PROVISIONED, reportMissing.standing(), "caught up; cleanup and report to come");
        assertEquals("cleanup", reportMissing.resumesAt());
    }

    @Test
    void anInterruptedRunResumesAndAnAbandonedOneDoesNot() {
        assertEquals(RecordedRun.Standing.NEW, new RecordedRun(List.of(), null).standing());
        assertEquals(RecordedRun.Standing.NEW, new RecordedRun(List.of("preflight", "snapshot"), null).standing(),
            "nothing on the target yet: the checks of a new run hold");
        RecordedRun copying = new RecordedRun(List.of("preflight", "snapshot", "coordinates"), null);
        assertEquals(RecordedRun.Standing.RESUMABLE, copying.standing());
        assertEquals("copy", copying.resumesAt());
        assertEquals(RecordedRun.Standing.ABANDONED,
            new RecordedRun(List.of("preflight", "snapshot"), "the rds-replica replicates again").standing());
    }
}
