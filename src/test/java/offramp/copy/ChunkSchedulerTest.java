package offramp.copy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkSchedulerTest {

    @Test
    void workersSpreadOverTablesBiggestFirst() {
        ChunkScheduler<String> s = new ChunkScheduler<>();
        for (int i = 0; i < 3; i++) {
            s.add("big", "big-" + i);
        }
        s.add("small", "small-0");
        var first = s.next().orElseThrow();
        var second = s.next().orElseThrow();
        assertEquals("big", first.table());
        assertEquals("small", second.table(), "a free table before a second load into a busy one");
        var third = s.next().orElseThrow();
        assertEquals("big", third.table(), "when every table is busy, the one with most left");
        s.release("big");
        s.release("small");
        s.release("big");
        assertEquals("big-2", s.next().orElseThrow().chunk());
        assertTrue(s.next().isEmpty());
    }
}
