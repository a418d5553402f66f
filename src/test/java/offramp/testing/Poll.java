package offramp.testing;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Waits in tests for something to become true instead of sleeping a fixed time: asks again every few
 * milliseconds (doubling up to a fifth of a second; every 2 ms for {@link #closely}, to catch a moment that
 * passes quickly) and fails, naming what it waited for and what it saw last, when the bound passes.
 */
public final class Poll {

    private static final long FIRST_PAUSE_MS = 5;
    private static final long LONGEST_PAUSE_MS = 200;
    private static final long CLOSE_PAUSE_MS = 2;

    /** A question to ask again; it may throw, as a query does. */
    @FunctionalInterface
    public interface Probe<T> {
        T read() throws Exception;
    }

    private Poll() {
    }

    /** Returns once {@code condition} holds; fails with "waited N s for {@code what}" when {@code timeout} passes. */
    public static void until(String what, Duration timeout, Probe<Boolean> condition) throws Exception {
        until(what, timeout, condition, Boolean.TRUE::equals);
    }

    /**
     * Reads {@code probe} until {@code done} accepts what it read, and returns that; fails with what it waited for
     * and the last value read when {@code timeout} passes.
     */
    public static <T> T until(String what, Duration timeout, Probe<T> probe, Predicate<? super T> done) throws Exception {
        return poll(what, timeout, probe, done, FIRST_PAUSE_MS, LONGEST_PAUSE_MS);
    }

    /**
     * As {@link #until(String, Duration, Probe)}, asking every 2 ms: for a moment the test must act in before it
     * passes (a chunk just loaded, a process just frozen).
     */
    public static void closely(String what, Duration timeout, Probe<Boolean> condition) throws Exception {
        closely(what, timeout, condition, Boolean.TRUE::equals);
    }

    /** As {@link #until(String, Duration, Probe, Predicate)}, asking every 2 ms. */
    public static <T> T closely(String what, Duration timeout, Probe<T> probe, Predicate<? super T> done) throws Exception {
        return poll(what, timeout, probe, done, CLOSE_PAUSE_MS, CLOSE_PAUSE_MS);
    }

    private static <T> T poll(String what, Duration timeout, Probe<T> probe, Predicate<? super T> done, long firstPause,
                              long longestPause) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = firstPause;
        while (true) {
            T value = probe.read();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + timeout.toMillis() / 1000.0 + " s for " + what + "; last seen: " + value);
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, longestPause);
        }
    }
}
