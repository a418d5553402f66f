package offramp.snapshot;

import offramp.sandbox.SandboxException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A server process stopped with SIGSTOP for a crash-consistent copy of its files, and the guard that thaws it.
 *
 * <p>The guard is a small process outside the JVM, started before the SIGSTOP. It holds the read end of a pipe
 * from offramp and sends SIGCONT when the pipe closes, which happens when offramp thaws the server itself and
 * also whenever offramp dies (kill -9, an OOM kill, a crash, a closed SSH session: the kernel closes the pipe),
 * or when the freeze has lasted {@code maxFreeze}. It ignores SIGHUP, SIGINT and SIGTERM and runs in a session
 * of its own, so the signals that end offramp's terminal do not end it too. The freeze is journalled before it
 * starts; {@link #thawLeftover} thaws, on a rerun, a server an earlier run left stopped.
 */
public final class ProcessFreeze implements AutoCloseable {

    public static final String JOURNAL_PID = "frozen-pid";
    public static final String JOURNAL_SINCE = "frozen-since";
    public static final String JOURNAL_THAWED = "thawed-at";

    /** Waits for EOF on stdin or the time limit, then thaws; exits 3 when the limit thawed the server. */
    private static final String GUARD = "trap '' HUP INT TERM PIPE\n"
        + "timeout -s KILL \"$2\" cat >/dev/null\n"
        + "limit=$?\n"
        + "kill -CONT \"$1\"\n"
        + "[ \"$limit\" -eq 0 ] || exit 3\n";

    private final long pid;
    private final Duration maxFreeze;
    private final Process guard;
    private final StateLog log;
    private final Instant since;
    private Instant thawed;

    private ProcessFreeze(long pid, Duration maxFreeze, Process guard, StateLog log, Instant since) {
        this.pid = pid;
        this.maxFreeze = maxFreeze;
        this.guard = guard;
        this.log = log;
        this.since = since;
    }

    /** Journals the freeze, starts the guard, then stops {@code pid}. */
    public static ProcessFreeze freeze(long pid, Duration maxFreeze, StateLog log) throws IOException, InterruptedException {
        if (state(pid) == null) {
            throw new SandboxException("no process " + pid + " runs: is the source server running with the pid in its pid-file?");
        }
        Instant since = Instant.now();
        log.put(JOURNAL_PID, Long.toString(pid));
        log.put(JOURNAL_SINCE, since.toString());
        Process guard = new ProcessBuilder("setsid", "sh", "-c", GUARD, "offramp-freeze-guard", Long.toString(pid),
            Long.toString(Math.max(1, maxFreeze.toSeconds())))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ProcessFreeze freeze = new ProcessFreeze(pid, maxFreeze, guard, log, since);
        try {
            signal(pid, "STOP");
            awaitStopped(pid);
        } catch (IOException | RuntimeException e) {
            freeze.close();
            throw e;
        }
        return freeze;
    }

    /** SIGSTOP is delivered asynchronously: the copy may start only once the process is really stopped. */
    private static void awaitStopped(long pid) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!isStopped(pid)) {
            if (System.nanoTime() > deadline) {
                throw new SandboxException("the source server (pid " + pid + ") did not stop within 5 s of SIGSTOP");
            }
            Thread.sleep(1);
        }
    }

    /** The process id the guard watches over, for tests and messages. */
    public long guardPid() {
        return guard.pid();
    }

    /**
     * Fails when the guard has already thawed the server because the freeze lasted longer than allowed: what was
     * copied since is not crash-consistent.
     */
    public void checkStillFrozen() {
        if (!guard.isAlive()) {
            throw new SandboxException("the source server (pid " + pid + ") was frozen for longer than "
                + "snapshot.local.max-freeze-seconds (" + maxFreeze.toSeconds() + " s), so the guard thawed it and the copy "
                + "is not crash-consistent; raise snapshot.local.max-freeze-seconds, or give snapshot.local.command a "
                + "filesystem snapshot (LVM, ZFS) that does not stop the server");
        }
    }

    /** Thaws the server through the guard, waits until it runs again, and journals the thaw. */
    @Override
    public void close() throws IOException, InterruptedException {
        OutputStream pipe = guard.getOutputStream();
        try {
            pipe.close();
        } catch (IOException alreadyGone) {
            // the guard ended on its own (the time limit): it sent SIGCONT already
        }
        if (!guard.waitFor(10, TimeUnit.SECONDS)) {
            guard.destroyForcibly();
            signal(pid, "CONT");
        }
        if (isStopped(pid)) {
            signal(pid, "CONT");
        }
        thawed = Instant.now();
        log.put(JOURNAL_THAWED, thawed.toString());
    }

    /** How long the server was stopped: until it ran again, or up to now while it is still stopped. */
    public Duration frozenFor() {
        return Duration.between(since, thawed == null ? Instant.now() : thawed);
    }

    /**
     * Thaws a server that an interrupted run left stopped: the pid the journal recorded as frozen and not
     * thawed, and the pid in the pid-file, each when it is in the stopped state. Says what it did.
     */
    public static void thawLeftover(StateLog log, Path pidFile, PrintStream out) throws IOException, InterruptedException {
        String journalled = log == null ? null : log.get(JOURNAL_PID);
        boolean unfinished = journalled != null && log.get(JOURNAL_THAWED) == null;
        if (unfinished) {
            thawIfStopped(Long.parseLong(journalled), "an interrupted run recorded freezing it at " + log.get(JOURNAL_SINCE), out);
        }
        if (pidFile != null && Files.isReadable(pidFile)) {
            try {
                thawIfStopped(Long.parseLong(Files.readString(pidFile).trim()), "it was found stopped", out);
            } catch (NumberFormatException notAPid) {
                // preflight reports an unreadable pid-file
            }
        }
        if (unfinished) {
            log.put(JOURNAL_THAWED, Instant.now().toString());
        }
    }

    private static void thawIfStopped(long pid, String why, PrintStream out) throws IOException, InterruptedException {
        if (isStopped(pid)) {
            signal(pid, "CONT");
            out.println("snapshot: the source server (pid " + pid + ") was stopped (" + why + "): sent SIGCONT, it runs again");
        }
    }

    /** True when the process is stopped by a signal (state T in /proc). */
    public static boolean isStopped(long pid) throws IOException {
        String s = state(pid);
        return "T".equals(s);
    }

    /** The one-letter state of a process from /proc/PID/stat, or null when there is no such process. */
    private static String state(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        String text;
        try {
            text = Files.readString(stat);
        } catch (NoSuchFileException gone) {
            return null;
        }
        // pid (comm) state ...: comm may hold spaces and parentheses, so read after the last ')'
        return text.substring(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
    }

    static void signal(long pid, String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new SandboxException("kill -" + name + " " + pid + " failed: is the source server running with that pid?");
        }
    }
}
