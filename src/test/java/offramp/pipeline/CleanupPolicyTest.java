package offramp.pipeline;

import offramp.pipeline.CleanupPolicy.AfterFailure;
import offramp.pipeline.CleanupPolicy.Outcome;
import offramp.pipeline.CleanupPolicy.Situation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CleanupPolicyTest {

    private static AfterFailure decide(boolean created, boolean cleanedUp, boolean copyStarted, boolean verified,
                                       boolean keepsForResume) {
        return CleanupPolicy.afterFailure(new Situation(created, cleanedUp, copyStarted, verified, keepsForResume, false));
    }

    @Test
    void aFailureBeforeTheCopyTouchedTheTargetRemovesTheCloneAndARerunTakesANewSnapshot() {
        assertEquals(new AfterFailure(Outcome.RETAKE, true), decide(true, false, false, false, true));
        assertEquals(new AfterFailure(Outcome.RETAKE, true), decide(true, false, false, false, false));
    }

    @Test
    void aCopyInProgressKeepsTheCloneItResumesFrom() {
        assertEquals(new AfterFailure(Outcome.KEEP_FOR_RESUME, false), decide(true, false, true, false, true));
        // even when the record of what was made is gone: the copy still needs the clone
        assertEquals(new AfterFailure(Outcome.KEEP_FOR_RESUME, false), decide(false, false, true, false, true));
    }

    @Test
    void aCloneThatCannotStayStillIsRemovedAndTheRunCannotResume() {
        AfterFailure d = decide(true, false, true, false, false);
        assertEquals(new AfterFailure(Outcome.ABANDON, true), d);
        assertTrue(d.outcome().abandons && !d.outcome().retakes);
    }

    @Test
    void onceVerifiedNothingNeedsTheClone() {
        assertEquals(new AfterFailure(Outcome.DONE, true), decide(true, false, true, true, true));
        assertEquals(new AfterFailure(Outcome.DONE, true), decide(true, false, true, true, false));
    }

    @Test
    void nothingMadeOrAlreadyRemovedLeavesNothingToDo() {
        assertEquals(new AfterFailure(Outcome.NOTHING, false), decide(false, false, false, false, true));
        assertEquals(new AfterFailure(Outcome.NOTHING, false), decide(true, true, true, true, true));
        assertEquals(new AfterFailure(Outcome.NOTHING, false), decide(true, true, false, false, false));
    }

    @Test
    void keepCloneLeavesTheCloneButTheRunsRecordMovesOnAsWithout() {
        for (int bits = 0; bits < 32; bits++) {
            Situation without = situation(bits, false);
            Situation with = situation(bits, true);
            AfterFailure d = CleanupPolicy.afterFailure(with);
            assertFalse(d.removeClone(), "keep-clone never removes: " + bits);
            assertEquals(CleanupPolicy.afterFailure(without).outcome(), d.outcome(), "the same record: " + bits);
        }
        assertFalse(CleanupPolicy.removeAfterSuccess(true));
        assertTrue(CleanupPolicy.removeAfterSuccess(false));
    }

    @Test
    void everySituationHasOneDecisionAndOnlyWhatWasMadeIsRemoved() {
        for (int bits = 0; bits < 32; bits++) {
            Situation s = situation(bits, false);
            AfterFailure d = CleanupPolicy.afterFailure(s);
            assertEquals(d.outcome().releases, d.removeClone(), "without keep-clone, released means removed: " + bits);
            if (d.removeClone()) {
                assertTrue(s.created() && !s.cleanedUp(), "removes only what was made and not yet removed: " + bits);
            }
            if (s.copyStarted() && !s.verified() && s.keepsForResume()) {
                assertEquals(Outcome.KEEP_FOR_RESUME, d.outcome(), "a resumable copy keeps its clone: " + bits);
            }
            if (d.outcome().abandons) {
                assertTrue(s.copyStarted() && !s.verified() && !s.keepsForResume(),
                    "abandons only a copy whose clone moved on: " + bits);
            }
        }
    }

    private static Situation situation(int bits, boolean keepClone) {
        return new Situation((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0, (bits & 16) != 0, keepClone);
    }
}
