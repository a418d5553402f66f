package offramp.cutover;

import offramp.cli.Main;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * {@code offramp} with AttemptLog's pause seam set: after the phase given as the first argument is recorded, the run
 * says so and stops for a while, so that a test can kill it there. The other arguments are offramp's.
 */
public final class PausedCutover {

    private PausedCutover() {
    }

    public static void main(String[] args) {
        String pauseAfter = args[0];
        AttemptLog.afterPhase = (phase, out) -> {
            if (phase.equals(pauseAfter)) {
                out.println("paused after '" + phase + "'");
                out.flush();
                try {
                    Thread.sleep(TimeUnit.MINUTES.toMillis(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        System.exit(Main.run(Arrays.copyOfRange(args, 1, args.length)));
    }
}
