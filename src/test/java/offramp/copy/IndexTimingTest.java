package offramp.copy;

import offramp.catalog.AddClause;
import org.junit.jupiter.api.Test;

import java.util.List;

import static offramp.copy.IndexTiming.AFTER_ROWS;
import static offramp.copy.IndexTiming.BEFORE_ROWS;
import static org.junit.jupiter.api.Assertions.assertEquals;

class IndexTimingTest {

    private static final long GIB = 1L << 30;
    private static final AddClause KEY = AddClause.ofIndex("KEY `k` (`a`)");
    private static final AddClause UNIQUE = AddClause.ofIndex("UNIQUE KEY `u` (`b`)");

    @Test
    void indexesThatFitInHalfTheBufferPoolAreBuiltBeforeTheRows() {
        assertEquals(BEFORE_ROWS, IndexTiming.of(List.of(KEY, UNIQUE), 1_000_000, 4, GIB)); // 384 MB < 512 MB
    }

    @Test
    void indexesThatWouldNotFitAreBuiltAfterTheRows() {
        assertEquals(AFTER_ROWS, IndexTiming.of(List.of(KEY, UNIQUE), 2_000_000, 4, GIB)); // 768 MB > 512 MB
        assertEquals(AFTER_ROWS, IndexTiming.of(List.of(KEY, UNIQUE), 1_000_000, 8, GIB)); // more loads at once
    }

    @Test
    void fullTextAndSpatialIndexesAreAlwaysBuiltAfterTheRows() {
        assertEquals(AFTER_ROWS, IndexTiming.of(List.of(KEY, AddClause.ofIndex("FULLTEXT KEY `f` (`t`)")), 10, 1, GIB));
        assertEquals(AFTER_ROWS, IndexTiming.of(List.of(AddClause.ofIndex("SPATIAL KEY `s` (`p`)")), 10, 1, GIB));
        assertEquals(BEFORE_ROWS, IndexTiming.of(List.of(AddClause.ofIndex("KEY `FULLTEXT ` (`t`)")), 10, 1, GIB));
    }

    @Test
    void aTableWithoutRowsOrIndexesWaitsForItsRows() {
        assertEquals(AFTER_ROWS, IndexTiming.of(List.of(KEY), 0, 1, GIB));
        assertEquals(AFTER_ROWS, IndexTiming.of(List.of(KEY), -1, 1, GIB));
        assertEquals(AFTER_ROWS, IndexTiming.of(List.of(), 1000, 1, GIB));
    }
}
