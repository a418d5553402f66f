package offramp.pipeline;

import offramp.snapshot.Clone;
import offramp.snapshot.Removal;
import offramp.snapshot.SnapshotProvider;
import offramp.snapshot.StateLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A clone whose removal left something behind is not forgotten: a failed run that retakes its snapshot, and a run
 * done with its clone, record it, and every later run in the work directory removes it again until it is gone.
 */
class LeftoverClonesTest {

    @TempDir
    Path workDir;

    /** A provider whose cleanup is refused a number of times (as an AWS call can be), then removes the clone. */
    private static final class Refusing implements SnapshotProvider {
        private final String name;
        private int refusals;
        final List<Map<String, String>> cleanups = new ArrayList<>();

        Refusing(String name, int refusals) {
            this.name = name;
            this.refusals = refusals;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String describe() {
            return name + " clone";
        }

        @Override
        public Clone create(StateLog log) {
            throw new UnsupportedOperationException("not taken in this test");
        }

        @Override
        public Clone resume(Map<String, String> state) {
            throw new UnsupportedOperationException("not resumed in this test");
        }

        @Override
        public Removal cleanup(Map<String, String> state) {
            cleanups.add(state);
            String cluster = state.get("created-cluster");
            if (refusals-- > 0) {
                return new Removal(List.of(), List.of("could not remove the clone cluster " + cluster
                    + ": InvalidDBClusterStateFault; remove it by hand: aws rds delete-db-cluster " + cluster));
            }
            return new Removal(List.of("deleted the clone cluster " + cluster), List.of());
        }
    }

    @Test
    void aRetakeAfterARefusedRemovalRemovesTheFirstCloneOnTheNextRun() throws Exception {
        Journal journal = Journal.open(workDir);
        new JournalStateLog(journal).put("created-cluster", "offramp-clone-1");
        journal.finish("snapshot", Map.of(), 1);
        Refusing aws = new Refusing("aurora", 1);
        StringBuilder said = new StringBuilder();

        // The snapshot failed before the copy: the run is done with the clone and a rerun takes a new one.
        FailureCleanup.after(new IllegalStateException("the clone never came up"), journal, aws, workDir, printTo(said));
        assertTrue(journal.fact("snapshot-state").isMissingNode(), "the snapshot is forgotten, so a rerun retakes it");
        assertEquals(List.of(new LeftoverClones.Leftover("aurora", Map.of("created-cluster", "offramp-clone-1"))),
            LeftoverClones.read(Journal.open(workDir)), "but the clone that is left is recorded");
        assertTrue(said.toString().contains("a rerun of the same command tries again to remove what is left, then takes "
            + "a new snapshot"), said.toString());

        // The next run removes it before anything else, and forgets it once gone.
        StringBuilder next = new StringBuilder();
        LeftoverClones.retry(Journal.open(workDir), aws, printTo(next));
        assertEquals(2, aws.cleanups.size());
        assertEquals(Map.of("created-cluster", "offramp-clone-1"), aws.cleanups.get(1));
        assertTrue(next.toString().contains("cleanup: deleted the clone cluster offramp-clone-1"), next.toString());
        assertTrue(Journal.open(workDir).fact(LeftoverClones.FACT).isMissingNode());

        LeftoverClones.retry(Journal.open(workDir), aws, printTo(new StringBuilder()));
        assertEquals(2, aws.cleanups.size(), "nothing left to remove");
    }

    @Test
    void aCloneStillRefusedStaysRecordedAndAnotherProvidersCloneIsLeftToTheDba() throws Exception {
        Journal journal = Journal.open(workDir);
        LeftoverClones.record(journal, "aurora", Map.of("created-cluster", "offramp-clone-2"));
        LeftoverClones.record(journal, "aurora", Map.of("created-cluster", "offramp-clone-2"));
        assertEquals(1, LeftoverClones.read(journal).size(), "recorded once");

        Refusing stillRefused = new Refusing("aurora", 5);
        LeftoverClones.retry(journal, stillRefused, printTo(new StringBuilder()));
        assertEquals(1, LeftoverClones.read(Journal.open(workDir)).size(), "still there: tried again next time");

        Refusing local = new Refusing("local", 0);
        StringBuilder said = new StringBuilder();
        LeftoverClones.retry(Journal.open(workDir), local, printTo(said));
        assertEquals(List.of(), local.cleanups, "a local provider does not 'remove' an Aurora cluster (it would find nothing)");
        assertTrue(said.toString().contains("an earlier run's aurora clone is still recorded as not removed"), said.toString());
        assertEquals(1, LeftoverClones.read(Journal.open(workDir)).size());
    }

    private static PrintStream printTo(StringBuilder sink) {
        return new PrintStream(new java.io.OutputStream() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                bytes.write(b);
                if (b == '\n') {
                    sink.append(bytes.toString(StandardCharsets.UTF_8));
                    bytes.reset();
                }
            }
        }, true, StandardCharsets.UTF_8);
    }
}
