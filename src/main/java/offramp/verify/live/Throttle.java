package offramp.verify.live;

/** Holds a comparison to at most a number of rows per second, by sleeping after the chunks that ran ahead. */
final class Throttle {

    private final long maxRowsPerSecond;
    private final long started = System.nanoTime();
    private long rows;

    /** @param maxRowsPerSecond 0: no limit */
    Throttle(long maxRowsPerSecond) {
        this.maxRowsPerSecond = maxRowsPerSecond;
    }

    /** How long to wait after {@code more} rows, {@code elapsedMillis} after the start, to keep the rate. */
    static long waitMillis(long maxRowsPerSecond, long rowsSoFar, long elapsedMillis) {
        if (maxRowsPerSecond <= 0) {
            return 0;
        }
        long due = rowsSoFar * 1000 / maxRowsPerSecond;
        return Math.max(0, due - elapsedMillis);
    }

    void after(long more) throws InterruptedException {
        rows += more;
        long wait = waitMillis(maxRowsPerSecond, rows, (System.nanoTime() - started) / 1_000_000);
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
