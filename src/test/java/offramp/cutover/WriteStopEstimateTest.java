package offramp.cutover;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteStopEstimateTest {

    private static final long MIB = 1024 * 1024;

    private static WriteStopEstimate estimate(long lagBytes, Double applyRate, long compareBytes, String verify) {
        return WriteStopEstimate.of(new WriteStopEstimate.Inputs(2, 3, lagBytes, applyRate, compareBytes, null, verify, true));
    }

    @Test
    void theWaitForFIsTheLagAtTheMeasuredApplyRate() {
        WriteStopEstimate e = estimate(80 * MIB, 8.0 * MIB, 0, "full");
        assertEquals(10.0, e.phases().get("wait for F"), 1e-9);
        assertEquals(3.0, e.phases().get("proof"));
        assertTrue(e.basis().contains("(measured)"), e.basis());
        WriteStopEstimate assumed = estimate(40 * MIB, null, 0, "full");
        assertEquals(40.0 / 4, assumed.phases().get("wait for F"), 1e-9, "the default apply rate when none was measured");
        assertTrue(assumed.basis().contains("assumed"), assumed.basis());
        assertEquals(0.0, estimate(0, null, 0, "full").phases().get("wait for F"));
    }

    @Test
    void theComparisonGrowsWithTheDataUnlessSkipped() {
        assertEquals(10.0, WriteStopEstimate.estimateCompareSeconds(1000 * MIB, null), 1e-9);
        assertEquals(5.0, WriteStopEstimate.estimateCompareSeconds(1000 * MIB, 200.0 * MIB), 1e-9);
        assertEquals(10.0, estimate(0, null, 1000 * MIB, "full").phases().get("compare"), 1e-9);
        assertEquals(0.0, estimate(0, null, 1000 * MIB, "none").phases().get("compare"));
    }

    @Test
    void aBudgetShorterThanTheProofDoesNotFitAndTheMessageNamesEveryPhase() {
        WriteStopEstimate e = estimate(0, null, 0, "full");
        assertEquals(0.1 + 0.02 + 3 + 0.1 + 0.5 + 0.1, e.total(), 1e-9);
        assertFalse(e.fits(Duration.ofSeconds(2)), "the proof alone takes 3 s");
        assertFalse(e.fits(Duration.ofSeconds(3)));
        assertTrue(e.fits(Duration.ofSeconds(4)));
        String d = e.describe();
        for (String phase : WriteStopEstimate.NAMES) {
            assertTrue(d.contains(phase + " "), d);
        }
        assertTrue(d.endsWith("= 3.8 s"), d);
        assertEquals("proof 3 s", e.longest());
        assertFalse(estimate(400 * MIB, 1.0 * MIB, 0, "full").fits(Duration.ofSeconds(300)), "400 s to catch up");
    }

    @Test
    void eachPhaseIsShownBesideWhatItTook() {
        Map<String, String> lines = estimate(0, null, 0, "full").besideActual(Map.of("proving-fence", 3.2, "fencing", 0.03));
        assertEquals("estimated 3 s, took 3.2 s", lines.get("proof"));
        assertEquals("estimated 0.1 s, took 0.0 s", lines.get("fence"));
        assertEquals("estimated 0.5 s, took -", lines.get("way back"));
    }
}
