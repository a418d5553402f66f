package offramp.cutover;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The user's command that moves the application to the new primary (a DNS record, a proxy's backend), run by
 * {@code sh -c} with the new and old primaries in its environment, for at most its timeout.
 */
final class SwitchCommand {

    private SwitchCommand() {
    }

    /**
     * The command's environment: offramp's own, without the variables that hold offramp's passwords and settings
     * ({@code OFFRAMP_*}, {@code MYSQL_PWD}), plus the ones offramp gives it (the new and old primaries, the direction).
     */
    static Map<String, String> environment(Map<String, String> inherited, Map<String, String> given) {
        Map<String, String> env = new TreeMap<>();
        inherited.forEach((name, value) -> {
            if (!name.startsWith("OFFRAMP_") && !name.equals("MYSQL_PWD")) {
                env.put(name, value);
            }
        });
        env.putAll(given);
        return env;
    }

    /** Which process ran the command: its id and when it started, which tell it apart from a later process of the same id. */
    record Started(long pid, String startedAt) {
        static Started of(ProcessHandle process) {
            return new Started(process.pid(), process.info().startInstant().map(Instant::toString).orElse(null));
        }

        /** The process, when it still runs and is the one that was started then. */
        Optional<ProcessHandle> stillRunning() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> Objects.equals(p.info().startInstant().map(Instant::toString).orElse(null), startedAt));
        }
    }

    /** Called once the command has started, before it is waited for: the journal records it there. */
    @FunctionalInterface
    interface Recorder {
        void started(Started process) throws IOException;
    }

    /**
     * A switch command a killed run left running must not run twice at once: waits for it for at most the timeout,
     * then stops it and its children. Returns what was done, or null when it no longer runs.
     */
    static String settleOrphan(Started orphan, Duration timeout, PrintStream out) throws InterruptedException {
        Optional<ProcessHandle> running = orphan == null ? Optional.empty() : orphan.stillRunning();
        if (running.isEmpty()) {
            return null;
        }
        ProcessHandle p = running.get();
        out.println("  the switch command of the interrupted run (process " + p.pid() + ") still runs: waiting up to "
            + timeout.toSeconds() + " s for it before running it again");
        try {
            p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return "the interrupted run's switch command (process " + p.pid() + ") ended";
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.onExit().completeOnTimeout(p, 5, TimeUnit.SECONDS).join();
            String said = "the interrupted run's switch command (process " + p.pid() + ") overran " + timeout.toSeconds()
                + " s and was stopped";
            out.println("  " + said);
            return said;
        }
    }

    /** Runs the command; its output is passed on. Returns what happened; throws when it failed or overran. */
    static String run(String command, Duration timeout, Map<String, String> environment, PrintStream out)
        throws IOException, InterruptedException {
        return run(command, timeout, environment, out, started -> { });
    }

    static String run(String command, Duration timeout, Map<String, String> environment, PrintStream out, Recorder recorder)
        throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        Map<String, String> passed = environment(env, environment);
        env.clear();
        env.putAll(passed);
        Process process = builder.start();
        recorder.started(Started.of(process.toHandle()));
        process.getOutputStream().close();
        Thread pump = new Thread(() -> {
            try {
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .forEach(line -> out.println("  | " + line));
            } catch (IOException ignored) {
                // the process is gone; its exit code tells what happened
            }
        }, "switch-command-output");
        pump.setDaemon(true);
        pump.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IOException("the switch command did not finish within " + timeout.toSeconds()
                + " s (cutover.switch-timeout-seconds) and was killed");
        }
        pump.join(1000);
        if (process.exitValue() != 0) {
            throw new IOException("the switch command exited with " + process.exitValue());
        }
        return "exit 0";
    }
}
