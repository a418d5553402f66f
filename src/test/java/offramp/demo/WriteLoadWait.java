package offramp.demo;

import offramp.testing.Poll;

import java.time.Duration;

/** Waits for a write load to have written something, instead of sleeping and hoping it did. */
public final class WriteLoadWait {

    private static final Duration BOUND = Duration.ofSeconds(60);

    private WriteLoadWait() {
    }

    /** Returns once the load has committed {@code more} transactions beyond those it had committed on the call. */
    public static void committed(WriteLoad load, long more) throws Exception {
        long target = load.committedTransactions() + more;
        Poll.until("the write load to commit " + more + " more transactions", BOUND,
            load::committedTransactions, n -> n >= target);
    }
}
