package offramp.cutover;

import offramp.pipeline.Journal;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cutover's journal: the attempt in flight, each of its phases recorded before the phase's action, the
 * history of finished attempts, and which server is the primary.
 */
final class AttemptLog {

    /** What happens once a phase is recorded, before its action. */
    @FunctionalInterface
    interface PhaseRecorded {
        PhaseRecorded NOTHING = (phase, out) -> {
        };

        void after(String phase, PrintStream out) throws IOException;
    }

    /**
     * The pause seam: nothing in production. A test that runs the cutover in a JVM of its own sets it there to stop
     * the run after a phase's record, and kills it at that point.
     */
    static volatile PhaseRecorded afterPhase = PhaseRecorded.NOTHING;

    private final Journal journal;
    private final PrintStream out;

    AttemptLog(Journal journal, PrintStream out) {
        this.journal = journal;
        this.out = out;
    }

    Journal journal() {
        return journal;
    }

    /** Records that the attempt has reached {@code phase}, before the phase's action. */
    void phase(Attempt a, String phase) throws IOException {
        a.phase = phase;
        a.phaseAtMillis.putIfAbsent(phase, System.currentTimeMillis());
        save(a);
        afterPhase.after(phase, out);
    }

    void save(Attempt a) throws IOException {
        journal.note("attempt", a);
    }

    /** The attempt a run left unfinished; null when none is in flight. */
    Attempt inFlight() {
        JsonNode node = journal.fact("attempt");
        return node.isMissingNode() || node.isNull() ? null : Journal.as(node, Attempt.class);
    }

    /** Which side takes the writes: {@code source} until a cutover moved them. */
    String primary() {
        JsonNode p = journal.fact("primary");
        return p.isMissingNode() ? "source" : p.asText();
    }

    /** The attempt's record joins the history; the journal then holds no attempt in flight. */
    void archive(Attempt a, String outcome) throws IOException {
        List<Object> history = new ArrayList<>();
        journal.fact("history").forEach(history::add);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("direction", a.direction);
        entry.put("outcome", outcome);
        entry.put("at", Instant.now().toString());
        entry.put("phase", a.phase);
        if (a.rollingBack != null) {
            entry.put("why", a.rollingBack);
        }
        entry.put("final-position", a.finalPosition);
        entry.put("t0", a.t0);
        history.add(entry);
        journal.note("history", history);
        journal.forget("attempt");
    }
}
