package offramp.cutover;

import java.time.Duration;

/** The one time budget of the write stop: from the fence until the new primary opens. */
final class Budget {

    /** The budget ran out; the message says while doing what. */
    static final class Exceeded extends Exception {
        Exceeded(String message) {
            super(message);
        }
    }

    private final Duration total;
    private final long deadline;

    Budget(Duration total) {
        this.total = total;
        this.deadline = System.nanoTime() + total.toNanos();
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** Whole seconds left, at least 1 (server-side waits take whole seconds). */
    int remainingSeconds() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining().toSeconds()));
    }

    void check(String doing) throws Exceeded {
        if (deadline - System.nanoTime() <= 0) {
            throw new Exceeded("the time budget of " + total.toSeconds() + " s ran out while " + doing);
        }
    }
}
