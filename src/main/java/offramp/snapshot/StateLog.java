package offramp.snapshot;

import java.util.Map;

/**
 * Where a provider records, as it goes, every resource it creates: a rerun after a kill reads them back and
 * never makes a second snapshot or cluster, and cleanup removes exactly these.
 */
public interface StateLog {

    /** The value recorded under {@code key}, or null. */
    String get(String key);

    /** Records a value; it is on disk when this returns. */
    void put(String key, String value);

    /** Everything recorded so far. */
    Map<String, String> all();
}
