package offramp.cutover;

import offramp.cli.Main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * {@code offramp} with AttemptLog's pause seam set: after the phase given as the first argument is recorded, the run
 * says so and stops for a while, so that a test can kill it there, or change a server there and let it go on
 * ({@link #RESUME_FILE}). The other arguments are offramp's.
 */
public final class PausedCutover {

    private PausedCutover() {
    }

    /** With this system property set to a path, the run goes on once that file exists (at most 2 minutes on). */
    public static final String RESUME_FILE = "offramp.test.resume-file";

    public static void main(String[] args) {
        String pauseAfter = args[0];
        String given = System.getProperty(RESUME_FILE, "");
        String resume = given.isEmpty() ? null : given;
        AttemptLog.afterPhase = (phase, out) -> {
            if (phase.equals(pauseAfter)) {
                out.println("paused after '" + phase + "'");
                out.flush();
                try {
                    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(resume == null ? 5 : 2);
                    while (System.nanoTime() < until && (resume == null || !Files.exists(Path.of(resume)))) {
                        Thread.sleep(50);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        System.exit(Main.run(Arrays.copyOfRange(args, 1, args.length)));
    }
}
