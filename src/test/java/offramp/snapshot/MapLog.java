package offramp.snapshot;

import java.util.HashMap;
import java.util.Map;

/** A state log in memory, for providers tested without a journal. */
final class MapLog implements StateLog {
    private final Map<String, String> values = new HashMap<>();

    @Override
    public String get(String key) {
        return values.get(key);
    }

    @Override
    public void put(String key, String value) {
        values.put(key, value);
    }

    @Override
    public Map<String, String> all() {
        return Map.copyOf(values);
    }
}
