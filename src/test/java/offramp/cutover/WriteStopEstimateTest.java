package offramp.cutover;

import offramp.text.Units;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteStopEstimateTest {

    private static final long MIB = 1024 * 1024;

    private static WriteStopEstimate estimate(long lagBytes, Double applyRate, long compareBytes, String verify) {
        CompareScope compare = verify.equals("none") ? CompareScope.nothing() : new CompareScope(compareBytes, Units.bytes(compareBytes));
        return WriteStopEstimate.of(new WriteStopEstimate.Inputs(2, 3, lagBytes, applyRate, compare, null, true));
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

    /** Tables of this many rows of 200 bytes. */
    private static List<CompareScope.TableSize> tables(int count, long rows) {
        return IntStream.range(0, count).mapToObj(i -> new CompareScope.TableSize(rows * 200, rows)).collect(Collectors.toList());
    }

    @Test
    void afterALiveVerificationTheComparisonUnderTheFenceDoesNotGrowWithTheData() {
        // The refresh rounds leave 16 changed chunks to the fence whatever the size: 200 chunks or a terabyte's 50,000.
        assertEquals(16, LiveProof.leftForTheFence(200));
        assertEquals(16, LiveProof.leftForTheFence(50_000));
        assertEquals(3, LiveProof.leftForTheFence(3));
        long left = LiveProof.leftForTheFence(200);
        CompareScope small = CompareScope.changedSinceLiveVerification(tables(4, 500_000), 100_000, left);
        CompareScope large = CompareScope.changedSinceLiveVerification(tables(40, 500_000), 100_000, left);
        assertEquals(small.bytes(), large.bytes(), "16 chunks of 100,000 rows either way");
        assertEquals(16 * 100_000L * 200, large.bytes());
        assertTrue(large.what().contains("at most 16 of 200"), large.what());
        WriteStopEstimate e = WriteStopEstimate.of(new WriteStopEstimate.Inputs(0, 3, 0, null, large, null, false));
        assertTrue(e.basis().contains("written since the live verification"), e.basis());
        CompareScope all = CompareScope.everything(tables(40, 500_000));
        assertEquals(40 * 500_000L * 200, all.bytes());
        assertTrue(all.bytes() > 10 * large.bytes());
    }

    @Test
    void fewerChunksThanTheRefreshLeavesAreComparedWholeAndASampleTakesAtMostItsChunks() {
        CompareScope tiny = CompareScope.changedSinceLiveVerification(tables(2, 1000), 100_000, 16);
        assertEquals(2 * 1000L * 200, tiny.bytes(), "two one-chunk tables: both, not 16 chunks");
        CompareScope sample = CompareScope.sample(tables(3, 1_000_000), 8, 100_000);
        assertEquals(3 * 8 * 100_000L * 200, sample.bytes());
        assertEquals(0, CompareScope.changedSinceLiveVerification(List.of(), 100_000, 16).bytes());
    }
}
