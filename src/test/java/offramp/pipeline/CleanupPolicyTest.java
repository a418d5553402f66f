package offramp.pipeline;

import offramp.pipeline.CleanupPolicy.AfterFailure;
import offramp.pipeline.CleanupPolicy.Situation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CleanupPolicyTest {

    private static AfterFailure decide(boolean created, boolean cleanedUp, boolean copyStarted, boolean verified,
                                       boolean keepsForResume) {
        return CleanupPolicy.afterFailure(new Situation(created, cleanedUp, copyStarted, verified, keepsForResume));
    }

    @Test
    void aFailureBeforeTheCopyTouchedTheTargetRemovesTheCloneAndARerunTakesANewSnapshot() {
        assertEquals(AfterFailure.REMOVE_AND_RETAKE, decide(true, false, false, false, true));
        assertEquals(AfterFailure.REMOVE_AND_RETAKE, decide(true, false, false, false, false));
    }

    @Test
    void aCopyInProgressKeepsTheCloneItResumesFrom() {
        assertEquals(AfterFailure.KEEP_FOR_RESUME, decide(true, false, true, false, true));
        // even when the record of what was made is gone: the copy still needs the clone
        assertEquals(AfterFailure.KEEP_FOR_RESUME, decide(false, false, true, false, true));
    }

    @Test
    void aCloneThatCannotStayStillIsRemovedAndTheRunCannotResume() {
        AfterFailure d = decide(true, false, true, false, false);
        assertEquals(AfterFailure.REMOVE_AND_ABANDON, d);
        assertTrue(d.removes && d.abandons && !d.retakes);
    }

    @Test
    void onceVerifiedNothingNeedsTheClone() {
        assertEquals(AfterFailure.REMOVE, decide(true, false, true, true, true));
        assertEquals(AfterFailure.REMOVE, decide(true, false, true, true, false));
    }

    @Test
    void nothingMadeOrAlreadyRemovedLeavesNothingToDo() {
        assertEquals(AfterFailure.NOTHING, decide(false, false, false, false, true));
        assertEquals(AfterFailure.NOTHING, decide(true, true, true, true, true));
        assertEquals(AfterFailure.NOTHING, decide(true, true, false, false, false));
        assertFalse(AfterFailure.NOTHING.removes);
        assertFalse(AfterFailure.KEEP_FOR_RESUME.removes);
    }

    @Test
    void everySituationHasOneDecisionAndOnlyRemovalsRemove() {
        for (int bits = 0; bits < 32; bits++) {
            boolean created = (bits & 1) != 0, cleanedUp = (bits & 2) != 0, copyStarted = (bits & 4) != 0;
            boolean verified = (bits & 8) != 0, keeps = (bits & 16) != 0;
            AfterFailure d = decide(created, cleanedUp, copyStarted, verified, keeps);
            if (d.removes) {
                assertTrue(created && !cleanedUp, "removes only what was made and not yet removed: " + bits);
            }
            if (copyStarted && !verified && keeps) {
                assertEquals(AfterFailure.KEEP_FOR_RESUME, d, "a resumable copy keeps its clone: " + bits);
            }
            if (d.abandons) {
                assertTrue(copyStarted && !verified && !keeps, "abandons only a copy whose clone moved on: " + bits);
            }
        }
    }
}
