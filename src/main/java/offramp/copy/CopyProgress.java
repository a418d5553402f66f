package offramp.copy;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows and bytes copied, per table and overall, with the rate and an estimate of the time left from the
 * tables' row estimates. Printed as a plain line every few seconds.
 */
public final class CopyProgress {

    private final Map<String, AtomicLong> rowsByTable = new ConcurrentHashMap<>();
    private final Map<String, Long> expectedByTable = new ConcurrentHashMap<>();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final long started = System.nanoTime();
    private volatile long expectedRows;

    void expect(TableSpec table) {
        expectedByTable.put(table.id(), Math.max(0, table.rowsEstimate()));
        expectedRows = expectedByTable.values().stream().mapToLong(Long::longValue).sum();
    }

    void moved(String table, long rowCount, long byteCount) {
        rowsByTable.computeIfAbsent(table, t -> new AtomicLong()).addAndGet(rowCount);
        rows.addAndGet(rowCount);
        bytes.addAndGet(byteCount);
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

    /** One line: rows, bytes, rate, ETA, and the tables in progress. */
    public String line() {
        double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
        long r = rows.get();
        double rate = r / seconds;
        double mb = bytes.get() / 1048576.0;
        String eta = expectedRows > r && rate > 0 ? String.format("%.0f s", (expectedRows - r) / rate) : "-";
        StringBuilder s = new StringBuilder(String.format("copy: %,d of ~%,d rows, %.1f MiB, %.1f MiB/s, %,.0f rows/s, ETA %s",
            r, Math.max(r, expectedRows), mb, mb / seconds, rate, eta));
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
            .setUpdateIntervalMillis(500).showSpeed().build();
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    bar.maxHint(Math.max(expectedRows, rows.get()));
                    bar.stepTo(rows.get());
                    bar.setExtraMessage(String.format(" %.1f MiB", bytes.get() / 1048576.0));
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
