package offramp.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import offramp.snapshot.Removal;
import offramp.snapshot.SnapshotProvider;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clones a run was done with but could not remove wholly (an AWS call refused, a directory that would not go):
 * recorded in the journal with the provider that made them, and removed again by every later run in the same work
 * directory, before anything else, until they are gone. Without this a run that retakes its snapshot forgot the
 * first clone, and a finished run never looked at it again: a restored Aurora cluster left running for nobody.
 * Every provider's cleanup may run again on what is already gone.
 */
final class LeftoverClones {

    static final String FACT = "leftover-clones";

    private LeftoverClones() {
    }

    /** What one recorded clone is: the provider that made it, and the state it journalled. */
    record Leftover(String provider, Map<String, String> state) {
    }

    /**
     * Records the clone of {@code state} when its {@code removal} left something behind (before the state can be
     * forgotten); whether it did.
     */
    static boolean recordIfLeft(Journal journal, SnapshotProvider provider, Map<String, String> state, Removal removal)
        throws IOException {
        if (removal.complete()) {
            return false;
        }
        record(journal, provider.name(), state);
        return true;
    }

    /** Records a clone whose removal left something behind, unless it is recorded already. */
    static void record(Journal journal, String provider, Map<String, String> state) throws IOException {
        List<Leftover> all = read(journal);
        Leftover leftover = new Leftover(provider, new LinkedHashMap<>(state));
        if (!all.contains(leftover)) {
            all.add(leftover);
            journal.note(FACT, all);
        }
    }

    /** Removes each recorded clone of this provider again; keeps those still not gone, and another provider's. */
    static void retry(Journal journal, SnapshotProvider provider, PrintStream out) throws IOException {
        List<Leftover> all = read(journal);
        if (all.isEmpty()) {
            return;
        }
        List<Leftover> still = new ArrayList<>();
        for (Leftover leftover : all) {
            if (!leftover.provider().equals(provider.name())) {
                out.println("cleanup: an earlier run's " + leftover.provider() + " clone is still recorded as not removed ("
                    + leftover.state() + "); this run's snapshot provider is " + provider.name() + ", so remove it by hand");
                still.add(leftover);
                continue;
            }
            out.println("cleanup: removing again what an earlier run could not remove of its clone");
            try {
                Removal removal = provider.cleanup(leftover.state());
                FailureCleanup.print(removal, out);
                if (!removal.complete()) {
                    still.add(leftover);
                }
            } catch (Exception e) {
                out.println("cleanup: could not remove the earlier clone: " + e.getMessage() + "; the next run tries again");
                still.add(leftover);
            }
        }
        if (still.isEmpty()) {
            journal.forget(FACT);
        } else if (!still.equals(all)) {
            journal.note(FACT, still);
        }
    }

    static List<Leftover> read(Journal journal) {
        List<Leftover> all = new ArrayList<>();
        for (JsonNode node : journal.fact(FACT)) {
            all.add(Journal.as(node, Leftover.class));
        }
        return all;
    }
}
