package offramp.cutover;

import com.fasterxml.jackson.databind.JsonNode;
import offramp.pipeline.Journal;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cutover's journal: the attempt in flight, each of its phases recorded before the phase's action, the
 * history of finished attempts, and which server is the primary.
 */
final class AttemptLog {

    /** Test seam: the phase after whose journal record the run stops for a while, so that a test can kill it there. */
    static final String PAUSE_PROPERTY = "offramp.cutover.pause-after";

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
        if (phase.equals(System.getProperty(PAUSE_PROPERTY))) {
            out.println("paused after '" + phase + "' (" + PAUSE_PROPERTY + ")");
            out.flush();
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
