package offramp.snapshot;

import java.util.Map;

/** Makes a clone of the source, finds it again after an interruption, and removes what it made. */
public interface SnapshotProvider {

    /** The provider's name in the configuration. */
    String name();

    /** What the provider will do, for {@code plan}. */
    String describe();

    /** Takes the snapshot and makes the clone. */
    Clone create() throws Exception;

    /** The clone an earlier run made, from the state it journalled, ready to use again. */
    Clone resume(Map<String, String> state) throws Exception;

    /** Removes what {@link #create} made; nothing else. */
    void cleanup(Map<String, String> state) throws Exception;
}
