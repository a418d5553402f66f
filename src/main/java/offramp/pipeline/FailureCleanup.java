package offramp.pipeline;

import offramp.copy.CopyJournal;
import offramp.snapshot.Removal;
import offramp.snapshot.SnapshotProvider;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** After a failed run: reads where it stands, and does what {@link CleanupPolicy} decides with the clone. */
final class FailureCleanup {

    private FailureCleanup() {
    }

    static void after(Exception failure, Journal journal, SnapshotProvider provider, Path workDir, PrintStream out) {
        Map<String, String> state = new JournalStateLog(journal).all();
        CleanupPolicy.AfterFailure decision = CleanupPolicy.afterFailure(new CleanupPolicy.Situation(!state.isEmpty(),
            journal.done("cleanup"), journal.done("coordinates") && copyJournalStarted(workDir), journal.done("verify"),
            provider.keepsForResume(), provider.keepsClone()));
        CleanupPolicy.Outcome outcome = decision.outcome();
        if (outcome == CleanupPolicy.Outcome.KEEP_FOR_RESUME) {
            out.println("the clone is kept so that rerunning the same command resumes the copy: " + failure.getMessage());
        }
        if (!outcome.releases) {
            return;
        }
        try {
            String removed = "nothing (keep-clone)";
            boolean leftBehind = false;
            if (decision.removeClone()) {
                Removal removal = provider.cleanup(state);
                print(removal, out);
                removed = String.join("; ", removal.lines());
                leftBehind = LeftoverClones.recordIfLeft(journal, provider, state, removal);
            } else {
                out.println("cleanup: the clone stays in place (keep-clone); remove it by hand when done with it");
            }
            if (outcome.retakes) {
                journal.forgetSteps(List.of("snapshot", "coordinates"));
                journal.forget("snapshot-state");
                out.println("a rerun of the same command " + (leftBehind ? "tries again to remove what is left, then " : "")
                    + "takes a new snapshot");
            } else {
                journal.finish("cleanup", Map.of("removed", removed, "after", String.valueOf(failure.getMessage())), 0);
                if (leftBehind) {
                    out.println("a rerun in this work directory tries again to remove what is left");
                }
            }
            if (outcome.abandons) {
                journal.note("abandoned", "the " + provider.name() + " replicates again after the failure, so its data has "
                    + "moved on from the recorded coordinates");
                out.println("this run cannot resume: the " + provider.name() + " has moved on. Start again with a new "
                    + "work-dir and an empty target");
            }
        } catch (Exception e) {
            out.println("cleanup failed, remove the clone by hand: " + e.getMessage());
        }
    }

    /** One line per thing the provider removed, stopped or could not remove. */
    static void print(Removal removal, PrintStream out) {
        removal.lines().forEach(l -> out.println("cleanup: " + l));
    }

    /**
     * Whether the copy recorded its start. Its directory and an empty journal exist as soon as the copy takes the
     * directory's lock, before it has reached either server, so neither says the target was touched.
     */
    private static boolean copyJournalStarted(Path workDir) {
        try {
            Path journal = workDir.resolve("copy").resolve(CopyJournal.FILE);
            return Files.exists(journal) && Files.size(journal) > 0;
        } catch (IOException e) {
            return true; // when in doubt, keep what a resumed copy would need
        }
    }
}
