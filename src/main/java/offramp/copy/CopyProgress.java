package offramp.copy;

import offramp.catalog.TableSpec;
import offramp.text.Units;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows and bytes copied, per table and overall, with the current rate (over the last interval, not the average
 * since the start) and an estimate of the time left from the tables' row estimates; "stalled for N s" when no
 * byte has moved. Printed as a plain line every few seconds.
 */
public final class CopyProgress {

    private final Map<String, AtomicLong> rowsByTable = new ConcurrentHashMap<>();
    private final Map<String, Long> expectedByTable = new ConcurrentHashMap<>();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong streamed = new AtomicLong();
    private final long started = System.nanoTime();
    private volatile long expectedRows;
    private volatile long lastMoved = System.nanoTime();
    private long intervalStart = started;
    private long intervalStreamed;
    private long intervalRows;
    private double recentRowsPerSecond;

    void expect(TableSpec table) {
        expectedByTable.put(table.id(), Math.max(0, table.rowsEstimate()));
        expectedRows = expectedByTable.values().stream().mapToLong(Long::longValue).sum();
    }

    void moved(String table, long rowCount, long byteCount) {
        rowsByTable.computeIfAbsent(table, t -> new AtomicLong()).addAndGet(rowCount);
        rows.addAndGet(rowCount);
        bytes.addAndGet(byteCount);
        lastMoved = System.nanoTime();
    }

    /** Bytes handed to the target by a load still running: the heartbeat of the loads. */
    void streamed(long byteCount) {
        streamed.addAndGet(byteCount);
        lastMoved = System.nanoTime();
    }

    /** Something moved (a byte, a row, the target's own work on an index build). */
    void markMoved() {
        lastMoved = System.nanoTime();
    }

    /** How long since anything moved. */
    public Duration stalledFor() {
        return Duration.ofNanos(System.nanoTime() - lastMoved);
    }

    public long rows() {
        return rows.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public long rows(String table) {
        AtomicLong n = rowsByTable.get(table);
        return n == null ? 0 : n.get();
    }

    /**
     * One line: rows, bytes, the rates since the previous line, ETA, "stalled for N s" when nothing moved, and
     * the tables in progress.
     */
    public synchronized String line() {
        long now = System.nanoTime();
        double seconds = Math.max(0.001, (now - intervalStart) / 1e9);
        long r = rows.get();
        long sent = streamed.get();
        double rowRate = (r - intervalRows) / seconds;
        double byteRate = (sent - intervalStreamed) / seconds;
        intervalStart = now;
        intervalRows = r;
        intervalStreamed = sent;
        // rows arrive a chunk at a time: the ETA uses a smoothed recent rate, not the average since the start
        recentRowsPerSecond = recentRowsPerSecond == 0 ? rowRate : 0.7 * recentRowsPerSecond + 0.3 * rowRate;
        long stalled = stalledFor().toSeconds();
        String eta = stalled >= 10 ? "stalled for " + stalled + " s"
            : expectedRows > r && recentRowsPerSecond > 0 ? String.format("ETA %.0f s", (expectedRows - r) / recentRowsPerSecond)
            : "ETA -";
        StringBuilder s = new StringBuilder(String.format("copy: %,d of ~%,d rows, %s, now %s/s, %,.0f rows/s, %s",
            r, Math.max(r, expectedRows), Units.mib(bytes.get()), Units.mib(byteRate), rowRate, eta));
        rowsByTable.forEach((table, n) -> {
            long expected = expectedByTable.getOrDefault(table, 0L);
            if (expected > 0 && n.get() < expected) {
                s.append(String.format("; %s %d%%", table, Math.min(99, n.get() * 100 / expected)));
            }
        });
        return s.toString();
    }

    /**
     * Shows progress until the returned handle is closed: a live bar on a terminal, otherwise {@link #line()}
     * every {@code seconds}, so logs of a run of many hours stay readable.
     */
    public AutoCloseable report(PrintStream out, int seconds) {
        if (System.console() != null && out == System.out) {
            return liveBar();
        }
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(seconds * 1000L);
                    out.println(line());
                }
            } catch (InterruptedException done) {
                // the copy is over
            }
        }, "copy-progress");
        t.setDaemon(true);
        t.start();
        return t::interrupt;
    }

    private AutoCloseable liveBar() {
        me.tongfei.progressbar.ProgressBar bar = new me.tongfei.progressbar.ProgressBarBuilder()
            .setTaskName("copy").setInitialMax(Math.max(1, expectedRows)).setUnit(" rows", 1)
            .setUpdateIntervalMillis(500).build();
        Thread t = new Thread(() -> {
            try {
                long windowStart = System.nanoTime();
                long windowStreamed = streamed.get();
                double byteRate = 0;
                while (!Thread.currentThread().isInterrupted()) {
                    bar.maxHint(Math.max(expectedRows, rows.get()));
                    bar.stepTo(rows.get());
                    long now = System.nanoTime();
                    if (now - windowStart >= 5_000_000_000L) { // the rate over the last 5 s, not since the start
                        byteRate = (streamed.get() - windowStreamed) / ((now - windowStart) / 1e9);
                        windowStart = now;
                        windowStreamed = streamed.get();
                    }
                    long stalled = stalledFor().toSeconds();
                    bar.setExtraMessage(" " + Units.mib(bytes.get()) + ", now " + Units.mib(byteRate) + "/s"
                        + (stalled >= 10 ? ", stalled for " + stalled + " s" : ""));
                    Thread.sleep(500);
                }
            } catch (InterruptedException done) {
                // the copy is over
            }
        }, "copy-progress");
        t.setDaemon(true);
        t.start();
        return () -> {
            t.interrupt();
            t.join();
            bar.stepTo(rows.get());
            bar.close();
        };
    }
}
