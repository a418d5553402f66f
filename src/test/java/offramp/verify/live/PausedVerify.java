package offramp.verify.live;

import offramp.cli.Main;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code offramp} with the applier's pause seam set: at the pause of the replica's applier given as the first
 * argument (1: the first) the run says so and stands still, the applier stopped, so that a test can kill it there.
 * The other arguments are offramp's.
 */
public final class PausedVerify {

    private PausedVerify() {
    }

    public static void main(String[] args) {
        int at = Integer.parseInt(args[0]);
        AtomicInteger pauses = new AtomicInteger();
        Applier.whilePaused = () -> {
            if (pauses.incrementAndGet() < at) {
                return;
            }
            System.out.println("seam: the applier is paused, waiting to be killed");
            System.out.flush();
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        System.exit(Main.run(Arrays.copyOfRange(args, 1, args.length)));
    }
}
