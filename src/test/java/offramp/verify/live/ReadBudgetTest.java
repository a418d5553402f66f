package offramp.verify.live;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadBudgetTest {

    @Test
    void aChunkFitsOnlyWhileTheReadStaysWithinItsLongestOpenTime() {
        ReadBudget budget = new ReadBudget(3_000);
        budget.measured(200_000, 1_000); // 200k rows/s measured
        assertEquals(500, budget.expectedMillis(100_000));
        assertTrue(budget.fits(2_500, 100_000));
        assertFalse(budget.fits(2_600, 100_000));
    }

    @Test
    void theFirstMeasurementReplacesTheGuessAndLaterOnesAreAveraged() {
        ReadBudget budget = new ReadBudget(10_000);
        assertEquals(1_000, budget.expectedMillis((long) ReadBudget.FIRST_GUESS_ROWS_PER_SECOND));
        budget.measured(50_000, 1_000);
        assertEquals(2_000, budget.expectedMillis(100_000));
        budget.measured(150_000, 1_000); // 0.7 * 50k + 0.3 * 150k = 80k rows/s
        assertEquals(1_250, budget.expectedMillis(100_000));
        budget.measured(0, 5);
        assertEquals(1_250, budget.expectedMillis(100_000), "an empty chunk says nothing of the rate");
    }

    @Test
    void theThrottleWaitsOnlyWhenTheRowsRanAheadOfTheLimit() {
        assertEquals(0, Throttle.waitMillis(0, 1_000_000, 10), "0 is no limit");
        assertEquals(900, Throttle.waitMillis(10_000, 10_000, 100));
        assertEquals(0, Throttle.waitMillis(10_000, 10_000, 1_500));
    }
}
