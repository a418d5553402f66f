package offramp.copy;

import offramp.server.Connections;
import offramp.server.Dialect;
import offramp.server.Endpoint;
import offramp.server.Queries;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The copy's watchdog. Every few seconds it asks whether anything moved: bytes streamed into the target by the
 * loads, or, while index builds run (they stream nothing), the target's InnoDB page reads and accesses, writes
 * and redo. When nothing has moved for the stall limit, it records what the target's sessions are doing, kills them, aborts
 * offramp's connections so that no worker waits on a socket, and fails the copy: a rerun resumes from the journal.
 */
final class StallWatch implements AutoCloseable {

    /** What a stalled copy fails with. */
    static final class Stalled extends SQLException {
        Stalled(String message) {
            super(message);
        }
    }

    private final Endpoint target;
    private final Dialect flavor;
    private final CopyProgress progress;
    private final Duration limit;
    private final Consumer<Exception> fail;
    private final Map<Connection, Long> connections = new ConcurrentHashMap<>();
    private final AtomicInteger indexBuilds = new AtomicInteger();
    private final AtomicReference<Connection> probe = new AtomicReference<>();
    private final Thread thread;
    private volatile long lastTargetActivity = -1;

    StallWatch(Endpoint target, Dialect flavor, CopyProgress progress, Duration limit, Duration every, Consumer<Exception> fail) {
        this.target = target;
        this.flavor = flavor;
        this.progress = progress;
        this.limit = limit;
        this.fail = fail;
        this.thread = new Thread(() -> loop(every), "copy-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /** Watches a connection: its target session (when {@code targetSession} is true) shows in a stall's report. */
    void watch(Connection c, boolean targetSession) throws SQLException {
        long id = -1;
        if (targetSession) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
                Queries.requireRow(rs, "SELECT CONNECTION_ID()");
                id = rs.getLong(1);
            }
        }
        connections.put(c, id);
    }

    void forget(Connection c) {
        connections.remove(c);
    }

    void indexBuildStarted() {
        indexBuilds.incrementAndGet();
    }

    void indexBuildEnded() {
        indexBuilds.decrementAndGet();
    }

    /** How many index builds run now; the scheduler holds huge-row loads back while any does. */
    int indexBuildsRunning() {
        return indexBuilds.get();
    }

    private void loop(Duration every) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(every.toMillis());
                if (indexBuilds.get() > 0) {
                    long activity = targetActivity();
                    if (activity != lastTargetActivity) {
                        lastTargetActivity = activity;
                        progress.markMoved();
                    }
                }
                if (progress.stalledFor().compareTo(limit) >= 0) {
                    trip();
                    return;
                }
            }
        } catch (InterruptedException done) {
            // the copy is over
        }
    }

    /** The target's InnoDB counters, summed; -1 when they cannot be read (which counts as no movement). */
    private long targetActivity() {
        try {
            Connection c = probe.get();
            if (c == null || c.isClosed()) {
                c = Connections.open(target);
                probe.set(c);
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(flavor.innodbActivityQuery())) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            closeProbe();
            return -1;
        }
    }

    private void trip() {
        Set<Long> sessions = new TreeSet<>(connections.values());
        sessions.remove(-1L);
        String diagnosis = TargetDiagnosis.describe(target, flavor, sessions);
        fail.accept(new Stalled("the copy stopped: nothing moved for " + progress.stalledFor().toSeconds() + " s (the stall "
            + "limit, --stall-seconds). What the target's sessions were doing:\n  " + diagnosis
            + "\nRerun the same command to resume from the journal."));
        killOnTarget(sessions);
        connections.keySet().forEach(c -> {
            try {
                c.abort(Runnable::run);
            } catch (SQLException ignored) {
                // closing anyway
            }
        });
    }

    /** Stops the target's side of the stalled statements, so that the server stops working for nothing. */
    private void killOnTarget(Set<Long> sessions) {
        try (Connection c = Connections.open(target); Statement s = c.createStatement()) {
            for (long id : sessions) {
                try {
                    s.execute("KILL " + id);
                } catch (SQLException gone) {
                    // the session ended meanwhile
                }
            }
        } catch (SQLException unreachable) {
            // the diagnosis says so already
        }
    }

    private void closeProbe() {
        Connection c = probe.getAndSet(null);
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // it was failing anyway
            }
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        closeProbe();
    }
}
