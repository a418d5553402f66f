package offramp.cutover;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    /** Runs the command; its output is passed on. Returns what happened; throws when it failed or overran. */
    static String run(String command, Duration timeout, Map<String, String> environment, PrintStream out)
        throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        Map<String, String> passed = environment(env, environment);
        env.clear();
        env.putAll(passed);
        Process process = builder.start();
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
