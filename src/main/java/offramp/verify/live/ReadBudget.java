package offramp.verify.live;

/**
 * How much fits in one consistent read: the comparison rate measured so far (rows per second, across both sides)
 * decides whether one more chunk can be read before the read has been open for {@code maxMillis}. Starts from a
 * cautious guess and learns from every chunk.
 */
final class ReadBudget {

    /** A guess of the rate before the first chunk is measured: a chunk rather too small than a read too long. */
    static final double FIRST_GUESS_ROWS_PER_SECOND = 100_000;

    private final long maxMillis;
    private double rowsPerSecond = FIRST_GUESS_ROWS_PER_SECOND;
    private boolean measured;

    ReadBudget(long maxMillis) {
        this.maxMillis = maxMillis;
    }

    /** Whether a chunk of about {@code rows} rows can still be read when the read has been open {@code openMillis}. */
    boolean fits(long openMillis, long rows) {
        return openMillis + expectedMillis(rows) <= maxMillis;
    }

    /** About how long a chunk of {@code rows} rows takes to compare. */
    long expectedMillis(long rows) {
        return (long) Math.ceil(Math.max(1, rows) * 1000.0 / rowsPerSecond);
    }

    /** Learns from a chunk compared: a moving average, the first measurement replacing the guess. */
    void measured(long rows, long millis) {
        if (rows <= 0) {
            return;
        }
        double rate = rows * 1000.0 / Math.max(1, millis);
        rowsPerSecond = measured ? 0.7 * rowsPerSecond + 0.3 * rate : rate;
        measured = true;
    }

    long maxMillis() {
        return maxMillis;
    }
}
