package offramp.pipeline;

import offramp.snapshot.StateLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The snapshot provider's record of what it created, kept in the run's journal. */
final class JournalStateLog implements StateLog {

    private static final String FACT = "snapshot-state";

    private final Journal journal;

    JournalStateLog(Journal journal) {
        this.journal = journal;
    }

    @Override
    public String get(String key) {
        var node = journal.fact(FACT).path(key);
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    @Override
    public void put(String key, String value) {
        Map<String, String> all = all();
        all.put(key, value);
        try {
            journal.note(FACT, all);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record " + key + " in the journal", e);
        }
    }

    @Override
    public Map<String, String> all() {
        Map<String, String> map = new LinkedHashMap<>();
        journal.fact(FACT).fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
