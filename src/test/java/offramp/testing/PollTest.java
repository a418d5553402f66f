package offramp.testing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PollTest {

    @Test
    void returnsTheFirstValueThatIsDoneAsSoonAsItIs() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        long start = System.nanoTime();
        int seen = Poll.until("three reads", Duration.ofSeconds(10), reads::incrementAndGet, n -> n >= 3);
        assertEquals(3, seen);
        assertEquals(3, reads.get(), "no read after the condition held");
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "no fixed wait");
    }

    @Test
    void failsAfterTheBoundNamingWhatItWaitedForAndWhatItSawLast() {
        long start = System.nanoTime();
        AssertionError e = assertThrows(AssertionError.class,
            () -> Poll.until("the replica to catch up", Duration.ofMillis(300), () -> "42 bytes behind", s -> s.isEmpty()));
        long took = System.nanoTime() - start;
        assertTrue(took >= Duration.ofMillis(300).toNanos() && took < Duration.ofSeconds(3).toNanos(), took + " ns");
        assertTrue(e.getMessage().contains("waited 0.3 s for the replica to catch up; last seen: 42 bytes behind"), e.getMessage());
    }

    @Test
    void closelyAsksEveryFewMilliseconds() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        long start = System.nanoTime();
        Poll.closely("fifteen reads", Duration.ofSeconds(10), () -> reads.incrementAndGet() >= 15);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos(), "15 reads 2 ms apart (backing off, they would take 2 s)");
        AssertionError e = assertThrows(AssertionError.class, () -> Poll.closely("never", Duration.ofMillis(50), () -> false));
        assertTrue(e.getMessage().startsWith("waited 0.05 s for never"), e.getMessage());
    }

    @Test
    void anErrorWhileAskingIsNotSwallowed() {
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Poll.until("a probe that throws",
            Duration.ofSeconds(5), () -> {
                throw new IllegalStateException("connection refused");
            }));
        assertEquals("connection refused", thrown.getMessage());
    }
}
