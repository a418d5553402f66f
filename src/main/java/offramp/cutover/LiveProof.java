package offramp.cutover;

import offramp.pipeline.DataDiffers;
import offramp.usage.BadUsage;
import offramp.verify.live.FencedComparison;
import offramp.verify.live.LastVerification;
import offramp.verify.live.LiveVerifier;
import offramp.verify.live.ReplicationGuard;
import offramp.verify.live.RowFindings;
import offramp.verify.live.Verified;
import offramp.verify.live.VerifyResult;
import offramp.verify.live.VerifySettings;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The proof a full cutover rests on, split so that the write stop does not grow with the data: before the fence, a
 * live verification of the new primary against the old one (the {@code verify} command's, journalled with the
 * source position each chunk was found identical at), or the last one when it is recent enough
 * ({@code --verified-within}); under the fence, {@link FencedComparison} compares only what the binlogs say changed
 * since. Each direction keeps its verification in a directory of its own in the work directory: {@code verify} (the
 * same as {@code offramp verify --config}) and {@code verify-reverse}.
 */
final class LiveProof {

    /** How long the live verification before the fence waits for a lagging target before the cutover goes on without it. */
    private static final int LAG_WAIT_SECONDS = 15;
    /** Rounds of comparing again what changed during the live verification, before the fence. */
    private static final int REFRESH_ROUNDS = 3;
    /**
     * Changed chunks few enough to leave to the comparison under the fence: a fixed number, so that what is compared
     * under the fence depends on the writes since the live verification, not on the size of the data (a share of
     * all the chunks, as this once was, grew to hundreds of chunks under the fence on a copy of a terabyte).
     */
    private static final int REFRESH_ENOUGH = 16;
    /** The rows of a chunk of the live verification. */
    static final long CHUNK_ROWS = 100_000;

    private LiveProof() {
    }

    static Path directory(Path workDir, String direction) {
        return workDir.resolve(direction.equals("forward") ? "verify" : "verify-reverse");
    }

    /**
     * Runs the live verification, or reuses the last one; returns it for the comparison under the fence.
     *
     * @throws DataDiffers when the servers differ already: nothing is fenced
     */
    static Verified before(Side from, Side to, String direction, CutoverSettings settings, Duration verifiedWithin,
                           Path workDir, List<String> rerunArguments, PrintStream out) throws Exception {
        Path dir = directory(workDir, direction);
        Files.createDirectories(dir);
        LastVerification last = LastVerification.read(dir);
        boolean reuse = FencedComparison.usable(dir) != null && last != null && last.identical() && verifiedWithin != null
            && !verifiedWithin.isZero() && Duration.between(Instant.parse(last.finished()), Instant.now()).compareTo(verifiedWithin) <= 0;
        VerifySettings vs = new VerifySettings(settings.schemas(), settings.excludeTables(), CHUNK_ROWS, 20, 2_000, 5,
            LAG_WAIT_SECONDS, 0, 20, dir, false, null);
        try (ReplicationGuard guard = ReplicationGuard.start(guardArguments(rerunArguments, direction),
            to.endpoint().password(), dir, out)) {
            LiveVerifier verifier = new LiveVerifier(from.endpoint(), to.endpoint().withRole("replica"), vs, RowFindings.NONE, guard, out);
            if (reuse) {
                out.println("== live verification: reusing the one of " + last.finished() + " (within --verified-within "
                    + verifiedWithin.toSeconds() + " s), " + dir);
            } else {
                out.println("== live verification of " + to + " against " + from + ", before anything is fenced (" + dir + ")");
                VerifyResult result = verifier.run();
                out.println("  " + (result.identical() ? "identical" : "DIFFERS") + ": " + result.tables() + " tables, "
                    + result.rows() + " rows, " + result.syncs() + " common points, " + String.format("%.1f s", result.seconds()));
                differs(result);
            }
            // The chunks written while it ran are compared again, at newer points, until few are left for the fence.
            for (int round = 1; round <= REFRESH_ROUNDS; round++) {
                int chunks = FencedComparison.usable(dir).verdicts().size();
                VerifyResult refreshed = verifier.refresh((int) leftForTheFence(chunks));
                if (refreshed == null) {
                    break;
                }
                differs(refreshed);
            }
        } catch (BadUsage | LiveVerifier.ReplicaBehind cannot) {
            // Cutover itself needs neither the privilege to pause the applier nor a replica this close: without them
            // it compares the servers as before, every table under the fence.
            out.println("  no live verification (" + cannot.getMessage() + "): every table is compared under the fence");
            return null;
        }
        return FencedComparison.usable(dir);
    }

    /** How many changed chunks the refresh rounds leave to the comparison under the fence, of this many. */
    static long leftForTheFence(long chunks) {
        return Math.min(chunks, REFRESH_ENOUGH);
    }

    private static void differs(VerifyResult result) throws DataDiffers {
        if (!result.identical()) {
            throw new DataDiffers("the live verification before the fence found the servers different, nothing was fenced: "
                + String.join("; ", result.differences().stream().map(Object::toString).toList()));
        }
    }

    /** {@code offramp verify} for the guard: the configuration and option files of this cutover's command line. */
    private static List<String> guardArguments(List<String> cutoverArguments, String direction) {
        if (cutoverArguments == null) {
            return null;
        }
        List<String> args = new ArrayList<>(List.of("verify"));
        for (int i = 0; i + 1 < cutoverArguments.size(); i++) {
            String a = cutoverArguments.get(i);
            if (a.equals("--config") || a.equals("--defaults-file") || a.equals("--defaults-extra-file")) {
                args.add(a);
                args.add(cutoverArguments.get(++i));
            }
        }
        if (!direction.equals("forward")) {
            args.add("--reverse");
        }
        return args;
    }
}
